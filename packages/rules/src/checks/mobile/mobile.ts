// `mobile`: is this a number we can call and text? Segment class (PH-03), placeholders (PH-04),
// length and IoT (PH-02), a landline or a service number in the mobile field (PH-05/06), an ID
// number (PH-07), several numbers in one field, and separators/prefixes (NORM-03, auto-fixable).
// A well-formed 11-digit value is judged by a table lookup without parsing (the fast path);
// differential.test.ts holds it against libphonenumber-js/max.
import { worse } from '../../issue.ts';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckContext, CheckFn, Issue } from '../../types.ts';
import { isAsciiDigits } from '../../phone/normalize.ts';
import { parsePhone, type ParsedPhone } from '../../phone/parse.ts';
import { placeholderReason } from '../../phone/placeholder.ts';
import { segmentIndex, SEGMENT_CLASS_BY_CODE } from '../../phone/segments.ts';
import { MobileParamsSchema, type MobileParams } from './params.ts';
import { mobileMessages } from './messages.ts';

const CLASS_ISSUE = [
  'mobile.unallocated',
  'mobile.ok',
  'mobile.mvno',
  'mobile.data_card',
  'mobile.satellite',
  'mobile.emergency',
] as const;

/**
 * Judge an 11-digit national mobile number (ASCII digits, starting with 1). `canonicalDiffers` adds
 * the format issue and the suggestion. Example: judgeNational('17012345678', params, false) → mobile.mvno (info).
 */
export function judgeNational(n: string, params: MobileParams, canonicalDiffers: boolean): Issue | undefined {
  const c = params.compiled;
  const ph = placeholderReason(n, c.placeholder);
  if (ph === 'known' || ph === 'repdigit' || ph === 'tail_same')
    return { code: 'mobile.placeholder', params: { reason: ph, number: n }, severity: 'error' };
  const code = c.segments.codes[segmentIndex(n)] ?? 0;
  const classSeverity = c.severityByCode[code] ?? 'error';
  // The clean number (the usual case) allocates nothing from here on.
  if (classSeverity === 'pass' && !ph && !canonicalDiffers) return undefined;
  let best: Issue | undefined;
  if (classSeverity !== 'pass') {
    best = {
      code: CLASS_ISSUE[code] ?? 'mobile.unallocated',
      params: { segment: c.segments.segmentOf(n), class: SEGMENT_CLASS_BY_CODE[code] ?? 'UNALLOCATED' },
      severity: classSeverity,
    };
  }
  if (ph)
    best = worse(best, {
      code: 'mobile.placeholder',
      params: { reason: ph, number: n },
      severity: params.runSeverity,
    });
  if (canonicalDiffers)
    best = worse(best, { code: 'mobile.format', params: { canonical: n }, severity: params.formatSeverity });
  if (best && canonicalDiffers && best.severity !== 'error') best.suggested = n;
  return best;
}

export const checkMobile: CheckFn<MobileParams> = (value, params, ctx) => {
  // Fast path: the common, clean case.
  // ctx.raw is the stored value before NORM-01 (full-width digits…): the suggestion fixes that too.
  if (value.length === 11 && value.charCodeAt(0) === 49 && isAsciiDigits(value)) {
    return judgeNational(value, params, ctx.raw !== undefined && ctx.raw !== value);
  }
  const p = parsePhone(value);
  if (p.shape !== 'mobile' && p.shape !== 'empty') {
    // Dummies that do not parse as a mobile at all: 00000000000, 01234567890.
    const digits = value.replace(/[\s\-]/g, '');
    const reason =
      digits.length >= 7 && isAsciiDigits(digits)
        ? placeholderReason(digits, params.compiled.placeholder)
        : undefined;
    if (reason === 'known' || reason === 'repdigit')
      return { code: 'mobile.placeholder', params: { reason, number: digits }, severity: 'error' };
  }
  return judgeParsed(p, value, params, ctx);
};

function judgeParsed(
  p: ParsedPhone,
  value: string,
  params: MobileParams,
  ctx: CheckContext,
): Issue | undefined {
  const err = (code: string, extra?: Record<string, string | number>): Issue => ({
    code,
    severity: 'error',
    ...(extra ? { params: extra } : {}),
  });
  switch (p.shape) {
    case 'empty':
      return params.flagEmpty ? err('mobile.empty') : undefined;
    case 'mobile':
      return judgeNational(p.national, params, p.national !== (ctx.raw ?? value));
    case 'landline':
    case 'local':
      if (p.problem) return err('mobile.invalid', { reason: p.problem });
      return {
        code: 'mobile.is_landline',
        params: {
          landline: p.canonical ?? p.national,
          action: ctx.record.landline?.trim() ? 'review' : 'move',
        },
        severity: params.landlineSeverity,
      };
    case 'service':
      return err('mobile.service_number', { number: p.canonical ?? p.national });
    case 'iot':
    case 'invalid':
      if (p.national.length === 13 && params.compiled.iotPrefixes.some((x) => p.national.startsWith(x)))
        return err('mobile.iot_13', { number: p.national });
      if (p.national.startsWith('1')) return err('mobile.length', { length: p.national.length });
      return err('mobile.invalid', { reason: 'not_a_mobile' });
    case 'id':
      return err('mobile.looks_like_id');
    case 'foreign':
      return { code: 'mobile.foreign', params: { number: `+${p.national}` }, severity: 'warning' };
    case 'multiple': {
      const first = p.parts
        ?.map(parsePhone)
        .find((q) => q.shape === 'mobile' && !judgeNational(q.national, params, false));
      return {
        code: 'mobile.multiple',
        params: { count: p.parts?.length ?? 2 },
        severity: 'warning',
        ...(first ? { suggested: first.national } : {}),
      };
    }
    case 'unparseable':
      return err('mobile.unparseable');
  }
}

/** The `mobile` check kind, for registerCheck('mobile', mobileCheck). */
export const mobileCheck: CheckKindDefinition<typeof MobileParamsSchema> = {
  params: MobileParamsSchema,
  fn: checkMobile,
  fields: ['mobile'],
  messages: mobileMessages,
  skipEmpty: false,
};
