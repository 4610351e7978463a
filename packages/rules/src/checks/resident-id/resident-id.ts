// `resident_id` (GB 11643-1999; catalogue §3, ID-01…06, ID-08): format, placeholder, province,
// birth date (calendar, ≥ 1880, not after today — today comes from the params or the context,
// never from the clock), ISO 7064 MOD 11-2 check character, known county, 15-digit legacy form.
import { z } from 'zod';
import { getGazetteer } from '../../gazetteer/gazetteer.ts';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn, Issue } from '../../types.ts';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** ISO 7064 MOD 11-2 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** 15-digit legacy number → 18 digits: '19' inserted after the region code, check character appended. */
export function upgradeResidentId15(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + residentIdCheckChar(first17);
}

// 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71 (Taiwan), 81/82/83 (HK, Macao, Taiwan residence permits).
const PROVINCES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);
// County codes retired since the 1980s that IDs still carry (the code is never changed on a rename).
export const DEFAULT_HISTORICAL_REGIONS = [
  '532331',
  '530121',
  '530122',
  '530321',
  '530328',
  '530421',
  '530422',
  '533321',
  '533421',
  '530630',
  '532522',
  '532526',
  '532621',
  '533102',
  '533122',
  '530921',
  '532721',
  '532101',
  '532201',
  '532401',
  '533001',
  '533201',
  '533501',
  '533221',
  '530702',
  '532701',
];
// Whole retired prefecture codes (地区 before they became cities): 昭通 曲靖 玉溪 思茅 保山 丽江 临沧.
const HISTORICAL_PREFECTURES = /^53(?:21|22|24|27|30|32|35)/;
/** Provinces whose retired county codes DEFAULT_HISTORICAL_REGIONS and HISTORICAL_PREFECTURES list. */
const RETIRED_CODES_LISTED = new Set(['53']);

const FORMAT_18 = /^[0-9]{17}[0-9X]$/;
const FORMAT_15 = /^[0-9]{15}$/;
const REPDIGIT = /^(.)\1+$/;

export const ResidentIdParamsSchema = z
  .strictObject({
    /** YYYY-MM-DD; falls back to the context's `today`; without either, the future-date check is skipped. */
    today: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    minBirthDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .default('1880-01-01'),
    /** Age above which the date is suspicious (WARN); 0 switches it off. */
    maxAge: z.number().int().min(0).default(110),
    /** Extra 6-digit region codes to accept (historical codes, other provinces' counties). */
    knownRegions: z.array(z.string().regex(/^\d{6}$/)).default(DEFAULT_HISTORICAL_REGIONS),
    /** Numbers used as examples or dummies (the standard's own examples by default). */
    placeholders: z.array(z.string()).default(['11010519491231002X', '440524188001010014']),
  })
  .transform((p) => ({
    ...p,
    minDate: p.minBirthDate.replaceAll('-', ''),
    todayDate: p.today?.replaceAll('-', ''),
    known: new Set(p.knownRegions),
    placeholderSet: new Set(p.placeholders),
    /** 6-digit region → known, memoised (the gazetteer is static data; a county has a handful of codes). */
    regionMemo: new Map<string, boolean>(),
  }));
export type ResidentIdParams = z.output<typeof ResidentIdParamsSchema>;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether YYYYMMDD is a real calendar date. */
export function isCalendarDate(yyyymmdd: string): boolean {
  return isCalendarDateAt(yyyymmdd, 0);
}

/** The number written by `n` ASCII digits at `at` (NaN-free: callers have checked the format). */
function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + (s.charCodeAt(i) - 48);
  return v;
}

/** Whether the 8 digits at `at` are a real calendar date, read in place (no slices). */
function isCalendarDateAt(s: string, at: number): boolean {
  const y = digitsAt(s, at, 4);
  const m = digitsAt(s, at + 4, 2);
  const d = digitsAt(s, at + 6, 2);
  if (!(m >= 1 && m <= 12 && d >= 1)) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return d <= (m === 2 && leap ? 29 : (DAYS_IN_MONTH[m - 1] ?? 0));
}

// 11–15, 21–23, … as a table indexed by the two digits: no slice per number.
const PROVINCE_BY_NUMBER: readonly boolean[] = Array.from({ length: 100 }, (_, i) =>
  PROVINCES.has(String(i).padStart(2, '0')),
);
const hasProvince = (s: string): boolean => PROVINCE_BY_NUMBER[digitsAt(s, 0, 2)] === true;

// YYYY-MM-DD → YYYYMMDD, remembered for the last value (every record of a run has the same today).
let lastToday = '';
let lastTodayDigits = '';
function todayDigits(today: string): string {
  if (today !== lastToday) {
    lastToday = today;
    lastTodayDigits = today.replaceAll('-', '');
  }
  return lastTodayDigits;
}

/**
 * Whether a normalised number reads as a resident ID at all: 18 characters with a matching MOD 11-2
 * check character, a province prefix and a real birth date from 1880 to `today` (YYYY-MM-DD; without
 * it, to 2099), or 15 digits with a province and a real date. A check character alone matches one
 * all-digit USCC in eleven.
 * @example isResidentIdShaped('530426196503121012') // true; isResidentIdShaped('125301033935485353') // false
 */
