import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import { residentIdCheck, residentIdCheckChar, upgradeResidentId15 } from './resident-id.ts';

// ISO 7064 MOD 11-2 written out independently: W_i = 2^(17-i) mod 11, check = (12 - S mod 11) mod 11, 10 → X.
function mod11_2(first17: string): string {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * (2 ** (17 - i) % 11);
  const c = (12 - (s % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
const withCheck = (first17: string) => first17 + mod11_2(first17);

const check = (v: string, params = {}) => runCheck(residentIdCheck, 'cert_no', v, params)?.code;

describe('resident_id: catalogue vectors', () => {
  it.each([
    '530426196503121012',
    '530426197811202425',
    '530102199001010036',
    '530402200002295186',
    '532501195510073376',
    '53280119831215460X',
    '530302201010010928',
    '532331197006152717',
    '110105198808088885',
    '530426202501010122',
    '53280119831215460x',
    '５３０４２６１９６５０３１２１０１2',
    ' 5304 2619 6503 1210 12 ',
  ])('accepts %s', (v) => expect(check(v)).toBeUndefined());

  it.each([
    ['530426196503121010', 'id.bad_checksum'],
    ['53042619650312101X', 'id.bad_checksum'],
    ['530426196502301011', 'id.bad_date'],
    ['53042619651301101X', 'id.bad_date'],
    ['530426202701011015', 'id.date_out_of_range'],
    ['530426187001011011', 'id.date_out_of_range'],
    ['000000196503121013', 'id.bad_province'],
    ['990426196503121018', 'id.bad_province'],
    ['5304261965031210', 'id.bad_format'],
    ['5304261965031210A1', 'id.bad_format'],
    ['111111111111111111', 'id.placeholder'],
    ['123456789012345678', 'id.placeholder'],
    ['530426650230101', 'id.legacy15_bad_date'],
    ['11010519491231002X', 'id.placeholder'],
    ['440524188001010014', 'id.placeholder'],
    ['539999196503121016', 'id.unknown_region'],
    ['530426650312101', 'id.legacy_15'],
  ])('flags %s as %s', (v, code) => expect(check(v)).toBe(code));

  it('upgrades a 15-digit number with the computed check character', () => {
    expect(upgradeResidentId15('530426650312101')).toBe('530426196503121012');
    const issue = runCheck(residentIdCheck, 'cert_no', '530426650312101');
    // ID-06: INFO, the upgrade is certain.
    expect(issue).toMatchObject({ code: 'id.legacy_15', severity: 'info', suggested: '530426196503121012' });
  });

  it('takes today from the params or the context, never the clock', () => {
    expect(check('530426202701011015', { today: '2027-06-01' })).toBeUndefined();
    const noToday = residentIdCheck.fn('530426202701011015', residentIdCheck.params.parse({}), {
      record: {} as never,
    });
    expect(noToday).toBeUndefined();
  });

  it('warns past the maximum age, historical county codes pass', () => {
    expect(check(withCheck('53042619100101101'))).toBe('id.too_old');
    expect(check(withCheck('53212819700101101'))).toBeUndefined(); // 昭通地区 (5321), retired prefecture code
  });
});

describe('resident_id: independently computed check characters', () => {
  const bodies = [
    '53042619650312101',
    '53010219900101003',
    '53280119831215460',
    '11010519491231002',
    '53250119551007337',
  ];
  it.each(bodies)('MOD 11-2 of %s agrees with the written-out algorithm', (b) => {
    expect(residentIdCheckChar(b)).toBe(mod11_2(b));
  });

  // Every county of Yunnan × a few dates × sequences: valid numbers pass, any other check char fails.
  const counties = ['530102', '530426', '532501', '532801', '533423', '530681', '532302'];
  const dates = ['19450101', '19600229', '19991231', '20000229', '20101010'];
  const cases = counties.flatMap((c) => dates.map((d, i) => `${c}${d}${String(100 + i * 37).slice(-3)}`));
  it.each(cases)('valid %s passes, wrong check char fails', (first17) => {
    expect(check(withCheck(first17))).toBeUndefined();
    const wrong = '0123456789X'.split('').find((c) => c !== mod11_2(first17)) ?? '0';
    expect(check(first17 + wrong)).toBe('id.bad_checksum');
  });
});
