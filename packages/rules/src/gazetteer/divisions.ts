// The gazetteer as plain data, one province at a time: what a generator needs to make customers
// of any province (its prefectures, counties with codes and short names, towns, villages where
// shipped, landline area codes). Built on request from the shared gazetteer, cached per province.
import { getGazetteer, isStatisticalZone, type Division } from './gazetteer.ts';
import { FORMER_NAMES } from './former-names.ts';
import { autonomousShortName, placeStem } from './names.ts';

/** 街道 (urban subdistrict), 镇 (town), 乡 (township, 民族乡 and 苏木 included), or other (农场, 林场, 开发区…). */
export type TownKind = 'subdistrict' | 'town' | 'township' | 'other';

export interface TownDivision {
  /** 9-digit NBS code: the county's 6 digits and 3 more. */
  code: string;
  name: string;
  kind: TownKind;
  /** Village committees and communities as written in addresses (大寨村, 柏锦社区); empty where villages are not shipped. */
  villages: readonly string[];
}

export interface CountyDivision {
  code: string;
  name: string;
  /** As people write it: 峨山彝族自治县 → 峨山县; other names unchanged. */
  shortName: string;
  /** Without any level word: 峨山, 五华. */
  stem: string;
  /** Names before a rename or merger that addresses still carry (禄丰县 for 禄丰市). */
  formerNames: readonly string[];
  /** Landline area code with trunk 0, when known ('0877'). */
  areaCode?: string;
  /** An NBS statistical zone (开发区, 71–79), not a GB/T 2260 county. */
  isStatisticalZone: boolean;
  towns: readonly TownDivision[];
}

export interface PrefectureDivision {
  code: string;
  name: string;
  /** 凉山彝族自治州 → 凉山州; other names unchanged. */
  shortName: string;
  stem: string;
  areaCode?: string;
  /** 市辖区, 县, 省直辖县级行政区划: a grouping in the code table, not a name anyone writes. */
  isPlaceholder: boolean;
  counties: readonly CountyDivision[];
}

export interface ProvinceDivision {
  code: string;
  name: string;
  /** 云南省 → 云南, 广西壮族自治区 → 广西. */
  stem: string;
  /** Whether towns carry their villages (the pilot province, 53, only). */
  hasVillages: boolean;
  prefectures: readonly PrefectureDivision[];
}

const PLACEHOLDERS = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

function townKind(name: string): TownKind {
  if (/(?:街道|街道办事处)$/.test(name)) return 'subdistrict';
  if (name.endsWith('镇')) return 'town';
  return /(?:乡|苏木)$/.test(name) ? 'township' : 'other';
}

function county(d: Division): CountyDivision {
  const g = getGazetteer();
  const areaCode = g.areaCode(d.code);
  return {
    code: d.code,
    name: d.name,
    shortName: autonomousShortName(d.name) ?? d.name,
    stem: placeStem(d.name, 'county'),
    formerNames: FORMER_NAMES.filter(([, code]) => code === d.code).map(([former]) => former),
    ...(areaCode === undefined ? {} : { areaCode }),
    isStatisticalZone: isStatisticalZone(d.code),
    towns: g.towns(d.code).map((t) => ({
      code: t.code,
      name: t.name,
      kind: townKind(t.name),
      villages: g.villagesOfTown(t.code).map((v) => v.name),
    })),
  };
}

function prefecture(d: Division): PrefectureDivision {
  const areaCode = getGazetteer().areaCode(d.code);
  return {
    code: d.code,
    name: d.name,
    shortName: autonomousShortName(d.name) ?? d.name,
    stem: placeStem(d.name, 'city'),
    ...(areaCode === undefined ? {} : { areaCode }),
    isPlaceholder: PLACEHOLDERS.has(d.name),
    counties: getGazetteer().childrenOf(d.code).map(county),
  };
}

const cache = new Map<string, ProvinceDivision>();

/**
 * One province's divisions down to towns (and villages where shipped), for generators and
 * pickers; undefined for an unknown code.
 * @example provinceDivisions('65')?.prefectures.find((p) => p.code === '6528')?.shortName // '巴音郭楞州'
 */
export function provinceDivisions(code: string): ProvinceDivision | undefined {
  const cached = cache.get(code);
  if (cached) return cached;
  const g = getGazetteer();
  const d = g.division(code);
  if (!d || d.level !== 'province') return undefined;
  const province: ProvinceDivision = {
    code: d.code,
    name: d.name,
    stem: placeStem(d.name, 'province'),
    hasVillages: g.hasVillages(d.code),
    prefectures: g.childrenOf(d.code).map(prefecture),
  };
  cache.set(code, province);
  return province;
}

/**
 * The 31 provinces (code and name), in code order.
 * @example listProvinces()[0] // { code: '11', name: '北京市' }
 */
export function listProvinces(): { code: string; name: string }[] {
  return getGazetteer()
    .provinces()
    .map((p) => ({ code: p.code, name: p.name }));
}