export function isResidentIdShaped(value: string, today?: string): boolean {
  if (value.length === 15)
    return FORMAT_15.test(value) && hasProvince(value) && isCalendarDate(`19${value.slice(6, 12)}`);
  if (
    value.length !== 18 ||
    !FORMAT_18.test(value) ||
    residentIdCheckChar(value) !== value[17] ||
    !hasProvince(value)
  )
    return false;
  const dob = value.slice(6, 14);
  const latest = today === undefined ? '20991231' : todayDigits(today);
  return dob >= '18800101' && dob <= latest && isCalendarDateAt(value, 6);
}

function isSequential(s: string): boolean {
  const first = (s.charCodeAt(1) - s.charCodeAt(0) + 10) % 10;
  if (first !== 1 && first !== 9) return false; // the usual number: decided by its first two digits
  let up = true;
  let down = true;
  for (let i = 1; i < 17; i++) {
    const diff = (s.charCodeAt(i) - s.charCodeAt(i - 1) + 10) % 10;
    if (diff !== 1) up = false;
    if (diff !== 9) down = false;
  }
  return up || down;
}

function dateIssue(
  dob: string,
  p: ResidentIdParams,
  today: string | undefined,
  legacy: boolean,
): Issue | undefined {
  if (!isCalendarDate(dob)) return { code: legacy ? 'id.legacy15_bad_date' : 'id.bad_date' };
  if (dob < p.minDate || (today !== undefined && dob > today)) return { code: 'id.date_out_of_range' };
  if (today !== undefined && p.maxAge > 0 && digitsAt(today, 0, 4) - digitsAt(dob, 0, 4) > p.maxAge) {
    return { code: 'id.too_old', severity: 'warning', params: { maxAge: p.maxAge } };
  }
  return undefined;
}

function regionKnown(region: string, p: ResidentIdParams): boolean {
  let known = p.regionMemo.get(region);
  if (known === undefined) {
    const g = getGazetteer();
    // An ID keeps the code of the county where it was first issued, often one retired since. Only
    // where the retired codes are listed (Yunnan, above) is an unknown code held against it.
    known =
      !RETIRED_CODES_LISTED.has(region.slice(0, 2)) ||
      g.division(region) !== undefined ||
      p.known.has(region) ||
      HISTORICAL_PREFECTURES.test(region);
    if (p.regionMemo.size < 100_000) p.regionMemo.set(region, known);
  }
  return known;
}

export const checkResidentId: CheckFn<ResidentIdParams> = (value, p, ctx) => {
  const today = p.todayDate ?? (ctx.today === undefined ? undefined : todayDigits(ctx.today));
  if (value.length === 15 && FORMAT_15.test(value)) {
    if (!hasProvince(value)) return { code: 'id.bad_province' };
    const issue = dateIssue(`19${value.slice(6, 12)}`, p, today, true);
    if (issue) return issue;
    // ID-06: a legacy number that passes ID-03/04 is upgraded with certainty, so it is a tag (INFO).
    return { code: 'id.legacy_15', severity: 'info', suggested: upgradeResidentId15(value) };
  }
  if (!FORMAT_18.test(value)) return { code: 'id.bad_format', params: { length: [...value].length } };
  const repdigit = value.charCodeAt(0) === value.charCodeAt(1) && REPDIGIT.test(value.slice(0, 17));
  if (p.placeholderSet.has(value) || repdigit || isSequential(value)) return { code: 'id.placeholder' };
  if (!hasProvince(value)) return { code: 'id.bad_province' };
  const dateProblem = dateIssue(value.slice(6, 14), p, today, false);
  if (dateProblem && dateProblem.severity === undefined) return dateProblem;
  if (residentIdCheckChar(value) !== value[17]) return { code: 'id.bad_checksum' };
  if (dateProblem) return dateProblem;
  if (!regionKnown(value.slice(0, 6), p))
    return { code: 'id.unknown_region', severity: 'warning', params: { region: value.slice(0, 6) } };
  return undefined;
};

export const residentIdCheck: CheckKindDefinition<typeof ResidentIdParamsSchema> = {
  params: ResidentIdParamsSchema,
  fn: checkResidentId,
  fields: ['cert_no'],
  messages: {
    'id.bad_format': {
      zh: '身份证号应为18位（末位可为X），实为{length}位或含非法字符',
      en: 'must be 18 characters (last may be X); got {length} or bad characters',
    },
    'id.placeholder': { zh: '身份证号为示例或占位号码', en: 'example or placeholder ID number' },
    'id.bad_province': {
      zh: '身份证号前两位不是有效省份代码',
      en: 'first two digits are not a province code',
    },
    'id.bad_date': { zh: '出生日期不是有效日期', en: 'birth date is not a calendar date' },
    'id.legacy15_bad_date': {
      zh: '15位身份证号的出生日期无效',
      en: 'birth date of the 15-digit ID is not a calendar date',
    },
    'id.date_out_of_range': {
      zh: '出生日期早于1880年或晚于今天',
      en: 'birth date before 1880 or in the future',
    },
    'id.too_old': { zh: '年龄超过{maxAge}岁，请核实', en: 'older than {maxAge}: please verify' },
    'id.bad_checksum': { zh: '校验码错误', en: 'check character is wrong' },
    'id.unknown_region': {
      zh: '地址码{region}不在行政区划代码表中',
      en: 'region code {region} is not a known county',
    },
    'id.legacy_15': {
      zh: '15位旧号码，应升级为18位：{suggested}',
      en: 'legacy 15-digit number; upgrade to 18 digits',
    },
  },
};
