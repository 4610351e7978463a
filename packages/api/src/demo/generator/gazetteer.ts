// Real place names for the demo province, from the NBS 2023 slice of Yunnan that the rules
// package ships. Only names that a rule could not misread are kept: a village called 古城村
// outside 古城区, or 西山乡 outside 西山区, would make an address look like another county's.
import provinceData from '../../../../rules/src/gazetteer/data/province-53.json' with { type: 'json' };
import divisionsData from '../../../../rules/src/gazetteer/data/cn-divisions.json' with { type: 'json' };

interface ProvinceFile {
  province: string;
  counties: [code: string, name: string, cityCode: string][];
  towns: [code: string, name: string, countyCode: string][];
  villages: [code: string, name: string, townCode: string][];
}
interface DivisionsFile {
  provinces: [code: string, name: string][];
  cities: [code: string, name: string][];
}

export interface Town {
  code: string;
  name: string;
  /** Village committees and communities, in the short written form (大寨村, 柏锦社区). */
  villages: readonly string[];
  isSubdistrict: boolean;
}
export interface County {
  code: string;
  name: string;
  /** 峨山彝族自治县 → 峨山县, as people write it in company names. */
  shortName: string;
  city: City;
  towns: readonly Town[];
}
export interface City {
  code: string;
  name: string;
  shortName: string;
  areaCode: string;
  localLength: 7 | 8;
  counties: County[];
}

export const PROVINCE_NAME = '云南省';

/** The nine prefectures of the demo province, with their landline area codes. */
const CITY_AREA_CODES: readonly (readonly [string, string])[] = [
  ['5301', '0871'],
  ['5303', '0874'],
  ['5304', '0877'],
  ['5305', '0875'],
  ['5306', '0870'],
  ['5307', '0888'],
  ['5308', '0879'],
  ['5323', '0878'],
  ['5329', '0872'],
];

const ETHNIC_AUTONOMY =
  /((彝|傣|哈尼|回|苗|白|纳西|拉祜|佤|傈僳|壮|瑶|布依|布朗|普米|藏|独龙|怒|基诺|德昂|景颇|阿昌|蒙古|水|满)族)+自治(县|州)$/;
const RELATIVE_WORDS = /附近|旁边|对面|后面|隔壁|往前|路口/;

/** 峨山彝族自治县 → 峨山, 五华区 → 五华, 大理白族自治州 → 大理. */
export function placeStem(name: string): string {
  return name
    .replace(ETHNIC_AUTONOMY, '')
    .replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|省)$/, '')
    .replace(/(市|区|县)$/, '');
}

function countyShortName(name: string): string {
  if (ETHNIC_AUTONOMY.test(name)) return `${name.replace(ETHNIC_AUTONOMY, '')}县`;
  return name;
}

/** Village names as written in addresses: drop committee suffixes and data-entry doubling. */
function villageShortName(raw: string): string | undefined {
  if (raw.includes('虚拟')) return undefined;
  const name = raw
    .replace(/村民委员会（农村社区）$/, '村')
    .replace(/社区居民委员$/, '社区')
    .replace(/社区社区$/, '社区');
  if (!/(村|社区)$/.test(name) || RELATIVE_WORDS.test(name) || name.length < 2) return undefined;
  return name;
}

let cache: readonly City[] | undefined;
let foreignStems:
  | { counties: (readonly [string, string])[]; cities: (readonly [string, string])[]; provinces: string[] }
  | undefined;

/**
 * Whether the text contains the stem of a place other than this county's own: any other Yunnan
 * county or prefecture, or any other province (古城村 outside 古城区, 永胜路 outside 永胜县).
 */
export function mentionsForeignPlace(text: string, countyCode: string): boolean {
  if (!foreignStems) {
    const prov = provinceData as unknown as ProvinceFile;
    const divisions = divisionsData as unknown as DivisionsFile;
    foreignStems = {
      counties: prov.counties.map((c) => [c[0], placeStem(c[1])] as const).filter((c) => c[1].length >= 2),
      cities: divisions.cities
        .filter((c) => c[0].startsWith(prov.province))
        .map((c) => [c[0], placeStem(c[1])] as const),
      provinces: divisions.provinces.filter((p) => p[0] !== prov.province).map((p) => placeStem(p[1])),
    };
  }
  const { counties, cities, provinces } = foreignStems;
  return (
    counties.some(([code, stem]) => code !== countyCode && text.includes(stem)) ||
    cities.some(([code, stem]) => code !== countyCode.slice(0, 4) && text.includes(stem)) ||
    provinces.some((stem) => text.includes(stem))
  );
}

/** The nine cities with their counties, towns and villages, built once. */
export function demoCities(): readonly City[] {
  if (cache) return cache;
  const prov = provinceData as unknown as ProvinceFile;
  const divisions = divisionsData as unknown as DivisionsFile;
  const yunnanCities = divisions.cities.filter((c) => c[0].startsWith(prov.province));
  const villagesByTown = new Map<string, string[]>();
  for (const [code, raw, townCode] of prov.villages) {
    const name = villageShortName(raw);
    if (!name || mentionsForeignPlace(name, code.slice(0, 6))) continue;
    const list = villagesByTown.get(townCode) ?? [];
    list.push(name);
    villagesByTown.set(townCode, list);
  }
  const townsByCounty = new Map<string, Town[]>();
  for (const [code, name, countyCode] of prov.towns) {
    const villages = villagesByTown.get(code);
    if (!/(街道|镇|乡)$/.test(name) || !villages || mentionsForeignPlace(name, countyCode)) continue;
    const list = townsByCounty.get(countyCode) ?? [];
    list.push({ code, name, villages, isSubdistrict: name.endsWith('街道') });
    townsByCounty.set(countyCode, list);
  }
  const cities: City[] = CITY_AREA_CODES.map(([code, areaCode]) => {
    const name = yunnanCities.find((c) => c[0] === code)?.[1];
    if (!name) throw new Error(`city ${code} missing from cn-divisions.json`);
    return {
      code,
      name,
      shortName: placeStem(name),
      areaCode,
      localLength: areaCode === '0871' ? 8 : 7,
      counties: [],
    };
  });
  for (const [code, name, cityCode] of prov.counties) {
    const city = cities.find((c) => c.code === cityCode);
    const towns = townsByCounty.get(code);
    if (!city) continue;
    if (!towns || towns.length < 2) throw new Error(`county ${code} ${name} has fewer than two usable towns`);
    city.counties.push({ code, name, shortName: countyShortName(name), city, towns });
  }
  cache = cities;
  return cities;
}

/** Every county of the demo province, in code order. */
export function demoCounties(): readonly County[] {
  return demoCities().flatMap((c) => c.counties);
}
