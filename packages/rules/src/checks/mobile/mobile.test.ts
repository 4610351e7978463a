// Table-driven tests of the `mobile` check: every row of the catalogue's §1.2 experiment (88 inputs),
// the PH-01…07 vectors, and the NORM-03 formats. `max` columns are asserted too, so a metadata bump
// that changes China's behaviour shows up here.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import type { CheckContext } from '../../types.ts';
import { checkMobile } from './mobile.ts';
import { DEFAULT_MOBILE_PARAMS, MobileParamsSchema } from './params.ts';

const ctx = (landline = ''): CheckContext => ({
  record: {
    customer_no: 'C1',
    name: '张三',
    customer_type: 'residential',
    cert_type: 'resident_id',
    cert_no: '',
    mobile: '',
    landline,
    address: '',
  },
});
const check = (v: string, params = DEFAULT_MOBILE_PARAMS, c = ctx()) => checkMobile(v, params, c);
const codeOf = (v: string, params = DEFAULT_MOBILE_PARAMS) => {
  const i = check(v, params);
  return i ? `${i.code}:${i.severity}` : 'ok';
};
const max = (v: string) => {
  const p = parsePhoneNumberFromString(v, 'CN');
  return p?.isValid() ? (p.getType() ?? 'valid') : 'invalid';
};

// §1.2, one row per input: [input, max verdict, engine code:severity].
const EXPERIMENT: [string, string, string][] = [
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'].map(
    (s): [string, string, string] => [`${s}12345678`, 'MOBILE', 'ok'],
  ),
  ['13491234567', 'MOBILE', 'mobile.satellite:info'],
  ...['140', '141', '142', '143', '144', '146', '148'].map((s): [string, string, string] => [
    `${s}12345678`,
    'invalid',
    'mobile.unallocated:error',
  ]),
  ['14512345678', 'MOBILE', 'mobile.data_card:warning'],
  ['14712345678', 'MOBILE', 'mobile.data_card:warning'],
  ['14912345678', 'invalid', 'mobile.data_card:warning'],
  ...['1410123456789', '1440123456789', '1460123456789', '1480123456789'].map(
    (s): [string, string, string] => [s, 'invalid', 'mobile.iot_13:error'],
  ),
  ...['150', '153', '155', '157'].map((s): [string, string, string] => [`${s}12345678`, 'MOBILE', 'ok']),
  ['15412345678', 'invalid', 'mobile.unallocated:error'],
  ...['160', '161', '163', '164', '168', '169'].map((s): [string, string, string] => [
    `${s}12345678`,
    'invalid',
    'mobile.unallocated:error',
  ]),
  ['16101234567', 'MOBILE', 'ok'],
  ['16212345678', 'MOBILE', 'mobile.mvno:info'],
  ['16512345678', 'MOBILE', 'mobile.mvno:info'],
  ['16612345678', 'MOBILE', 'ok'],
  ['16712345678', 'MOBILE', 'mobile.mvno:info'],
  ['17001234567', 'MOBILE', 'mobile.mvno:info'],
  ['17031234567', 'MOBILE', 'mobile.mvno:info'],
  ['17041234567', 'MOBILE', 'mobile.mvno:info'],
  ['17112345678', 'MOBILE', 'mobile.mvno:info'],
  ['17212345678', 'MOBILE', 'ok'],
  ['17312345678', 'MOBILE', 'ok'],
  ['17400123456', 'MOBILE', 'mobile.satellite:info'],
  ['17406123456', 'invalid', 'mobile.emergency:error'],
  ['17491234567', 'invalid', 'mobile.satellite:info'],
  ...['175', '176', '177', '178'].map((s): [string, string, string] => [`${s}12345678`, 'MOBILE', 'ok']),
  ['17912345678', 'invalid', 'mobile.unallocated:error'],
  ...['180', '184', '185', '189'].map((s): [string, string, string] => [`${s}12345678`, 'MOBILE', 'ok']),
  ...['190', '191', '192', '193', '195', '196', '197', '198', '199'].map((s): [string, string, string] => [
    `${s}12345678`,
    'MOBILE',
    'ok',
  ]),
  ['19412345678', 'invalid', 'mobile.unallocated:error'],
  ...['100', '110', '120'].map((s): [string, string, string] => [
    `${s}12345678`,
    'invalid',
    'mobile.unallocated:error',
  ]),
  ['13800000000', 'MOBILE', 'mobile.placeholder:error'],
  ['13888888888', 'MOBILE', 'mobile.placeholder:error'],
  ['18888888888', 'MOBILE', 'mobile.placeholder:error'],
  ['11111111111', 'invalid', 'mobile.placeholder:error'],
  ['12345678901', 'invalid', 'mobile.placeholder:error'],
  ['1381234567', 'invalid', 'mobile.length:error'],
  ['138123456789', 'invalid', 'mobile.length:error'],
  ['138-1234-5678', 'MOBILE', 'mobile.format:info'],
  ['+86 138 1234 5678', 'MOBILE', 'mobile.format:info'],
  ['008613812345678', 'MOBILE', 'mobile.format:info'],
  ['+8613812345678', 'MOBILE', 'mobile.format:info'],
  ['8613812345678', 'MOBILE', 'mobile.format:info'],
  ['013812345678', 'MOBILE', 'mobile.format:info'],
  ['１３８１２３４５６７８', 'MOBILE', 'mobile.format:info'],
  ['138 1234 5678 ', 'MOBILE', 'mobile.format:info'],
  ['10640123456789', 'invalid', 'mobile.length:error'],
];

