// Reads an address the way the checks need it: the administrative prefix (province → city →
// county, in any written form), division names written further on, and which of the lower levels
// (town/street, village/community, road, house number) are present.
import { getGazetteer, type Division, type Place } from '../../gazetteer/gazetteer.ts';
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

const TOWN = /(?:乡|镇|街道|苏木|农场|林场|开发区|园区|办事处)/;
const VILLAGE =
  /(?:村|社区|居委会|小组|[0-9一二三四五六七八九十]+(?:组|队|社)|小区|片区|花园|公寓|大厦|苑|新区)/;
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

const rankOf = (d: Division): number => (d.level === 'province' ? 0 : d.level === 'city' ? 1 : 2);

// Reads province → city → county names from the start, each of a lower level than the last (or
// the same division again: 峨山县峨山县 is a repeated prefix). Of an ambiguous name, the reading
// that is the customer's own wins. No allocation per step: this runs for every address.
function parsePrefix(
  s: string,
  region: CustomerRegion,
  named: Division[],
): { end: number; deduplicated?: string } {
  const g = getGazetteer();
  let pos = 0;
  let rank = -1;
  let last: Division | undefined;
  let deduplicated: string | undefined;
  for (;;) {
    const entry = g.entryAt(s, pos, true);
    if (!entry) break;
    let first: Division | undefined;
    let own: Division | undefined;
    for (const d of entry.divisions) {
      if (rankOf(d) <= rank && d !== last) continue;
      first ??= d;
      if (isConsistent(d, region)) {
        own = d;
        break;
      }
    }
    const d = own ?? first;
    if (!d) break;
    const end = g.entryEnd(s, pos, entry);
    if (d === last) deduplicated ??= s.slice(0, pos) + s.slice(end);
    else named.push(d);
    last = d;
    rank = rankOf(d);
    pos = end;
  }
  return deduplicated === undefined ? { end: pos } : { end: pos, deduplicated };
}

function scanRest(s: string, from: number, region: CustomerRegion, named: Division[]): void {
  const g = getGazetteer();
  // Only where a name can start: positions nameAt would reject anyway are skipped by one regex.
  for (let i = g.nextNameStart(s, from); i >= 0;) {
    const entry = g.nameAt(s, i);
    if (!entry) {
      i = g.nextNameStart(s, i + 1);
      continue;
    }
    // An ambiguous name is read as the customer's own place when one of its readings is.
    const d = entry.divisions.find((x) => isConsistent(x, region)) ?? entry.divisions[0];
    if (d) named.push(d);
    i = g.nextNameStart(s, i + entry.text.length);
  }
}

/** The first place of the list named in `rest` (full name, else short name) and where it ends. */
function findPlace<P extends { name: string; short: string }>(
  rest: string,
  places: readonly P[],
): { place: P; end: number } | undefined {
  for (const place of places) {
    const i = rest.indexOf(place.name);
    if (i >= 0) return { place, end: i + place.name.length };
  }
  for (const place of places) {
    const i = place.short === '' ? -1 : rest.indexOf(place.short);
    if (i >= 0) return { place, end: i + place.short.length };
  }
  return undefined;
}

const placeEnd = (rest: string, places: readonly { name: string; short: string }[]): number =>
  findPlace(rest, places)?.end ?? -1;

/** The whole address written twice (≥ 8 characters); compared in place, usually decided by the first character. */
function isDoubled(s: string): boolean {
  const half = s.length / 2;
  if (s.length < 8 || !Number.isInteger(half)) return false;
  for (let i = 0; i < half; i++) if (s.charCodeAt(i) !== s.charCodeAt(i + half)) return false;
  return true;
}

/**
 * Villages a bare village name may be read against: those of the town the address names, when it
 * names one of the county's towns (胜境街道新街 is a street: 新街村 lies in another town), else the county's.
 */
function villagesNear(rest: string, county: string): readonly Place[] {
  const g = getGazetteer();
  const town = findPlace(rest, g.towns(county));
  return town ? g.villagesOfTown(town.place.code) : g.villages(county);
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
  const hasVillage =
    VILLAGE.test(afterTown) || (county !== undefined && placeEnd(afterTown, villagesNear(rest, county)) >= 0);
  const deduplicated = prefix.deduplicated ?? (isDoubled(s) ? s.slice(0, s.length / 2) : undefined);
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
