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
  禄丰县: '532302',
  呈贡县: '530114',
  晋宁县: '530115',
  马龙县: '530304',
  沾益县: '530303',
  江川县: '530403',
  澄江县: '530481',
  泸水县: '533301',
  中甸县: '533401',
  香格里拉县: '533401',
  水富县: '530681',
  蒙自县: '532503',
  弥勒县: '532504',
  文山县: '532601',
  潞西市: '533103',
  思茅市: '5308',
  思茅地区: '5308',
  玉溪地区: '5304',
  曲靖地区: '5303',
  昭通地区: '5306',
  丽江地区: '5307',
  临沧地区: '5309',
  保山地区: '5305',
  临沧县: '530902',
};

export class Gazetteer {
  private readonly byCode = new Map<string, Division>();
  private readonly townsByCounty = new Map<string, Place[]>();
  private readonly villagesByCounty = new Map<string, Place[]>();
  private readonly villagesByTown = new Map<string, Place[]>();
  private readonly provincesWithCounties = new Set<string>();
  /** first character's code → name forms starting with it, longest first. */
  private readonly index = new Map<number, IndexEntry[]>();
  /** The same, only the forms safe to look for anywhere in a text (not bare, ≥ 3 characters). */
  private readonly anywhere = new Map<number, IndexEntry[]>();
  /** Char code → 1 when it starts one of the `anywhere` forms: scanning skips every other position. */
  private readonly anywhereFirst = new Uint8Array(0x10000);
  /** First two char codes (c0 × 65536 + c1) of the `anywhere` forms, all ≥ 3 characters: a second, sharper filter. */
  private readonly anywhereBigrams = new Set<number>();

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
        const village = { code, name, short: shortVillage(name) };
        push(this.villagesByCounty, townCounty.get(town) ?? town.slice(0, 6), village);
        push(this.villagesByTown, town, village);
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
    for (const [first, list] of this.anywhere) {
      this.anywhereFirst[first] = 1;
      for (const e of list) this.anywhereBigrams.add(first * 0x10000 + e.text.charCodeAt(1));
    }
  }

  private add(d: Division): void {
    this.byCode.set(d.code, d);
    // 市辖区 / 县 are placeholders for municipalities' cities, not names anyone writes.
    if (
      d.name === '市辖区' ||
      d.name === '县' ||
      d.name === '省直辖县级行政区划' ||
      d.name === '自治区直辖县级行政区划'
    )
      return;
    for (const [text, form] of nameForms(d.name, d.level)) this.addForm(text, form, d);
  }

  private addForm(text: string, form: NameForm, d: Division): void {
    const first = text.charCodeAt(0);
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

  /** The villages and communities of one town (9-digit NBS town code). */
  villagesOfTown(townCode: string): readonly Place[] {
    return this.villagesByTown.get(townCode) ?? [];
  }

  /** Where the next two characters that could start a `nameAt` name are, from `from` on; -1 when none. */
  nextNameStart(text: string, from: number): number {
    const first = this.anywhereFirst;
    for (let i = from; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (first[c] === 1 && this.anywhereBigrams.has(c * 0x10000 + text.charCodeAt(i + 1))) return i;
    }
    return -1;
  }

  /** The longest non-bare name (≥ 3 characters) written at `pos`, if any: for scanning whole texts. */
  nameAt(text: string, pos: number): IndexEntry | undefined {
    const list = this.anywhere.get(text.charCodeAt(pos));
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
    const entry = this.entryAt(text, pos, allowBare);
    if (!entry) return [];
    const end = this.entryEnd(text, pos, entry);
    return entry.divisions.map((division) => ({ division, start: pos, end, form: entry.form }));
  }

  /** The name form `matchAt` reads at `pos`, without building the matches (the hot path). */
  entryAt(text: string, pos: number, allowBare: boolean): IndexEntry | undefined {
    const list = this.index.get(text.charCodeAt(pos));
    if (!list) return undefined;
    for (const entry of list) {
      if (!text.startsWith(entry.text, pos)) continue;
      if (entry.form === 'bare') {
        if (!allowBare || isSmallerPlace(text.charCodeAt(pos + entry.text.length))) continue;
      }
      return entry;
    }
    return undefined;
  }

  /** Where the form read at `pos` ends: 禄丰县 written for 禄丰市, a bare name followed by a level word, still names the same place. */
  entryEnd(text: string, pos: number, entry: IndexEntry): number {
    const end = pos + entry.text.length;
    return entry.form === 'bare' ? end + levelWordLength(text, end) : end;
  }
}

// Characters that make a bare name part of a smaller place's name (玉溪路, 峨山村), by char code.
const SMALLER_PLACE = new Set(
  [...'村镇乡街路巷道社组屯寨坝营庄园湾沟箐塘河桥厂站里弄'].map((c) => c.charCodeAt(0)),
);
const isSmallerPlace = (code: number): boolean => SMALLER_PLACE.has(code);
const LEVEL_CHARS = new Set([...'省市州县区旗盟'].map((c) => c.charCodeAt(0)));

/** Length of a level word (地区, 省, 市, 州, 县, 区, 旗, 盟) at `at`, else 0. */
function levelWordLength(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x5730 /* 地 */ && text.charCodeAt(at + 1) === 0x533a /* 区 */) return 2;
  return LEVEL_CHARS.has(c) ? 1 : 0;
}

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
