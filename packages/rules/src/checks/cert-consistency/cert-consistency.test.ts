import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import type { Field } from '../../types.ts';
import { residentIdCheckChar } from '../resident-id/resident-id.ts';
import { usccCheckChar } from '../uscc/uscc.ts';
import { certConsistencyCheck, detectCertKind } from './cert-consistency.ts';

const ID = '530426196503121012';
const USCC = '91530426MA6K12349C';
const run = (field: Field, customer_type: string, cert_type: string, cert_no: string) =>
  runCheck(
    certConsistencyCheck,
    field,
    field === 'cert_type' ? cert_type : cert_no,
    {},
    { customer_type, cert_type, cert_no },
  );

describe('cert_consistency', () => {
  it.each([
    [ID, 'resident_id'],
    ['530426650312101', 'resident_id'],
    [USCC, 'uscc'],
    ['530426196503121010', undefined],
    ['abc', undefined],
  ])('detects %s as %s', (v, kind) => expect(detectCertKind(v)).toBe(kind));

  // A public institution's all-digit USCC whose MOD 11-2 character happens to match too: the
  // "birth date" 0339-35-48 is no date, so it is a USCC, not a resident ID.
  const DIGIT_USCC = '125301033935485353';
  it('does not read an all-digit USCC as a resident ID because the MOD 11-2 character matches', () => {
    expect(usccCheckChar(DIGIT_USCC)).toBe('3');
    expect(residentIdCheckChar(DIGIT_USCC)).toBe('3');
    expect(detectCertKind(DIGIT_USCC)).toBe('uscc');
    expect(run('cert_no', 'non_residential', 'uscc', DIGIT_USCC)).toBeUndefined();
  });

  it.each([
    ['53042619650230101' + residentIdCheckChar('53042619650230101'), 'Feb 30'],
    ['99042619650312101' + residentIdCheckChar('99042619650312101'), 'province 99'],
    ['53042618700101101' + residentIdCheckChar('53042618700101101'), 'before 1880'],
    ['530426123456789', '15 digits, month 34'],
  ])('%s is not a resident ID (%s)', (v) => expect(detectCertKind(v)).not.toBe('resident_id'));

  it('does not read a resident ID with an impossible date as a USCC because the MOD 31 character matches', () => {
    const badDate = '530103194706003104'; // 1947-06-00
    expect(usccCheckChar(badDate)).toBe('4');
    expect(detectCertKind(badDate)).toBeUndefined();
    expect(run('cert_no', 'residential', 'resident_id', badDate)).toBeUndefined();
    // Month 13, and authority 5 × category 3 in province 23 all fit: the organisation-code digit does not.
    expect(detectCertKind('532322196713014742')).toBeUndefined();
  });

  it('takes the latest birth date from today, never from the clock', () => {
    // Another all-digit USCC whose "birth date" 2536-01-13 is a calendar date, and its check char matches.
    const future = '125308253601135002';
    expect(residentIdCheckChar(future)).toBe(future[17]);
    expect(detectCertKind(future, '2026-11-27')).toBe('uscc');
    expect(detectCertKind(future)).toBe('uscc'); // no today: 2099 is the bound
    const born2026 = '53042620261101101' + residentIdCheckChar('53042620261101101');
    expect(detectCertKind(born2026, '2026-11-27')).toBe('resident_id');
    expect(detectCertKind(born2026, '2026-10-01')).not.toBe('resident_id');
  });

  it.each([
    ['cert_type', 'residential', 'resident_id', ID, undefined, undefined],
    ['cert_type', 'non_residential', 'uscc', USCC, undefined, undefined],
    ['cert_type', 'residential', 'uscc', ID, 'cert.type_mismatch', 'resident_id'],
    ['cert_type', 'non_residential', 'resident_id', USCC, 'cert.type_mismatch', 'uscc'],
    ['cert_type', 'non_residential', 'resident_id', ID, 'cert.type_mismatch', undefined],
    ['cert_type', 'other_kind', 'resident_id', ID, undefined, undefined],
    ['cert_no', 'residential', 'resident_id', ID, undefined, undefined],
    ['cert_no', 'residential', 'uscc', USCC, 'cert.number_mismatch', undefined],
    ['cert_no', 'non_residential', 'resident_id', ID, 'cert.number_mismatch', undefined],
    ['cert_no', 'non_residential', 'uscc', 'garbage', undefined, undefined],
  ] as [Field, string, string, string, string | undefined, string | undefined][])(
    '%s: %s with %s %s → %s (suggests %s)',
    (field, customerType, certType, certNo, code, suggested) => {
      const issue = run(field, customerType, certType, certNo);
      expect(issue?.code).toBe(code);
      expect(issue?.suggested).toBe(suggested);
    },
  );
});
