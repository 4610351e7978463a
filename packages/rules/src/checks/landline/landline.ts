// `landline`: area code present and real, local number first digit (LL-02) and length (libphonenumber's
// table), service numbers (LL-06), extensions (LL-04), area code vs the customer's prefecture (LL-03),
// a local number without area code (LL-01, fixed from the customer's city), a mobile in the landline
// field (PH-05), placeholders, and separators (NORM-03, canonical 0AAA-NNNNNNN[-ext]).
import { worse } from '../../issue.ts';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckContext, CheckFn, Issue } from '../../types.ts';
import { getGazetteer } from '../../gazetteer/gazetteer.ts';
import { AREA_CODES } from '../../phone/area-codes.ts';
import { parsePhone, type ParsedPhone } from '../../phone/parse.ts';
import { placeholderReason } from '../../phone/placeholder.ts';
import { landlineMessages } from './messages.ts';
import { LandlineParamsSchema, type LandlineParams } from './params.ts';

export const checkLandline: CheckFn<LandlineParams> = (value, params, ctx) =>
  // Most customers have no landline: decided before any parsing.
  value === ''
    ? params.flagEmpty
      ? err('landline.empty')
      : undefined
    : judgeLandline(parsePhone(value), value, params, ctx);

function err(code: string, extra?: Record<string, string | number>): Issue {
  return extra ? { code, severity: 'error', params: extra } : { code, severity: 'error' };
}

/** Judge a parsed landline field. Example: judgeLandline(parsePhone('0877-1345678'), …) → landline.local_first_digit. */
export function judgeLandline(
  p: ParsedPhone,
  value: string,
  params: LandlineParams,
  ctx: CheckContext,
): Issue | undefined {
  switch (p.shape) {
    case 'empty':
      return params.flagEmpty ? err('landline.empty') : undefined;
    case 'landline':
      return p.problem ? problemIssue(p) : judgeValid(p, value, params, ctx);
    case 'local':
      return missingAreaCode(p.national, params, ctx);
    case 'mobile':
      return {
        code: 'landline.is_mobile',
        params: { mobile: p.national, action: ctx.record.mobile?.trim() ? 'review' : 'move' },
        severity: params.mobileSeverity,
      };
    case 'service':
      return err('landline.service_number', { number: p.canonical ?? p.national });
    case 'iot':
    case 'invalid':
      return err('landline.invalid', { reason: 'not_a_landline' });
    case 'id':
      return err('landline.looks_like_id');
    case 'foreign':
      return { code: 'landline.foreign', params: { number: `+${p.national}` }, severity: 'warning' };
    case 'multiple':
      return { code: 'landline.multiple', params: { count: p.parts?.length ?? 2 }, severity: 'warning' };
    case 'unparseable':
      return err('landline.unparseable');
  }
}

function problemIssue(p: ParsedPhone): Issue {
  const areaCode = p.areaCode ?? '';
  const local = p.local ?? '';
  switch (p.problem) {
    case 'unknown_area_code':
      return { code: 'landline.unknown_area_code', params: { areaCode }, severity: 'error' };
    case 'local_first_digit':
      return {
        code: 'landline.local_first_digit',
        params: { areaCode, digit: local[0] ?? '' },
        severity: 'error',
      };
    case 'length':
      return {
        code: 'landline.length',
        params: { areaCode, length: local.length, expected: (AREA_CODES.get(areaCode) ?? []).join('/') },
        severity: 'error',
      };
    default:
      return { code: 'landline.invalid', params: { areaCode }, severity: 'error' };
  }
}

function judgeValid(
  p: ParsedPhone,
  value: string,
  params: LandlineParams,
  ctx: CheckContext,
): Issue | undefined {
  const area = p.areaCode ?? '';
  const local = p.local ?? '';
  const ph =
    params.placeholder.known.size > 0 && params.placeholder.known.has(`0${p.national}`)
      ? 'known'
      : placeholderReason(local, params.placeholder);
  if (ph === 'known' || ph === 'repdigit' || ph === 'tail_same')
    return { code: 'landline.placeholder', params: { reason: ph }, severity: 'error' };
  let best: Issue | undefined;
  if (ph)
    best = worse(best, {
      code: 'landline.placeholder',
      params: { reason: ph },
      severity: params.runSeverity,
    });
  const expected = expectedArea(params, ctx);
  if (expected && expected !== area && params.areaMismatchSeverity !== 'pass') {
    best = worse(best, {
      code: 'landline.area_mismatch',
      params: { areaCode: area, expected },
      severity: params.areaMismatchSeverity,
    });
  }
  if (p.ext) {
    const sev =
      ctx.record.customer_type === 'residential'
        ? params.extensionSeverityResidential
        : params.extensionSeverity;
    if (sev !== 'pass')
      best = worse(best, { code: 'landline.extension', params: { ext: p.ext }, severity: sev });
  }
  const canonical = p.canonical ?? '';
  const differs = canonical !== (ctx.raw ?? value);
  if (differs)
    best = worse(best, { code: 'landline.format', params: { canonical }, severity: params.formatSeverity });
  if (best && differs && best.severity !== 'error') best.suggested = canonical;
  return best;
}

/**
 * The area code (no trunk 0) of the customer's place: the rule's own table for its city, else the
 * national gazetteer's for its county (奎屯市 0992 inside 伊犁州 0999) or prefecture.
 */
function expectedArea(params: LandlineParams, ctx: CheckContext): string | undefined {
  const region = ctx.record.region;
  const city = region?.cityCode;
  if (!city) return undefined;
  const own = params.areaByCity[city];
  if (own !== undefined) return own;
  const county = region.countyCode;
  const code = getGazetteer().areaCode(county?.startsWith(city) ? county : city);
  return code?.slice(1);
}

/** LL-01: a local number alone; the customer's place gives the area code when the length fits. */
function missingAreaCode(local: string, params: LandlineParams, ctx: CheckContext): Issue {
  const area = expectedArea(params, ctx);
  const fits =
    area !== undefined && /^[2-8]/.test(local) && (AREA_CODES.get(area)?.includes(local.length) ?? false);
  if (!fits) return { code: 'landline.missing_area_code', params: { local }, severity: 'error' };
  const suggested = `0${area}-${local}`;
  return {
    code: 'landline.missing_area_code',
    params: { local, areaCode: area },
    severity: params.missingAreaSeverity,
    suggested,
  };
}

/** The `landline` check kind, for registerCheck('landline', landlineCheck). */
export const landlineCheck: CheckKindDefinition<typeof LandlineParamsSchema> = {
  params: LandlineParamsSchema,
  fn: checkLandline,
  fields: ['landline'],
  messages: landlineMessages,
  skipEmpty: false,
};
