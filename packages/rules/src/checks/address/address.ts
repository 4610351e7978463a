// `address` (catalogue §6.3, AD-01/02/03/05/06): vague or empty, too short, missing levels,
// another region named, relative directions, repeated prefix. One issue per address, the most
// serious first.
import { z } from 'zod';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn, Issue } from '../../types.ts';
import {
  customerRegion,
  isConsistent,
  parseAddress,
  type CustomerRegion,
  type ParsedAddress,
} from './address-parse.ts';

export const ADDRESS_SUBCHECKS = ['vague', 'short', 'region', 'levels', 'relative', 'duplicate'] as const;
export const DEFAULT_VAGUE = [
  '不详',
  '未知',
  '无',
  '暂无',
  '同上',
  '同前',
  '见上',
  '待定',
  '待补',
  '待核实',
  '空',
  '无地址',
  '地址不详',
  '不知道',
  'null',
  'none',
  'n/a',
  'na',
  'test',
  '测试',
];
export const DEFAULT_RELATIVE = ['附近', '旁边', '对面', '后面', '隔壁', '往前', '路口', '斜对'];

export const AddressParamsSchema = z
  .strictObject({
    /** Sub-checks to run; all by default. */
    checks: z.array(z.enum(ADDRESS_SUBCHECKS)).default([...ADDRESS_SUBCHECKS]),
    /** Whole-address stand-ins (compared case-insensitively); 详见… and punctuation-only are always vague. */
    vague: z.array(z.string().min(1)).default(DEFAULT_VAGUE),
    /** Fewer Han characters and digits than this is too short. */
    minChars: z.number().int().min(1).max(50).default(6),
    /** Levels below the county that must be present. A road with a number stands in for town and village. */
    minLevels: z.array(z.enum(['town', 'village', 'house_number'])).default(['town', 'village']),
    /** Tag (INFO) an address with no house number when house_number is not required. */
    tagMissingHouseNumber: z.boolean().default(true),
    relativeWords: z.array(z.string().min(1)).default(DEFAULT_RELATIVE),
  })
  .transform((p) => {
    const run = new Set(p.checks);
    const needs = new Set(p.minLevels);
    const vague = p.vague.map((v) => v.toLowerCase());
    return {
      ...p,
      run,
      vagueSet: new Set(vague),
      // Lower-casing never shortens a string, so a value longer than every stand-in is none of them
      // (and two-byte strings skip the costly ICU lower-casing).
      vagueMaxLength: Math.max(0, ...vague.map((v) => v.length)),
      needs,
      // Sub-checks and levels as booleans, decided once per rule instead of per address.
      runVague: run.has('vague'),
      runShort: run.has('short'),
      runRegion: run.has('region'),
      runLevels: run.has('levels'),
      runRelative: run.has('relative'),
      runDuplicate: run.has('duplicate'),
      needsTown: needs.has('town'),
      needsVillage: needs.has('village'),
      needsHouseNumber: needs.has('house_number'),
      anyRelative: new RegExp(p.relativeWords.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')),
      atLeastMinChars: new RegExp(`^(?:[^${MEANINGFUL}]*[${MEANINGFUL}]){${p.minChars}}`),
    };
  });
export type AddressParams = z.output<typeof AddressParamsSchema>;

const PUNCTUATION_ONLY = /^[\p{P}\p{S}\s]+$/u;
/** What counts towards the length: digits, Han characters (BMP blocks; an astral ideograph counts once, by its high surrogate). */
const MEANINGFUL = '0-9\\u3400-\\u9fff\\uf900-\\ufaff\\ud840-\\ud8bf';
const MEANINGFUL_CHAR = new RegExp(`[${MEANINGFUL}]`, 'g');
/** Han characters and digits in `s` (the message's count; the check itself uses the anchored regex). */
export function meaningfulChars(s: string): number {
  return s.match(MEANINGFUL_CHAR)?.length ?? 0;
}

function regionIssue(a: ParsedAddress, region: CustomerRegion): Issue | undefined {
  let warning: Issue | undefined;
  for (const d of a.named) {
    if (isConsistent(d, region)) continue;
    const params = { place: d.name };
    if (region.province && d.code.slice(0, 2) !== region.province)
      return { code: 'address.other_province', params };
    if (d.level !== 'county' || (region.city && d.code.slice(0, 4) !== region.city))
      return { code: 'address.other_city', params };
    // Same prefecture, another county: supply across a county boundary happens.
    warning ??= { code: 'address.other_county', params, severity: 'warning' };
  }
  const other = a.otherCountyTown;
  // A town of another county, the county itself unnamed: town names repeat, so a warning.
  if (other && !warning) {
    const params = { place: other.town.name, county: other.county.name };
    return { code: 'address.other_county_town', params, severity: 'warning' };
  }
  return warning;
}

// 红路口村 is a village, not "at the crossing": a word followed by a place ending is part of a name.
const PLACE_ENDING = /^(?:村|社区|组|寨|街|镇|乡)/;
function hasRelativeWord(value: string, word: string): boolean {
  for (let i = value.indexOf(word); i >= 0; i = value.indexOf(word, i + 1)) {
    if (!PLACE_ENDING.test(value.slice(i + word.length, i + word.length + 2))) return true;
  }
  return false;
}

function isVague(value: string, p: AddressParams): boolean {
  if (value.length <= p.vagueMaxLength && p.vagueSet.has(value.toLowerCase())) return true;
  return value.startsWith('详见') || PUNCTUATION_ONLY.test(value);
}

function isRelative(value: string, p: AddressParams): boolean {
  // One regex finds the usual address (no relative word at all); the exact test runs only on a hit.
  if (!p.anyRelative.test(value)) return false;
  for (const w of p.relativeWords) if (hasRelativeWord(value, w)) return true;
  return false;
}

export const checkAddress: CheckFn<AddressParams> = (value, p, ctx) => {
  if (p.runVague && isVague(value, p)) return { code: 'address.vague' };
  if (p.runShort && !p.atLeastMinChars.test(value))
    return { code: 'address.too_short', params: { min: p.minChars } };
  const region = customerRegion(ctx.record);
  const a = parseAddress(value, region);
  const regional = p.runRegion ? regionIssue(a, region) : undefined;
  if (regional && regional.severity === undefined) return regional;
  if (p.runLevels) {
    const town = a.hasTown || a.hasRoad;
    const village = a.hasVillage || a.hasRoad || a.hasHouseNumber;
    const missingTown = p.needsTown && !town;
    const missingVillage = p.needsVillage && !village;
    if (missingTown && missingVillage) return { code: 'address.missing_levels' };
    if (missingTown) return { code: 'address.missing_town', severity: 'warning' };
    if (missingVillage) return { code: 'address.missing_village', severity: 'warning' };
    if (p.needsHouseNumber && !a.hasHouseNumber)
      return { code: 'address.missing_house_number', severity: 'warning' };
  }
  if (regional) return regional;
  if (p.runRelative && isRelative(value, p)) return { code: 'address.relative', severity: 'warning' };
  if (p.runDuplicate && a.deduplicated !== undefined) {
    return { code: 'address.duplicate_prefix', severity: 'info', suggested: a.deduplicated };
  }
  if (p.runLevels && p.tagMissingHouseNumber && !a.hasHouseNumber && !a.hasRoad) {
    return { code: 'address.no_house_number', severity: 'info' };
  }
  return undefined;
};

export const addressCheck: CheckKindDefinition<typeof AddressParamsSchema> = {
  params: AddressParamsSchema,
  fn: checkAddress,
  fields: ['address'],
  messages: {
    'address.vague': { zh: '地址为空泛填写（如“不详”“同上”）', en: 'vague or placeholder address' },
    'address.too_short': {
      zh: '地址过短（少于{min}个字）',
      en: 'address too short (fewer than {min} characters)',
    },
    'address.other_province': {
      zh: '地址写的是外省（{place}），与客户所属地区不符',
      en: 'names another province ({place}) than the customer’s',
    },
    'address.other_city': {
      zh: '地址写的是其他地市（{place}），与客户所属地区不符',
      en: 'names another city ({place}) than the customer’s',
    },
    'address.other_county': {
      zh: '地址写的是其他区县（{place}）',
      en: 'names another county ({place}) than the customer’s',
    },
    'address.other_county_town': {
      zh: '地址中的乡镇（街道）{place}属于{county}，与客户所属区县不符',
      en: 'names a township/street ({place}) of another county ({county}) than the customer’s',
    },
    'address.missing_levels': {
      zh: '缺少乡镇（街道）和村（社区）',
      en: 'no township/street and no village/community',
    },
    'address.missing_town': { zh: '缺少乡镇（街道）', en: 'no township/street' },
    'address.missing_village': { zh: '缺少村（社区）', en: 'no village/community' },
    'address.missing_house_number': { zh: '缺少门牌号', en: 'no house number' },
    'address.relative': {
      zh: '使用相对位置描述（如“附近”“对面”）',
      en: 'relative description ("near", "opposite")',
    },
    'address.duplicate_prefix': { zh: '行政区划重复填写', en: 'administrative part repeated' },
    'address.no_house_number': { zh: '无门牌号', en: 'no house number' },
  },
};
