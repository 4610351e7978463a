// Reads the division names in an address: the administrative prefix (province → city → county,
// in any written form) and names written further on. Of an ambiguous name (鼓楼区: four provinces)
// the reading nearest the customer wins; a reading of another place must show it names a place.
import { getGazetteer, type Division, type IndexEntry } from '../../gazetteer/gazetteer.ts';
import type { CustomerRecord } from '../../types.ts';

export interface CustomerRegion {
  province?: string;
  city?: string;
  county?: string;
}

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

/** How near a reading of a name is to the customer: 3 own (or containing it), 2 same prefecture, 1 same province, 0 elsewhere. */
function nearness(d: Division, region: CustomerRegion): number {
  if (isConsistent(d, region)) return 3;
  if (region.city !== undefined && d.code.startsWith(region.city)) return 2;
  return region.province !== undefined && d.code.startsWith(region.province) ? 1 : 0;
}

/**
 * Of the readings of an ambiguous name (鼓楼区: four provinces) that may follow a name of rank
 * `rank` (or repeat `last`), the nearest the customer; the first of equals.
 */
function nearest(
  divisions: readonly Division[],
  region: CustomerRegion,
  rank: number,
  last: Division | undefined,
): Division | undefined {
  let best: Division | undefined;
  let bestNear = -1;
  for (const d of divisions) {
    if (rankOf(d) <= rank && d !== last) continue;
    const near = nearness(d, region);
    if (near > bestNear) {
      best = d;
      bestNear = near;
      if (near === 3) break;
    }
  }
  nearestNear = bestNear;
  return best;
}
/** The nearness of the reading `nearest` returned last (read right after the call). */
let nearestNear = -1;

/** Where a town of the customer's county written over position `pos` ends, else -1. */
function ownTownOver(s: string, pos: number, region: CustomerRegion): number {
  if (region.county === undefined) return -1;
  for (const t of getGazetteer().towns(region.county)) {
    const i = s.indexOf(t.name, Math.max(0, pos - t.name.length + 1));
    if (i >= 0 && i <= pos) return i + t.name.length;
  }
  return -1;
}

/**
 * Whether a name read at `pos` (up to `end`) names that place, when the place is not the
 * customer's own: not inside a town of the customer's county (朝阳门街道 in 东城区, 西城区街道 in
 * 定州市); a bare name only with its level word or a division within it after it (四川成都…), not
 * in a village's or an estate's name (东方红村, 西山北镇).
 */
function readsAsPlace(
  s: string,
  pos: number,
  end: number,
  entry: IndexEntry,
  d: Division,
  region: CustomerRegion,
): boolean {
  if (ownTownOver(s, pos, region) >= 0) return false;
  if (entry.form !== 'bare' || end > pos + entry.text.length) return true;
  const next = getGazetteer().entryAt(s, end, true);
  return next !== undefined && next.divisions.some((x) => x !== d && x.code.startsWith(d.code));
}

// Reads province → city → county names from the start, each of a lower level than the last (or
// the same division again: 峨山县峨山县 is a repeated prefix). Of an ambiguous name, the reading
// nearest the customer's region wins. No allocation per step: this runs for every address.
/** Reads the prefix: where it ends, where its last name starts (-1 when none), and the address
 * without a repeated name. */
export function parsePrefix(
  s: string,
  region: CustomerRegion,
  named: Division[],
): { end: number; lastStart: number; deduplicated?: string } {
  const g = getGazetteer();
  let pos = 0;
  let rank = -1;
  let last: Division | undefined;
  let deduplicated: string | undefined;
  let lastStart = -1;
  for (;;) {
    const entry = g.entryAt(s, pos, true);
    if (!entry) break;
    const d = nearest(entry.divisions, region, rank, last);
    if (!d) break;
    const end = g.entryEnd(s, pos, entry);
    if (nearestNear < 3 && !readsAsPlace(s, pos, end, entry, d, region)) break;
    if (d === last) {
      // A bare repeat without its level word begins a smaller place's name (辛集市辛集经济开发区),
      // and so does one that begins a town's (乐亭县乐亭县城区工业聚集区).
      if (entry.form === 'bare' && end === pos + entry.text.length) break;
      if (ownTownOver(s, pos, region) >= 0) break;
      deduplicated ??= s.slice(0, pos) + s.slice(end);
    } else named.push(d);
    last = d;
    rank = rankOf(d);
    lastStart = pos;
    pos = end;
  }
  return deduplicated === undefined ? { end: pos, lastStart } : { end: pos, lastStart, deduplicated };
}

export function scanRest(s: string, from: number, region: CustomerRegion, named: Division[]): void {
  const g = getGazetteer();
  // Only where a name can start: positions nameAt would reject anyway are skipped by one regex.
  for (let i = g.nextNameStart(s, from); i >= 0;) {
    const entry = g.nameAt(s, i);
    if (!entry) {
      i = g.nextNameStart(s, i + 1);
      continue;
    }
    // An ambiguous name is read as the place nearest the customer. Another place's name that
    // ends in a village's or community's (新城区社区, 渤海南区社区) or lies inside one of the
    // county's towns (山西转型综合改革示范区晋中开发区) is part of that name.
    const d = nearest(entry.divisions, region, -1, undefined);
    const foreign = d !== undefined && nearness(d, region) < 3;
    if (foreign && g.isSmallerPlaceAt(s, i + entry.text.length)) {
      i = g.nextNameStart(s, i + 1);
      continue;
    }
    const townEnd = foreign ? ownTownOver(s, i, region) : -1;
    if (townEnd >= 0) {
      i = g.nextNameStart(s, townEnd);
      continue;
    }
    if (d) named.push(d);
    i = g.nextNameStart(s, i + entry.text.length);
  }
}
