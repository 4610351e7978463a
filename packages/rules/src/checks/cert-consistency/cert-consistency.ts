// `cert_consistency` (catalogue ID-07): residential customers hold a resident ID, non-residential
// ones a USCC. On the cert_type field it judges the declared type (and suggests the right one
// when the number plainly is that document); on cert_no it judges what the number actually is.
import { z } from 'zod';
import { normalizeIdNumber, normalizeText } from '../../normalize.ts';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn } from '../../types.ts';
import { residentIdCheckChar } from '../resident-id/resident-id.ts';
import { usccCheckChar } from '../uscc/uscc.ts';

export const CertConsistencyParamsSchema = z.strictObject({
  /** customer_type → the cert_type values it may carry. */
  expected: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({
    residential: ['resident_id'],
    non_residential: ['uscc'],
  }),
});
export type CertConsistencyParams = z.output<typeof CertConsistencyParamsSchema>;

/** What a (normalised) number looks like: a resident ID, a USCC, or neither. Check characters decide. */
export function detectCertKind(certNo: string): 'resident_id' | 'uscc' | undefined {
  if (/^[0-9]{17}[0-9X]$/.test(certNo) && residentIdCheckChar(certNo) === certNo[17]) return 'resident_id';
  if (/^[0-9]{15}$/.test(certNo)) return 'resident_id';
  if (certNo.length === 18 && usccCheckChar(certNo) === certNo[17]) return 'uscc';
  return undefined;
}

export const checkCertConsistency: CheckFn<CertConsistencyParams> = (value, p, ctx) => {
  const customerType = normalizeText(ctx.record.customer_type ?? '');
  const expected = p.expected[customerType];
  if (!expected) return undefined;
  if (ctx.field === 'cert_no') {
    const kind = detectCertKind(value);
    if (kind && !expected.includes(kind)) return { code: 'cert.number_mismatch', params: { customerType, certKind: kind } };
    return undefined;
  }
  if (expected.includes(value)) return undefined;
  const kind = detectCertKind(normalizeIdNumber(ctx.record.cert_no ?? ''));
  const issue = { code: 'cert.type_mismatch', params: { customerType, certType: value } };
  return kind && expected.includes(kind) ? { ...issue, suggested: kind } : issue;
};

export const certConsistencyCheck: CheckKindDefinition<typeof CertConsistencyParamsSchema> = {
  params: CertConsistencyParamsSchema,
  fn: checkCertConsistency,
  fields: ['cert_type', 'cert_no'],
  messages: {
    'cert.type_mismatch': { zh: '证件类型“{certType}”与客户类型不符', en: 'cert type "{certType}" does not fit a {customerType} customer' },
    'cert.number_mismatch': { zh: '证件号码是{certKind}，与客户类型不符', en: 'the number is a {certKind}, which does not fit a {customerType} customer' },
  },
};
