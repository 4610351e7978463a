// Reads an address the way the checks need it: the administrative prefix (province → city →
// county, in any written form), division names written further on, and which of the lower levels
// (town/street, village/community, road, house number) are present.
import { getGazetteer, type AdminMatch, type Division } from '../../gazetteer/gazetteer.ts';
import type { CustomerRecord } from '../../types.ts';

export interface CustomerRegion {
  province?: string;
  city?: string;
  county?: string;
}

export interface ParsedAddress {
  /** Divisions named anywhere in the address (prefix first). */
  named: Division[];
  /** Where the administrative prefix ends. */
  prefixEnd: number;
  /** The address with a repeated administrative name (峨山县峨山县…) or a repeated whole removed. */
  deduplicated?: string;
  county?: string;
  hasTown: boolean;
  hasVillage: boolean;
  hasRoad: boolean;
  hasHouseNumber: boolean;
}

const LEVEL_RANK = { province: 0, city: 1, county: 2 } as const;
const TOWN = /(?:乡|镇|街道|苏木|农场|林场|开发区|园区|办事处)/;
const VILLAGE = /(?:村|社区|居委会|小组|[0-9一二三四五六七八九十]+(?:组|队|社)|小区|片区|花园|公寓|大厦|苑|新区)/;
const ROAD = /(?:路|大道|大街|街|巷|弄|胡同)(?!道)(?:[东南西北中]段)?[0-9]/;
const HOUSE_NUMBER = /[0-9]+(?:号|栋|幢|单元|室|户)|[0-9]+组[0-9]+|[0-9]+-[0-9]+/;

/** The customer's region as province / city / county codes, whichever are known. */
export function customerRegion(record: CustomerRecord): CustomerRegion {
  const r = record.region;
  const county = r?.countyCode;
  const city = r?.cityCode ?? county?.slice(0, 4);
  const province = r?.provinceCode ?? city?.slice(0, 2);
  const out: CustomerRegion = {};
  if (province) out.province = province;
  if (city) out.city = city;
  if (county) out.county = county;
  return out;
}

/** Whether a named division can be the customer's own (or contain it). */
export function isConsistent(d: Division, region: CustomerRegion): boolean {
  const own = d.level === 'province' ? region.province : d.level === 'city' ? region.city : region.county;
  return own === undefined || own === d.code;
}

function pick(matches: AdminMatch[], region: CustomerRegion): AdminMatch | undefined {
  return matches.find((m) => isConsistent(m.division, region)) ?? matches[0];
}

function parsePrefix(s: string, region: CustomerRegion, named: Division[]): { end: number; deduplicated?: string } {
  const g = getGazetteer();
  let pos = 0;
  let rank = -1;
  let last: Division | undefined;
  let deduplicated: string | undefined;
  for (;;) {
    const candidates = g.matchAt(s, pos, true).filter((m) => LEVEL_RANK[m.division.level] > rank || m.division === last);
    const m = pick(candidates, region);
    if (!m) break;
    if (m.division === last) deduplicated ??= s.slice(0, m.start) + s.slice(m.end);
    else named.push(m.division);
    last = m.division;
    rank = LEVEL_RANK[m.division.level];
    pos = m.end;
  }
  return deduplicated === undefined ? { end: pos } : { end: pos, deduplicated };
}

function scanRest(s: string, from: number, region: CustomerRegion, named: Division[]): void {
  const g = getGazetteer();
  for (let i = from; i < s.length; ) {
    const entry = g.nameAt(s, i);
    if (!entry) {
      i++;
      continue;
    }
    // An ambiguous name is read as the customer's own place when one of its readings is.
    const d = entry.divisions.find((x) => isConsistent(x, region)) ?? entry.divisions[0];
    if (d) named.push(d);
    i += entry.text.length;
  }
}

/** End of the first place of the list named in `rest` (full name, else short name), or -1. */
function placeEnd(rest: string, places: readonly { name: string; short: string }[]): number {
  for (const p of places) {
    const i = rest.indexOf(p.name);
    if (i >= 0) return i + p.name.length;
  }
  for (const p of places) {
    const i = p.short === '' ? -1 : rest.indexOf(p.short);
    if (i >= 0) return i + p.short.length;
  }
  return -1;
}

/**
 * Parses one normalised address against the customer's region.
 * @example parseAddress('玉溪市峨山县双江街道柏锦社区3组45号', { county: '530426' }).hasHouseNumber // true
 */
export function parseAddress(s: string, region: CustomerRegion): ParsedAddress {
  const named: Division[] = [];
  const prefix = parsePrefix(s, region, named);
  scanRest(s, prefix.end, region, named);
  const rest = s.slice(prefix.end);
  const county = named.find((d) => d.level === 'county')?.code ?? region.county;
  const g = getGazetteer();
  // The village is looked for after the town, so 双江社区 is not read into 双江街道.
  const townMatch = TOWN.exec(rest);
  let townEnd = townMatch ? townMatch.index + townMatch[0].length : -1;
  if (county && townEnd < 0) townEnd = placeEnd(rest, g.towns(county));
  const afterTown = townEnd < 0 ? rest : rest.slice(townEnd);
  const hasVillage = VILLAGE.test(afterTown) || (county !== undefined && placeEnd(afterTown, g.villages(county)) >= 0);
  const half = s.length / 2;
  const deduplicated =
    prefix.deduplicated ?? (s.length >= 8 && Number.isInteger(half) && s.slice(0, half) === s.slice(half) ? s.slice(0, half) : undefined);
  const parsed: ParsedAddress = {
    named,
    prefixEnd: prefix.end,
    hasTown: townEnd >= 0,
    hasVillage,
    hasRoad: ROAD.test(rest),
    hasHouseNumber: HOUSE_NUMBER.test(rest),
  };
  if (county) parsed.county = county;
  if (deduplicated !== undefined) parsed.deduplicated = deduplicated;
  return parsed;
}
