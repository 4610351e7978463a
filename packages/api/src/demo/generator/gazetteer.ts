// Real place names for a generated province, from the national gazetteer the rules package ships
// (NBS 2023, any of the 31 provinces). Only names that a rule could not misread are kept: a
// village called 古城村 outside 古城区, or 西山乡 outside 西山区, would make an address look like
// another county's. Villages ship for Yunnan only; elsewhere each town gets plausible village or
// community names made from its code (villages.ts), so the org tree never depends on the seed.
import { AREA_CODES, autonomousShortName, listProvinces, provinceDivisions } from '@qingyuan/rules';
import type { CountyDivision, PrefectureDivision, ProvinceDivision } from '@qingyuan/rules';
import { madeUpVillages } from './villages.ts';

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
  /** Other ways addresses write it: 乳源县 for 乳源瑶族自治县, 增城市 for 增城区 (none in Yunnan, whose stream is pinned). */
  otherForms: readonly string[];
  city: City;
  towns: readonly Town[];
  /** The county's own landline area code where it differs from its prefecture's (奎屯市 0992). */
  areaCode: string;
  localLength: 7 | 8;
}
export interface City {
  code: string;
  /** The prefecture's name as written in addresses; '' for a municipality's 市辖区 (北京市东城区). */
  name: string;
  shortName: string;
  /** Other ways addresses write it: 凉山州, 巴音郭楞州 (none in Yunnan). */
  otherForms: readonly string[];
  areaCode: string;
  localLength: 7 | 8;
  counties: County[];
  province: DemoProvince;
}
export interface DemoProvince {
  code: string;
  /** 云南省, 广西壮族自治区 */
  name: string;
  /** 云南, 广西: how company names write the province. */
  stem: string;
  cities: readonly City[];
  counties: readonly County[];
}

/** The demo's province unless told otherwise. */
export const DEFAULT_PROVINCE = '53';

/**
 * The nine Yunnan prefectures the demo has always had (the others are left out to keep the demo
 * small); every other province has all its prefectures that have a landline area code.
 */
const YUNNAN_CITIES = new Set(['5301', '5303', '5304', '5305', '5306', '5307', '5308', '5323', '5329']);

/** Whether a province code is one the generator can make. */
export function isKnownProvince(code: string): boolean {
  return listProvinces().some((p) => p.code === code);
}

const RELATIVE_WORDS = /附近|旁边|对面|后面|隔壁|往前|路口/;
// The generator's own stems: 峨山彝族自治县 → 峨山, 五华区 → 五华, 大理白族自治州 → 大理.
const ETHNIC_AUTONOMY =
  /((彝|傣|哈尼|回|苗|白|纳西|拉祜|佤|傈僳|壮|瑶|布依|布朗|普米|藏|独龙|怒|基诺|德昂|景颇|阿昌|蒙古|水|满)族)+自治(县|州)$/;

/** 峨山彝族自治县 → 峨山, 五华区 → 五华, 大理白族自治州 → 大理, 阿克苏地区 → 阿克苏, 伊犁哈萨克自治州 → 伊犁. */
export function placeStem(name: string): string {
  if (name.endsWith('地区')) return name.slice(0, -2);
  // Nationalities the Yunnan pattern does not know (哈萨克, 土家…): the gazetteer's short form.
  const short = /自治[州县旗]$/.test(name) ? autonomousShortName(name) : undefined;
  const isKnown = ETHNIC_AUTONOMY.test(name) && !name.replace(ETHNIC_AUTONOMY, '').endsWith('族');
  if (short && !isKnown) return short.slice(0, -1);
  return name
    .replace(ETHNIC_AUTONOMY, '')
    .replace(/(壮族自治区|回族自治区|维吾尔自治区|自治区|省)$/, '')
    .replace(/(市|区|县)$/, '');
}

/** Village names as written in addresses: drop committee suffixes and data-entry doubling. */
function villageShortName(raw: string): string | undefined {
  if (raw.includes('虚拟')) return undefined;
  const name = raw
    .replace(/村民委员会[（(]农村社区[）)]$/, '村')
    .replace(/社区居民委员$/, '社区')
    .replace(/社区社区$/, '社区');
  if (!/(村|社区)$/.test(name) || RELATIVE_WORDS.test(name) || name.length < 2) return undefined;
  return name;
}

interface ForeignStems {
  counties: (readonly [string, string])[];
  cities: (readonly [string, string])[];
  provinces: string[];
}
const stemsCache = new Map<string, ForeignStems>();

function foreignStems(provinceCode: string): ForeignStems {
  let stems = stemsCache.get(provinceCode);
  if (stems) return stems;
  const province = provinceDivisions(provinceCode);
  if (!province) throw new RangeError(`unknown province ${provinceCode}`);
  stems = {
    counties: province.prefectures
      .flatMap((p) => p.counties)
      .map((c) => [c.code, placeStem(c.name)] as const)
      .filter((c) => c[1].length >= 2),
    cities: province.prefectures
      .filter((p) => !p.isPlaceholder)
      .map((p) => [p.code, placeStem(p.name)] as const),
    provinces: listProvinces()
      .filter((p) => p.code !== provinceCode)
      .map((p) => placeStem(p.name)),
  };
  stemsCache.set(provinceCode, stems);
  return stems;
}