// The experiment's synthetic subscriber digits (…12345678) are themselves an ascending run (a
// placeholder warning, tested below); switch that rule off here so each row shows its segment class.
const NO_RUNS = MobileParamsSchema.parse({ ascendingRunMin: 0 });

describe('mobile: catalogue §1.2 experiment', () => {
  it('has all 88 inputs', () => expect(EXPERIMENT.length).toBe(88));
  it.each(EXPERIMENT)('%s: max %s, engine %s', (input, maxVerdict, expected) => {
    expect(max(input)).toBe(maxVerdict);
    expect(codeOf(input, NO_RUNS)).toBe(expected);
  });
  it('suggests the 11 digits for every odd format of 13812345678', () => {
    for (const [input] of EXPERIMENT.filter(([, , e]) => e === 'mobile.format:info'))
      expect(check(input, NO_RUNS)?.suggested, input).toBe('13812345678');
  });
});

describe('mobile: PH-01…07 vectors (§1.4)', () => {
  it.each([
    ['13987712345', 'ok'],
    ['19270315926', 'ok'],
    ['16107031592', 'ok'],
    ['16270315926', 'mobile.mvno:info'],
    ['17070315926', 'mobile.mvno:info'],
    ['14970315926', 'mobile.data_card:warning'],
    ['14570315926', 'mobile.data_card:warning'],
    ['13497031592', 'mobile.satellite:info'],
    ['17497031592', 'mobile.satellite:info'],
    ['1440703159261', 'mobile.iot_13:error'],
    ['19470315926', 'mobile.unallocated:error'],
    ['15470315926', 'mobile.unallocated:error'],
    ['14070315926', 'mobile.unallocated:error'],
    ['17406031592', 'mobile.emergency:error'],
    ['13800138000', 'mobile.placeholder:error'],
    ['13988888888', 'mobile.placeholder:error'],
    ['13812345678', 'mobile.placeholder:warning'],
    ['13898765432', 'mobile.placeholder:warning'],
    ['00000000000', 'mobile.placeholder:error'],
    ['530426196503121012', 'mobile.looks_like_id:error'],
    ['530426650312101', 'mobile.looks_like_id:error'],
    ['95598', 'mobile.service_number:error'],
    ['0871-95598', 'mobile.service_number:error'],
    ['400-882-5598', 'mobile.service_number:error'],
    ['不详', 'mobile.unparseable:error'],
    ['+1 202 555 0143', 'mobile.foreign:warning'],
    ['13812345678/0871-65123456', 'mobile.multiple:warning'],
    ['0877-0345678', 'mobile.invalid:error'],
  ])('%s → %s', (input, expected) => expect(codeOf(input)).toBe(expected));

  it('names the placeholder reason', () => {
    expect(check('13988888888')?.params).toMatchObject({ reason: 'tail_same' });
    expect(check('22222222222')?.params).toMatchObject({ reason: 'repdigit' });
    expect(check('13812345678')?.params).toMatchObject({ reason: 'ascending_run' });
  });

  it('keeps the first mobile of a multi-number field as the suggestion', () => {
    expect(check('0871-65123456 13907701234')).toMatchObject({
      code: 'mobile.multiple',
      suggested: '13907701234',
    });
  });
});

