// GB/T 2260 / NBS division data, indexed once on first use. Provinces and cities for all China;
// counties, towns and villages for the provinces shipped in data/ (Yunnan, 53).
import divisionData from './data/cn-divisions.json' with { type: 'json' };
import yunnan from './data/province-53.json' with { type: 'json' };
import { nameForms, type NameForm } from './names.ts';

export type AdminLevel = 'province' | 'city' | 'county';

export interface Division {
  code: string;
  name: string;
  level: AdminLevel;
}

export interface Place {
  code: string;
  name: string;
  /** Name without its 镇/乡/街道 (towns) or 村/社区 (villages) ending; '' when too short to use. */
  short: string;
}

/** A division name found in a text, and how it was written. */
export interface AdminMatch {
  division: Division;
  start: number;
  end: number;
  form: NameForm;
}

const divisions = divisionData as { provinces: [string, string][]; cities: [string, string][] };

/** One written form of one or more divisions' names. */
export interface IndexEntry {
  text: string;
  form: NameForm;
  divisions: Division[];
}

interface ProvinceSlice {
  province: string;
  counties: [string, string, string][];
  towns: [string, string, string][];
  villages: [string, string, string][];
}

// Renamed or upgraded divisions still written in addresses (old name → current code).
const FORMER_NAMES: Readonly<Record<string, string>> = {
  禄丰县: '532302', 呈贡县: '530114', 晋宁县: '530115', 马龙县: '530304', 沾益县: '530303', 江川县: '530403',
  澄江县: '530481', 泸水县: '533301', 中甸县: '533401', 香格里拉县: '533401', 水富县: '530681', 蒙自县: '532503',
  弥勒县: '532504', 文山县: '532601', 潞西市: '533103', 思茅市: '5308', 思茅地区: '5308', 玉溪地区: '5304',
  曲靖地区: '5303', 昭通地区: '5306', 丽江地区: '5307', 临沧地区: '5309', 保山地区: '5305', 临沧县: '530902',
};

export class Gazetteer {
  private readonly byCode = new Map<string, Division>();
  private readonly townsByCounty = new Map<string, Place[]>();
  private readonly villagesByCounty = new Map<string, Place[]>();
  private readonly provincesWithCounties = new Set<string>();
  /** first character → name forms starting with it, longest first. */
  private readonly index = new Map<string, IndexEntry[]>();
  /** The same, only the forms safe to look for anywhere in a text (not bare, ≥ 3 characters). */
  private readonly anywhere = new Map<string, IndexEntry[]>();

  constructor(slices: readonly ProvinceSlice[]) {
    for (const [code, name] of divisions.provinces) this.add({ code, name, level: 'province' });
    for (const [code, name] of divisions.cities) this.add({ code, name, level: 'city' });
    for (const slice of slices) {
      this.provincesWithCounties.add(slice.province);
      for (const [code, name] of slice.counties) this.add({ code, name, level: 'county' });
      const townCounty = new Map<string, string>();
      for (const [code, name, county] of slice.towns) {
        townCounty.set(code, county);
        push(this.townsByCounty, county, { code, name, short: shortTown(name) });
      }
      for (const [code, name, town] of slice.villages) {
        push(this.villagesByCounty, townCounty.get(town) ?? town.slice(0, 6), { code, name, short: shortVillage(name) });
      }
    }
    for (const [name, code] of Object.entries(FORMER_NAMES)) {
      const d = this.byCode.get(code);
      if (d) this.addForm(name, 'former', d);
    }
    for (const [first, list] of this.index) {
      list.sort((a, b) => b.text.length - a.text.length);
      const safe = list.filter((e) => e.form !== 'bare' && e.text.length >= 3);
      if (safe.length > 0) this.anywhere.set(first, safe);
    }
  }

  private add(d: Division): void {
    this.byCode.set(d.code, d);
    // 市辖区 / 县 are placeholders for municipalities' cities, not names anyone writes.
    if (d.name === '市辖区' || d.name === '县' || d.name === '省直辖县级行政区划' || d.name === '自治区直辖县级行政区划') return;
    for (const [text, form] of nameForms(d.name, d.level)) this.addForm(text, form, d);
  }

  private addForm(text: string, form: NameForm, d: Division): void {
    const first = text[0] ?? '';
    let list = this.index.get(first);
    if (!list) this.index.set(first, (list = []));
    const existing = list.find((e) => e.text === text && e.form === form);
    if (existing) existing.divisions.push(d);
    else list.push({ text, form, divisions: [d] });
  }

  /** The division with that GB/T 2260 code (2, 4 or 6 digits). */
  division(code: string): Division | undefined {
    return this.byCode.get(code);
  }

  /** Whether county-level data is shipped for this province (so an unknown county code is really unknown). */
  hasCounties(provinceCode: string): boolean {
    return this.provincesWithCounties.has(provinceCode);
  }

  towns(countyCode: string): readonly Place[] {
    return this.townsByCounty.get(countyCode) ?? [];
  }

  villages(countyCode: string): readonly Place[] {
    return this.villagesByCounty.get(countyCode) ?? [];
  }

  /** The longest non-bare name (≥ 3 characters) written at `pos`, if any: for scanning whole texts. */
  nameAt(text: string, pos: number): IndexEntry | undefined {
    const list = this.anywhere.get(text[pos] ?? '');
    if (!list) return undefined;
    for (const entry of list) if (text.startsWith(entry.text, pos)) return entry;
    return undefined;
  }

  /**
   * Division names written at `pos`: every form (longest first) that starts there. Bare forms
   * (峨山, 玉溪) only when `allowBare`, and never when the next character makes it a smaller place
   * (玉溪路, 峨山村).
   */
  matchAt(text: string, pos: number, allowBare: boolean): AdminMatch[] {
    const list = this.index.get(text[pos] ?? '');
    if (!list) return [];
    for (const entry of list) {
      if (!text.startsWith(entry.text, pos)) continue;
      if (entry.form === 'bare') {
        if (!allowBare || SMALLER_PLACE.test(text[pos + entry.text.length] ?? '')) continue;
      }
      let end = pos + entry.text.length;
      // 禄丰县 written for 禄丰市: a bare name followed by a level word still names the same place.
      if (entry.form === 'bare') end += LEVEL_WORD.exec(text.slice(end, end + 3))?.[0].length ?? 0;
      return entry.divisions.map((division) => ({ division, start: pos, end, form: entry.form }));
    }
    return [];
  }
}

const SMALLER_PLACE = /[村镇乡街路巷道社组屯寨坝营庄园湾沟箐塘河桥厂站里弄]/;
const LEVEL_WORD = /^(?:地区|省|市|州|县|区|旗|盟)/;

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function shortTown(name: string): string {
  const s = name.replace(/(?:街道办事处|街道|镇|乡|民族乡)$/, '');
  return s.length >= 2 && s !== name ? s : '';
}

function shortVillage(name: string): string {
  const s = name.replace(/(?:社区|村)$/, '');
  return s.length >= 2 && s !== name ? s : '';
}

let instance: Gazetteer | undefined;

/**
 * The shared gazetteer, built on first use (static data, so sharing it is safe).
 * @example getGazetteer().division('530426')?.name // '峨山彝族自治县'
 */
export function getGazetteer(): Gazetteer {
  instance ??= new Gazetteer([yunnan as ProvinceSlice]);
  return instance;
}
