// Table-driven tests of the `landline` check: the catalogue's §2 table (observed with /max) and the
// LL-01…06 vectors. The max column is asserted too, so a metadata bump shows up here.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import type { CheckContext, CustomerRecord } from '../../types.ts';
import { checkLandline } from './landline.ts';
import { DEFAULT_LANDLINE_PARAMS, LandlineParamsSchema } from './params.ts';

const ctx = (over: Partial<CustomerRecord> = {}): CheckContext => ({
  record: {
    customer_no: 'C1',
    name: '张三',
    customer_type: 'non_residential',
    cert_type: 'uscc',
    cert_no: '',
    mobile: '',
    landline: '',
    address: '',
    ...over,
  },
});
const check = (v: string, c = ctx(), params = DEFAULT_LANDLINE_PARAMS) => checkLandline(v, params, c);
const codeOf = (v: string, c = ctx()) => {
  const i = check(v, c);
  return i ? `${i.code}:${i.severity}` : 'ok';
};
const max = (v: string) => {
  const p = parsePhoneNumberFromString(v, 'CN');
  return p?.isValid() ? (p.getType() ?? 'valid') : 'invalid';
};

// §2 "Observed with /max": [input, max, engine, suggested?]
const OBSERVED: [string, string, string, string?][] = [
  ['0877-2345678', 'FIXED_LINE', 'ok'],
  ['08772345678', 'FIXED_LINE', 'landline.format:info', '0877-2345678'],
  ['(0877)2345678', 'FIXED_LINE', 'landline.format:info', '0877-2345678'],
  ['0877 234 5678', 'FIXED_LINE', 'landline.format:info', '0877-2345678'],
  ['0877-23456789', 'invalid', 'landline.length:error'],
  ['0871-65123456', 'FIXED_LINE', 'ok'],
  ['(0871)65123456', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['087165123456', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['0871-6512345', 'invalid', 'landline.length:error'],
  ['010-62345678', 'FIXED_LINE', 'ok'],
  ['021-62345678', 'FIXED_LINE', 'ok'],
  ['020-81234567', 'FIXED_LINE', 'ok'],
  ['023-61234567', 'FIXED_LINE', 'ok'],
  ['0755-81234567', 'FIXED_LINE', 'ok'],
  ['0512-61234567', 'FIXED_LINE', 'ok'],
  ['010-12345678', 'FIXED_LINE', 'landline.local_first_digit:error'],
  ['0877-0345678', 'FIXED_LINE', 'landline.local_first_digit:error'],
  ['0877-1345678', 'FIXED_LINE', 'landline.local_first_digit:error'],
  ['0877-9345678', 'FIXED_LINE', 'landline.local_first_digit:error'],
  ['2345678', 'invalid', 'landline.missing_area_code:error'],
  ['6512345', 'invalid', 'landline.missing_area_code:error'],
  ['65123456', 'invalid', 'landline.missing_area_code:error'],
  ['0871-65123456 ext. 8001', 'FIXED_LINE', 'landline.extension:info', '0871-65123456-8001'],
  ['0871-65123456#8001', 'FIXED_LINE', 'landline.extension:info', '0871-65123456-8001'],
  ['0871-65123456x8001', 'FIXED_LINE', 'landline.extension:info', '0871-65123456-8001'],
  ['0871-65123456-8001', 'invalid', 'landline.extension:info'],
  ['0871-65123456转8001', 'invalid', 'landline.extension:info', '0871-65123456-8001'],
  ['+86 871 6512 3456', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['+86 0871 65123456', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['0086-871-65123456', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['86-871-65123456', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['+86-10-62345678', 'FIXED_LINE', 'landline.format:info', '010-62345678'],
  ['０８７１－６５１２３４５６', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['（０８７１）６５１２３４５６', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['0871—65123456', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['0871一65123456', 'invalid', 'landline.format:info', '0871-65123456'],
  ['400-123-4567', 'SHARED_COST', 'landline.service_number:error'],
  ['800-123-4567', 'TOLL_FREE', 'landline.service_number:error'],
  ['95598', 'invalid', 'landline.service_number:error'],
  ['10086', 'invalid', 'landline.service_number:error'],
  ['114', 'invalid', 'landline.service_number:error'],
  ['12345', 'invalid', 'landline.service_number:error'],
  ['0871-95598', 'FIXED_LINE', 'landline.service_number:error'],
  ['13812345678/0871-65123456', 'invalid', 'landline.multiple:warning'],
  ['0871-65123456 13812345678', 'invalid', 'landline.multiple:warning'],
  ['电话：0871-65123456', 'FIXED_LINE', 'landline.format:info', '0871-65123456'],
  ['0000-1234567', 'invalid', 'landline.unknown_area_code:error'],
];

describe('landline: catalogue §2 observations', () => {
  it.each(OBSERVED)('%s: max %s, engine %s', (input, maxVerdict, expected, suggested) => {
    expect(max(input)).toBe(maxVerdict);
    expect(codeOf(input)).toBe(expected);
    if (suggested) expect(check(input)?.suggested).toBe(suggested);
  });
});

const YUXI = { region: { provinceCode: '53', cityCode: '5304', countyCode: '530426' } };
const WUHUA = { region: { provinceCode: '53', cityCode: '5301', countyCode: '530102' } };

describe('landline: LL-01…06', () => {
  it("LL-01 adds the area code of the customer's prefecture when the length fits", () => {
    expect(check('2345678', ctx(YUXI))).toEqual({
      code: 'landline.missing_area_code',
      params: { local: '2345678', areaCode: '877' },
      severity: 'warning',
      suggested: '0877-2345678',
    });
    expect(codeOf('65123456', ctx(YUXI))).toBe('landline.missing_area_code:error');
    expect(codeOf('1234567', ctx(YUXI))).toBe('landline.invalid:error');
  });
  it('LL-03 compares the area code with the prefecture', () => {
    expect(codeOf('0877-2345678', ctx(YUXI))).toBe('ok');
    expect(codeOf('0871-65123456', ctx(WUHUA))).toBe('ok');
    expect(check('0871-65123456', ctx(YUXI))).toMatchObject({
      code: 'landline.area_mismatch',
      params: { areaCode: '871', expected: '877' },
      severity: 'warning',
    });
    expect(codeOf('021-62345678', ctx(YUXI))).toBe('landline.area_mismatch:warning');
  });
  it('LL-01 and LL-03 know every province: the prefecture’s code, or the county’s own where it has one', () => {
    const SHANTOU = { region: { provinceCode: '44', cityCode: '4405', countyCode: '440507' } };
    const KUITUN = { region: { provinceCode: '65', cityCode: '6540', countyCode: '654003' } };
    const YINING = { region: { provinceCode: '65', cityCode: '6540', countyCode: '654002' } };
    const HARBIN = { region: { provinceCode: '23', cityCode: '2301', countyCode: '230102' } };
    expect(codeOf('0754-88123456', ctx(SHANTOU))).toBe('ok');
    expect(check('0766-5755215', ctx(SHANTOU))).toMatchObject({
      code: 'landline.area_mismatch',
      params: { areaCode: '766', expected: '754' },
    });
    expect(codeOf('0992-3234567', ctx(KUITUN))).toBe('ok');
    expect(codeOf('0999-8234567', ctx(KUITUN))).toBe('landline.area_mismatch:warning');
    expect(codeOf('0999-8234567', ctx(YINING))).toBe('ok');
    expect(check('3234567', ctx(KUITUN))?.suggested).toBe('0992-3234567');
    expect(check('82345678', ctx(HARBIN))?.suggested).toBe('0451-82345678');
    expect(codeOf('0871-65123456', ctx(HARBIN))).toBe('landline.area_mismatch:warning');
    // A rule's own table wins over the gazetteer.
    const params = LandlineParamsSchema.parse({ areaByCity: { '6540': '992' } });
    expect(check('0999-8234567', ctx(YINING), params)?.code).toBe('landline.area_mismatch');
  });
  it('LL-04 reports an extension, as a warning on residential accounts', () => {
    expect(check('0871-65123456转8001', ctx({ customer_type: 'residential' }))).toMatchObject({
      code: 'landline.extension',
      severity: 'warning',
      params: { ext: '8001' },
      suggested: '0871-65123456-8001',
    });
    expect(check('0871-65123456-8001')).toEqual({
      code: 'landline.extension',
      params: { ext: '8001' },
      severity: 'info',
    });
  });
  it('LL-06 refuses service numbers with or without area code', () => {
    for (const v of ['400-882-5598', '0871-95598', '95598', '0877-96128'])
      expect(codeOf(v), v).toBe('landline.service_number:error');
  });
  it('PH-04 on the local number', () => {
    expect(check('0877-2222222')).toMatchObject({
      code: 'landline.placeholder',
      params: { reason: 'repdigit' },
      severity: 'error',
    });
    expect(check('0871-62222222')).toMatchObject({
      code: 'landline.placeholder',
      params: { reason: 'tail_same' },
      severity: 'error',
    });
    expect(check('0871-23456789')).toMatchObject({
      code: 'landline.placeholder',
      params: { reason: 'ascending_run' },
      severity: 'warning',
    });
  });
  it('PH-05 a mobile in the landline field', () => {
    expect(check('13987712345')).toEqual({
      code: 'landline.is_mobile',
      params: { mobile: '13987712345', action: 'move' },
      severity: 'warning',
    });
    expect(check('+86 139 8771 2345', ctx({ mobile: '13800000001' }))?.params).toMatchObject({
      action: 'review',
    });
  });
  it('PH-07 an ID number', () => expect(codeOf('530426196503121012')).toBe('landline.looks_like_id:error'));
  it('empty is left to the required rule unless flagEmpty', () => {
    expect(check('')).toBeUndefined();
    expect(check('', ctx(), LandlineParamsSchema.parse({ flagEmpty: true }))?.code).toBe('landline.empty');
  });
  it('params can switch LL-03 off and add dummies', () => {
    const p = LandlineParamsSchema.parse({ areaMismatchSeverity: 'pass', placeholders: ['08771234567'] });
    expect(check('0871-65123456', ctx(YUXI), p)).toBeUndefined();
    expect(check('0877-1234567', ctx(), p)?.code).toBe('landline.local_first_digit');
    expect(
      check('0877-2345671', ctx(), LandlineParamsSchema.parse({ placeholders: ['08772345671'] }))?.params,
    ).toMatchObject({ reason: 'known' });
    expect(LandlineParamsSchema.safeParse({ areaByCity: { '5304': 'x' } }).success).toBe(false);
  });
});