/**
 * Whether the text contains the stem of a place other than this county's own: any other county
 * or prefecture of its province, or any other province (古城村 outside 古城区, 永胜路 outside 永胜县).
 */
export function mentionsForeignPlace(text: string, countyCode: string): boolean {
  const { counties, cities, provinces } = foreignStems(countyCode.slice(0, 2));
  return (
    counties.some(([code, stem]) => code !== countyCode && text.includes(stem)) ||
    cities.some(([code, stem]) => code !== countyCode.slice(0, 4) && text.includes(stem)) ||
    provinces.some((stem) => text.includes(stem))
  );
}

/** 8 where the area code takes 8-digit local numbers (libphonenumber's table), else 7. */
function localLength(areaCode: string): 7 | 8 {
  return (AREA_CODES.get(areaCode.slice(1)) ?? [7]).includes(8) ? 8 : 7;
}

function usableTowns(county: CountyDivision, hasVillages: boolean): Town[] {
  const towns: Town[] = [];
  for (const t of county.towns) {
    // NBS writes some towns after their county (端州区城东街道); an address names the county once.
    const name = t.name.startsWith(county.name) ? t.name.slice(county.name.length) : t.name;
    if (!/^.{1,}(街道|镇|乡)$/.test(name) || mentionsForeignPlace(name, county.code)) continue;
    const isSubdistrict = t.kind === 'subdistrict';
    const villages = hasVillages
      ? t.villages.flatMap((v) => {
          const name = villageShortName(v);
          return name && !mentionsForeignPlace(name, county.code) ? [name] : [];
        })
      : madeUpVillages(t.code, isSubdistrict).filter((v) => !mentionsForeignPlace(v, county.code));
    if (villages.length > 0) towns.push({ code: t.code, name, villages, isSubdistrict });
  }
  return towns;
}

function isGenerated(province: ProvinceDivision, p: PrefectureDivision): boolean {
  return province.code !== DEFAULT_PROVINCE || YUNNAN_CITIES.has(p.code);
}

/**
 * The city company's short name. A placeholder has none to write in addresses: a municipality's
 * 市辖区 and 县 (重庆, 重庆郊县), a province's directly administered counties (海南直管市县: 文昌, 琼海…).
 */
function cityShortName(stem: string, p: PrefectureDivision): string {
  if (!p.isPlaceholder) return placeStem(p.name);
  return p.name === '市辖区' ? stem : `${stem}${p.name === '县' ? '郊县' : '直管市县'}`;
}

function buildProvince(code: string): DemoProvince {
  const division = provinceDivisions(code);
  if (!division) throw new RangeError(`unknown province ${code}`);
  const cities: City[] = [];
  // Yunnan's stream is pinned by its tests: its addresses keep the official names only.
  const writesVariants = code !== DEFAULT_PROVINCE;
  const province: DemoProvince = {
    code,
    name: division.name,
    stem: placeStem(division.name),
    cities,
    counties: [],
  };
  for (const p of division.prefectures) {
    // 省直辖县级 counties have area codes of their own (石河子 0993); the group may have none.
    const areaCode = p.areaCode ?? p.counties.find((c) => c.areaCode)?.areaCode;
    if (!isGenerated(division, p) || areaCode === undefined) continue;
    const city: City = {
      code: p.code,
      name: p.isPlaceholder ? '' : p.name,
      shortName: cityShortName(province.stem, p),
      otherForms: writesVariants && p.shortName !== p.name ? [p.shortName] : [],
      areaCode,
      localLength: localLength(areaCode),
      counties: [],
      province,
    };
    for (const c of p.counties) {
      if (c.isStatisticalZone) continue;
      const towns = usableTowns(c, division.hasVillages);
      if (towns.length < 2) {
        if (division.hasVillages)
          throw new Error(`county ${c.code} ${c.name} has fewer than two usable towns`);
        continue;
      }
      // No area code to check a landline against (胡杨河市): not generated.
      const countyArea = c.areaCode ?? p.areaCode;
      if (countyArea === undefined) continue;
      city.counties.push({
        code: c.code,
        name: c.name,
        shortName: c.shortName,
        otherForms: writesVariants
          ? [...(c.shortName === c.name ? [] : [c.shortName]), ...c.formerNames]
          : [],
        city,
        towns,
        areaCode: countyArea,
        localLength: localLength(countyArea),
      });
    }
    if (city.counties.length > 0) cities.push(city);
  }
  province.counties = cities.flatMap((c) => c.counties);
  return province;
}

const cache = new Map<string, DemoProvince>();

/** One province's cities with their counties, towns and villages, built once per province. */
export function demoProvince(code: string = DEFAULT_PROVINCE): DemoProvince {
  let province = cache.get(code);
  if (!province) {
    province = buildProvince(code);
    cache.set(code, province);
  }
  return province;
}

/** The cities of a province (the demo's nine for Yunnan), in code order. */
export function demoCities(code: string = DEFAULT_PROVINCE): readonly City[] {
  return demoProvince(code).cities;
}

/** Every county of a province, in code order. */
export function demoCounties(code: string = DEFAULT_PROVINCE): readonly County[] {
  return demoProvince(code).counties;
}
