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
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(' '),
);
// County codes retired since the 1980s that IDs still carry (the code is never changed on a rename).
export const DEFAULT_HISTORICAL_REGIONS = [
  '532331', '530121', '530122', '530321', '530328', '530421', '530422', '533321', '533421', '530630', '532522',
  '532526', '532621', '533102', '533122', '530921', '532721', '532101', '532201', '532401', '533001', '533201',
  '533501', '533221', '530702', '532701',
];
// Whole retired prefecture codes (地区 before they became cities): 昭通 曲靖 玉溪 思茅 保山 丽江 临沧.
const HISTORICAL_PREFECTURES = /^53(?:21|22|24|27|30|32|35)/;

const FORMAT_18 = /^[0-9]{17}[0-9X]$/;
const FORMAT_15 = /^[0-9]{15}$/;
const REPDIGIT = /^(.)\1+$/;

export const ResidentIdParamsSchema = z
  .strictObject({
    /** YYYY-MM-DD; falls back to the context's `today`; without either, the future-date check is skipped. */
    today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    minBirthDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).default('1880-01-01'),
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
  }));
export type ResidentIdParams = z.output<typeof ResidentIdParamsSchema>;

/** Whether YYYYMMDD is a real calendar date. */
export function isCalendarDate(yyyymmdd: string): boolean {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return false;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1] ?? 0;
  return d <= days;
}

function isSequential(s: string): boolean {
  let up = true;
  let down = true;
  for (let i = 1; i < 17; i++) {
    const diff = (s.charCodeAt(i) - s.charCodeAt(i - 1) + 10) % 10;
    if (diff !== 1) up = false;
    if (diff !== 9) down = false;
  }
  return up || down;
}

function dateIssue(dob: string, p: ResidentIdParams, today: string | undefined, legacy: boolean): Issue | undefined {
  if (!isCalendarDate(dob)) return { code: legacy ? 'id.legacy15_bad_date' : 'id.bad_date' };
  if (dob < p.minDate || (today !== undefined && dob > today)) return { code: 'id.date_out_of_range' };
  if (today !== undefined && p.maxAge > 0 && Number(today.slice(0, 4)) - Number(dob.slice(0, 4)) > p.maxAge) {
    return { code: 'id.too_old', severity: 'warning', params: { maxAge: p.maxAge } };
  }
  return undefined;
}

function regionKnown(region: string, p: ResidentIdParams): boolean {
  const g = getGazetteer();
  if (!g.hasCounties(region.slice(0, 2))) return true; // no county data shipped for that province
  return g.division(region) !== undefined || p.known.has(region) || HISTORICAL_PREFECTURES.test(region);
}

export const checkResidentId: CheckFn<ResidentIdParams> = (value, p, ctx) => {
  const today = p.todayDate ?? ctx.today?.replaceAll('-', '');
  if (FORMAT_15.test(value)) {
    if (!PROVINCES.has(value.slice(0, 2))) return { code: 'id.bad_province' };
    const issue = dateIssue(`19${value.slice(6, 12)}`, p, today, true);
    if (issue) return issue;
    return { code: 'id.legacy_15', severity: 'warning', suggested: upgradeResidentId15(value) };
  }
  if (!FORMAT_18.test(value)) return { code: 'id.bad_format', params: { length: [...value].length } };
  if (p.placeholderSet.has(value) || REPDIGIT.test(value.slice(0, 17)) || isSequential(value)) return { code: 'id.placeholder' };
  if (!PROVINCES.has(value.slice(0, 2))) return { code: 'id.bad_province' };
  const dateProblem = dateIssue(value.slice(6, 14), p, today, false);
  if (dateProblem && dateProblem.severity === undefined) return dateProblem;
  if (residentIdCheckChar(value) !== value[17]) return { code: 'id.bad_checksum' };
  if (dateProblem) return dateProblem;
  if (!regionKnown(value.slice(0, 6), p)) return { code: 'id.unknown_region', severity: 'warning', params: { region: value.slice(0, 6) } };
  return undefined;
};

export const residentIdCheck: CheckKindDefinition<typeof ResidentIdParamsSchema> = {
  params: ResidentIdParamsSchema,
  fn: checkResidentId,
  fields: ['cert_no'],
  messages: {
    'id.bad_format': { zh: '身份证号应为18位（末位可为X），实为{length}位或含非法字符', en: 'must be 18 characters (last may be X); got {length} or bad characters' },
    'id.placeholder': { zh: '身份证号为示例或占位号码', en: 'example or placeholder ID number' },
    'id.bad_province': { zh: '身份证号前两位不是有效省份代码', en: 'first two digits are not a province code' },
    'id.bad_date': { zh: '出生日期不是有效日期', en: 'birth date is not a calendar date' },
    'id.legacy15_bad_date': { zh: '15位身份证号的出生日期无效', en: 'birth date of the 15-digit ID is not a calendar date' },
    'id.date_out_of_range': { zh: '出生日期早于1880年或晚于今天', en: 'birth date before 1880 or in the future' },
    'id.too_old': { zh: '年龄超过{maxAge}岁，请核实', en: 'older than {maxAge}: please verify' },
    'id.bad_checksum': { zh: '校验码错误', en: 'check character is wrong' },
    'id.unknown_region': { zh: '地址码{region}不在行政区划代码表中', en: 'region code {region} is not a known county' },
    'id.legacy_15': { zh: '15位旧号码，应升级为18位：{suggested}', en: 'legacy 15-digit number; upgrade to 18 digits' },
  },
};
