// Reads an address the way the checks need it: the division names (address-names.ts), and which
// of the lower levels (town/street, village/community, road, house number) are present.
import {
  getGazetteer,
  isStatisticalZone,
  shortTown,
  type Division,
  type Place,
} from '../../gazetteer/gazetteer.ts';
import { parsePrefix, scanRest, type CustomerRegion } from './address-names.ts';

export { customerRegion, isConsistent, type CustomerRegion } from './address-names.ts';

export interface ParsedAddress {
  /** Divisions named anywhere in the address (prefix first). */
  named: Division[];
  /** Where the administrative prefix ends. */
  prefixEnd: number;
  /** The address with a repeated administrative name (峨山县峨山县…) or a repeated whole removed. */
  deduplicated?: string;
  county?: string;
  /** A town of another county of the customer's province, written where the customer's county has none of that name. */
  otherCountyTown?: { town: Place; county: Division };
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

/** Where a place of the list whose full name starts at `at` ends, else -1. */
function fullNameEndFrom(s: string, at: number, places: readonly { name: string }[]): number {
  for (const place of places) if (s.startsWith(place.name, at)) return at + place.name.length;
  return -1;
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
 * The town written before `townEnd` when it is a town of another county of the province and none
 * of the county's own: 大营街道 (红塔区) for an 峨山县 customer. A town of the county ending there
 * is its own (the usual case, decided without allocating); so is one whose name or short name
 * appears anywhere (双江镇 for 双江街道: renamed). Otherwise the longest name ending there counts.
 */
function otherCountyTown(
  s: string,
  townEnd: number,
  county: string,
  province: string,
): { town: Place; county: Division } | undefined {
  const g = getGazetteer();
  let other: Place | undefined;
  for (const t of g.townsEndingNear(province, s, townEnd)) {
    if (t.name.length > townEnd || !s.startsWith(t.name, townEnd - t.name.length)) continue;
    if (t.code.startsWith(county)) return undefined;
    // NBS files some towns under development zones (71–79) that lie across real counties.
    if (isStatisticalZone(t.code.slice(0, 6))) continue;
    if (other === undefined || t.name.length > other.name.length) other = t;
  }
  const otherCounty = other && g.division(other.code.slice(0, 6));
  if (!other || !otherCounty) return undefined;
  const own = g.towns(county);
  const short = shortTown(other.name);
  if (short !== '' && own.some((t) => t.short === short)) return undefined;
  return findPlace(s, own) ? undefined : { town: other, county: otherCounty };
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
  const otherTown =
    townEnd >= 0 &&
    county !== undefined &&
    county === region.county &&
    region.province &&
    !isStatisticalZone(county)
      ? otherCountyTown(s, prefix.end + townEnd, county, region.province)
      : undefined;
  if (county && townEnd < 0) townEnd = placeEnd(rest, g.towns(county));
  // A town whose name begins with division names (天津市东丽区临空经济区, 天津航空物流区, 大兴国际机场)
  // was read as the prefix, all or in part: it starts at the first or the last name read.
  if (county && townEnd < 0 && prefix.lastStart >= 0) {
    const towns = g.towns(county);
    const end = Math.max(fullNameEndFrom(s, 0, towns), fullNameEndFrom(s, prefix.lastStart, towns));
    if (end > prefix.end) townEnd = end - prefix.end;
  }
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
  if (otherTown) parsed.otherCountyTown = otherTown;
  if (deduplicated !== undefined) parsed.deduplicated = deduplicated;
  return parsed;
}
