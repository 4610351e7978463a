// Where the engine and libphonenumber-js/max are *meant* to disagree: the China-specific overrides,
// each with the pattern, both verdicts and the reason. The differential test fails on any
// disagreement that no row explains, and on a row whose verdicts do not match what it claims.
import { DEFAULT_MOBILE_PARAMS } from '../checks/mobile/params.ts';
import type { ParsedPhone } from './parse.ts';
import { placeholderReason } from './placeholder.ts';
import { maxVerdict, type PhoneVerdict } from './verdict.ts';

export interface Override {
  id: string;
  /** What inputs it covers, in words. */
  pattern: string;
  /** The verdicts, as 'valid TYPE' or 'invalid' ('valid *' = any type). */
  ours: string;
  max: string;
  reason: string;
  /** Does this row explain the disagreement on this input? */
  matches(raw: string, p: ParsedPhone, ours: PhoneVerdict, max: PhoneVerdict): boolean;
}

const hardPlaceholder = (digits: string) => {
  const r = placeholderReason(digits, DEFAULT_MOBILE_PARAMS.compiled.placeholder);
  return r === 'known' || r === 'repdigit' || r === 'tail_same';
};
/** The number as libphonenumber understands it, after our NORM-03 (extension as ' ext. '). */
const forMax = (p: ParsedPhone) =>
  (p.shape === 'mobile' ? p.national : `0${p.national}`) + (p.ext ? ` ext. ${p.ext}` : '');
const isInvalid = (v: PhoneVerdict) => !v.valid;
const validAs = (v: PhoneVerdict, type: string) => v.valid && v.type === type;

/** The override table, in the order rows are tried. */
export const OVERRIDES: readonly Override[] = [
  {
    id: 'norm03-separators',
    pattern: '一 between digits, 转/分机 before an extension, or a trailing -NNNN extension group',
    ours: 'valid MOBILE/FIXED_LINE',
    max: 'invalid (NOT_A_NUMBER or not possible)',
    reason: 'NORM-03: clerks write these; after our clean-up max agrees (checked on the cleaned form)',
    matches: (raw, p, ours, max) =>
      ours.valid &&
      isInvalid(max) &&
      /一|转|分机|\d-\d{1,6}\s*$/.test(raw) &&
      validAs(maxVerdict(forMax(p)), ours.type ?? ''),
  },
  {
    id: 'data-card-149',
    pattern: '149xxxxxxxx',
    ours: 'valid MOBILE (warning mobile.data_card)',
    max: 'invalid',
    reason: 'China Telecom data card with SMS; google/libphonenumber#1976 closed as working as intended',
    matches: (_r, p, ours, max) =>
      p.shape === 'mobile' && p.national.startsWith('149') && validAs(ours, 'MOBILE') && isInvalid(max),
  },
  {
    id: 'maritime-1749',
    pattern: '1749xxxxxxx',
    ours: 'valid MOBILE (info mobile.satellite)',
    max: 'invalid',
    reason: 'maritime satellite segment (MIIT); absent from Google metadata 9.0.43',
    matches: (_r, p, ours, max) =>
      p.shape === 'mobile' && p.national.startsWith('1749') && validAs(ours, 'MOBILE') && isInvalid(max),
  },
  {
    id: 'mobile-placeholder',
    pattern: 'known dummy (13800138000…), one repeated digit, or ending in ≥ 7 identical digits',
    ours: 'invalid (mobile.placeholder)',
    max: 'valid MOBILE',
    reason: "PH-04: syntactically valid, never a customer's number",
    matches: (_r, p, ours, max) =>
      p.shape === 'mobile' && isInvalid(ours) && validAs(max, 'MOBILE') && hardPlaceholder(p.national),
  },
  {
    id: 'landline-local-first-digit',
    pattern: '0AAA-[019]xxxxxx (local number starting 0, 1 or 9, not 95/96)',
    ours: 'invalid (landline.local_first_digit)',
    max: 'valid FIXED_LINE',
    reason: 'LL-02: under the numbering plan a local number starts 2–8',
    matches: (_r, p, ours, max) =>
      p.problem === 'local_first_digit' && isInvalid(ours) && validAs(max, 'FIXED_LINE'),
  },
  {
    id: 'landline-placeholder',
    pattern: '0AAA-2222222, or a local number ending in ≥ 7 identical digits',
    ours: 'invalid (landline.placeholder)',
    max: 'valid FIXED_LINE',
    reason: 'PH-04 applied to the local number',
    matches: (_r, p, ours, max) =>
      p.shape === 'landline' &&
      isInvalid(ours) &&
      validAs(max, 'FIXED_LINE') &&
      hardPlaceholder(p.local ?? ''),
  },
  {
    id: 'service-in-area',
    pattern: '0AAA-95xxx / 0AAA-96xxx (0871-95598)',
    ours: 'invalid (service_number)',
    max: 'valid FIXED_LINE',
    reason: "LL-06/PH-06: the utility hotline and other service numbers are not a customer's contact",
    matches: (_r, p, ours, max) =>
      p.shape === 'service' && p.areaCode !== undefined && isInvalid(ours) && validAs(max, 'FIXED_LINE'),
  },
  {
    id: 'service-non-geographic',
    pattern: '400/800/950 numbers, 10800/21800, 160/168 premium',
    ours: 'invalid (service_number)',
    max: 'valid SHARED_COST/TOLL_FREE/PREMIUM_RATE',
    reason: "LL-06: a company's service line is not a customer's contact",
    matches: (_r, p, ours, max) =>
      p.shape === 'service' &&
      isInvalid(ours) &&
      max.valid &&
      ['SHARED_COST', 'TOLL_FREE', 'PREMIUM_RATE'].includes(max.type ?? ''),
  },
  {
    id: 'foreign',
    pattern: '00xx… (an IDD prefix other than 0086) or +xx other than +86',
    ours: 'invalid (foreign, warning in the checks)',
    max: 'valid (that country)',
    reason:
      'a foreign number is not a mobile or landline in China; the checks warn (mobile.foreign) for review',
    matches: (_r, p, ours, max) => p.shape === 'foreign' && isInvalid(ours) && max.valid,
  },
  {
    id: 'local-read-as-service',
    pattern: '7–8 digits without trunk 0 that max reads as area code + 95xxx/96xxx (5629544)',
    ours: 'invalid (landline.missing_area_code)',
    max: 'valid FIXED_LINE/SHARED_COST',
    reason: 'in a customer field a bare 7–8 digit number is a local number missing its area code (LL-01)',
    matches: (_r, p, ours, max) => p.shape === 'local' && isInvalid(ours) && max.valid,
  },
  {
    id: 'carrier-prefix-and-1010',
    pattern:
      'digits starting 1 (or 01) that max reads as carrier-selection prefix + number (12020 2012351) or as a Beijing 1010xxxx/10-95/96 line',
    ours: 'invalid (length/invalid)',
    max: 'valid FIXED_LINE/SHARED_COST',
    reason:
      "IP-dialling prefixes (17951, 12593…) and 1010 numbers are not a customer's own number; seen only in random digit strings",
    matches: (raw, p, ours, max) =>
      p.shape !== 'mobile' && isInvalid(ours) && max.valid && /^0?1/.test(raw.replace(/\D/g, '')),
  },
];

/** The row explaining a disagreement, or undefined (an unexplained disagreement). */
export function explain(
  raw: string,
  p: ParsedPhone,
  ours: PhoneVerdict,
  max: PhoneVerdict,
): Override | undefined {
  return OVERRIDES.find((o) => o.matches(raw, p, ours, max));
}
