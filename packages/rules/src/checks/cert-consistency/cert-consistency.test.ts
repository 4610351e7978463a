import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import type { Field } from '../../types.ts';
import { certConsistencyCheck, detectCertKind } from './cert-consistency.ts';

const ID = '530426196503121012';
const USCC = '91530426MA6K12349C';
const run = (field: Field, customer_type: string, cert_type: string, cert_no: string) =>
  runCheck(certConsistencyCheck, field, field === 'cert_type' ? cert_type : cert_no, {}, { customer_type, cert_type, cert_no });

describe('cert_consistency', () => {
  it.each([
    [ID, 'resident_id'], ['530426650312101', 'resident_id'], [USCC, 'uscc'], ['530426196503121010', undefined], ['abc', undefined],
  ])('detects %s as %s', (v, kind) => expect(detectCertKind(v)).toBe(kind));

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
