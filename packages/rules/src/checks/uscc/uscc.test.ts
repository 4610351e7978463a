import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import { orgCodeCheckChar, usccCheck, usccCheckChar } from './uscc.ts';

// GB 32100 written out: charset without I O Z S V, W_i = 3^(i-1) mod 31, C18 = (31 - S mod 31) mod 31.
const CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
function mod31(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += CHARS.indexOf(first17[i] ?? '') * (3 ** i % 31);
  return CHARS[(31 - (s % 31)) % 31] ?? '?';
}
// GB 11714 written out: weights 3 7 9 10 5 8 4 2, C9 = 11 - S mod 11, 10 → X, 11 → 0.
function orgCheck(body8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 8; i++) s += parseInt(body8[i] ?? '0', 36) * (w[i] ?? 0);
  const c = 11 - (s % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}
const build = (head8: string, org8: string) => {
  const first17 = head8 + org8 + orgCheck(org8);
  return first17 + mod31(first17);
};
const check = (v: string, params = {}) =>
  runCheck(usccCheck, 'cert_no', v, params, { customer_type: 'non_residential' })?.code;

describe('uscc: catalogue vectors', () => {
  it.each([
    '91530426MA6K12349C',
    '91530400MA6NX7Q2XE',
    '92530426MA6P000199',
    '93530426MA6Q2B3CX2',
    '12530426012345671N',
    '11530000000001230F',
    '515301025012345C8H',
    'N2530426MA6R88884X',
    '52530102MJ000123XP',
    'Y1530426MA6T56788C',
    '91530426ma6k12349c',
    '9153 0426-MA6K 12349C',
    '91350100M0001TGQXM',
  ])('accepts %s', (v) => expect(check(v)).toBeUndefined());

  it.each([
    ['91530426MA6K12349D', 'uscc.bad_checksum'],
    ['91530426MA6K1234IC', 'uscc.bad_charset'],
    ['91530426MA6K1234Z9', 'uscc.bad_charset'],
    ['91530426MA6K12349', 'uscc.bad_length'],
    ['99530426MA6K12349K', 'uscc.bad_dept_category'],
    ['000000000000000000', 'uscc.bad_dept_category'],
    ['91990426MA6K123490', 'uscc.bad_region'],
    ['530426600012345', 'uscc.legacy_reg_no'],
    ['MA6K12349', 'uscc.legacy_org_code'],
    ['91530426MA6K12340G', 'uscc.bad_org_check'],
    ['91530426MA6K1234#C', 'uscc.bad_format'],
  ])('flags %s as %s', (v, code) => expect(check(v)).toBe(code));

  it('honours the whitelist param (replacing the default)', () => {
    expect(check('91350100M0001TGQXM', { whitelist: [] })).toBe('uscc.bad_checksum');
    expect(check('91530426MA6K12349D', { whitelist: ['91530426ma6k12349d'] })).toBeUndefined();
  });
});

describe('uscc: independently computed check characters', () => {
  const cases: [string, string][] = [
    ['91530426', 'MA6K1234'],
    ['92530402', 'L12345AB'],
    ['93532801', 'MA6Q2B3C'],
    ['12530000', '01234567'],
    ['51530102', '50123456'],
    ['N2530426', 'MA6R8888'],
    ['Y1530426', 'MA6T5678'],
    ['91110105', 'MA01AB2C'],
  ];
  it.each(cases)('%s + %s builds a valid code; every other check char fails', (head, org) => {
    const code = build(head, org);
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(orgCodeCheckChar(org)).toBe(orgCheck(org));
    expect(check(code)).toBeUndefined();
    const wrong = CHARS.split('').find((c) => c !== code[17]) ?? '0';
    expect(check(code.slice(0, 17) + wrong)).toBe('uscc.bad_checksum');
  });
});
