// `cert_consistency` (catalogue ID-07): residential customers hold a resident ID, non-residential
// ones a USCC. On the cert_type field it judges the declared type (and suggests the right one
// when the number plainly is that document); on cert_no it judges what the number actually is.
import { z } from 'zod';
import { normalizeIdNumber, normalizeText } from '../../normalize.ts';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn } from '../../types.ts';
import { isResidentIdShaped } from '../resident-id/resident-id.ts';
import { isUsccShaped } from '../uscc/uscc.ts';

export const CertConsistencyParamsSchema = z.strictObject({
  /** customer_type → the cert_type values it may carry. */
  expected: z.record(z.string(), z.array(z.string().min(1)).min(1)).default({
    residential: ['resident_id'],
    non_residential: ['uscc'],
  }),
});
export type CertConsistencyParams = z.output<typeof CertConsistencyParamsSchema>;

/**
 * What a (normalised) number looks like: a resident ID, a USCC, or neither. Check characters decide,
 * with the structure around them: a resident ID also needs a province and a real birth date not
 * after `today` (an all-digit USCC, 12…, passes MOD 11-2 one time in eleven by chance), a USCC a valid
 * authority × category pair and province (a resident ID with a bad date passes MOD 31 one time in 31).
 * @example detectCertKind('125301033935485353') // 'uscc'
 */
export function detectCertKind(certNo: string, today?: string): 'resident_id' | 'uscc' | undefined {
  // ID-05 (cert_no) and ID-06 (cert_type) ask about the same number of the same record: remember the last answer.
  if (certNo === memo.certNo && today === memo.today) return memo.kind;
  const kind = isResidentIdShaped(certNo, today) ? 'resident_id' : isUsccShaped(certNo) ? 'uscc' : undefined;
  memo.certNo = certNo;
  memo.today = today;
  memo.kind = kind;
  return kind;
}

const memo: {
  certNo: string | undefined;
  today: string | undefined;
  kind: 'resident_id' | 'uscc' | undefined;
} = {
  certNo: undefined,
  today: undefined,
  kind: undefined,
};

export const checkCertConsistency: CheckFn<CertConsistencyParams> = (value, p, ctx) => {
  const customerType = ctx.normalized?.customer_type ?? normalizeText(ctx.record.customer_type ?? '');
  const expected = p.expected[customerType];
  if (!expected) return undefined;
  if (ctx.field === 'cert_no') {
    const kind = detectCertKind(value, ctx.today);
    if (kind && !expected.includes(kind))
      return { code: 'cert.number_mismatch', params: { customerType, certKind: kind } };
    return undefined;
  }
  if (expected.includes(value)) return undefined;
  const kind = detectCertKind(
    ctx.normalized?.cert_no ?? normalizeIdNumber(ctx.record.cert_no ?? ''),
    ctx.today,
  );
  const issue = { code: 'cert.type_mismatch', params: { customerType, certType: value } };
  return kind && expected.includes(kind) ? { ...issue, suggested: kind } : issue;
};

export const certConsistencyCheck: CheckKindDefinition<typeof CertConsistencyParamsSchema> = {
  params: CertConsistencyParamsSchema,
  fn: checkCertConsistency,
  fields: ['cert_type', 'cert_no'],
  messages: {
    'cert.type_mismatch': {
      zh: '证件类型“{certType}”与客户类型不符',
      en: 'cert type "{certType}" does not fit a {customerType} customer',
    },
    'cert.number_mismatch': {
      zh: '证件号码是{certKind}，与客户类型不符',
      en: 'the number is a {certKind}, which does not fit a {customerType} customer',
    },
  },
};