describe('mobile: a landline in the mobile field (PH-05)', () => {
  it('suggests moving it when the landline field is empty', () => {
    expect(check('0877-2345678')).toEqual({
      code: 'mobile.is_landline',
      params: { landline: '0877-2345678', action: 'move' },
      severity: 'warning',
    });
  });
  it('asks for review when the landline field is taken', () => {
    expect(check('(0871)65123456', DEFAULT_MOBILE_PARAMS, ctx('0871-63000000'))?.params).toMatchObject({
      landline: '0871-65123456',
      action: 'review',
    });
  });
  it('treats a bare local number the same way', () =>
    expect(codeOf('2345678')).toBe('mobile.is_landline:warning'));
});

describe('mobile: params', () => {
  it('returns undefined for an empty value unless flagEmpty', () => {
    expect(check('')).toBeUndefined();
    expect(check('   ')).toBeUndefined();
    expect(check('', MobileParamsSchema.parse({ flagEmpty: true }))?.code).toBe('mobile.empty');
  });
  it('accepts a newly opened segment from extraSegments', () => {
    const p = MobileParamsSchema.parse({ extraSegments: [{ class: 'MOBILE', prefixes: ['1612'] }] });
    expect(check('16121234567')).toMatchObject({ code: 'mobile.unallocated' });
    expect(check('16121234567', p)).toBeUndefined();
  });
  it('tunes class severities and placeholder thresholds', () => {
    const p = MobileParamsSchema.parse({
      classSeverity: { MVNO: 'pass', DATA_CARD: 'error' },
      ascendingRunMin: 0,
      extraPlaceholders: ['13907700000'],
    });
    expect(check('17012345678', p)).toBeUndefined();
    expect(check('14912345678', p)?.severity).toBe('error');
    expect(check('13812345678', p)).toBeUndefined();
    expect(check('13907700000', p)).toMatchObject({
      code: 'mobile.placeholder',
      params: { reason: 'known' },
    });
  });
  it('refuses bad params', () => {
    expect(
      MobileParamsSchema.safeParse({ extraSegments: [{ class: 'MOBILE', prefixes: ['2x'] }] }).success,
    ).toBe(false);
    expect(MobileParamsSchema.safeParse({ tailSameMin: -1 }).success).toBe(false);
    expect(MobileParamsSchema.safeParse({ unknown: 1 }).success).toBe(false);
  });
  it('attaches the canonical form to a non-error issue on an oddly written number', () => {
    // MVNO (info) and the format fix (info) tie: the segment class is reported, with the fix attached.
    expect(check('+86 170 7031 5926')).toMatchObject({
      code: 'mobile.mvno',
      severity: 'info',
      suggested: '17070315926',
    });
    expect(check('+86 139 8771 2345')).toMatchObject({
      code: 'mobile.format',
      severity: 'info',
      suggested: '13987712345',
    });
    expect(check('149-1234-5678')).toMatchObject({ code: 'mobile.data_card', suggested: '14912345678' });
    expect(check('138-0013-8000')?.suggested).toBeUndefined();
  });
});
