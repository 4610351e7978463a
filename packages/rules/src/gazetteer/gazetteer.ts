// GB/T 2260 / NBS division data for all of China, indexed once on first use: provinces,
// prefectures and counties by every written form of their names; towns and villages decoded per
// county when first asked for (a run over one province never decodes the others).
import { decodeList, SHIPPED, type GazetteerData, type VillageData } from './data.ts';
import { FORMER_NAMES } from './former-names.ts';
import {
  isSmallerPlace,
  levelWordLength,
  nameForms,
  shortTown,
  shortVillage,
  type NameForm,
} from './names.ts';

export { isStatisticalZone, shortTown } from './names.ts';

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

/** One written form of one or more divisions' names. */
export interface IndexEntry {
  text: string;
  form: NameForm;
  divisions: Division[];
}

// Placeholders (市辖区, 省直辖县级行政区划) and two-character district names that are everyday words
// (城区, 东区): nobody writes them to name that one division, so they are not looked for in texts.
const UNWRITTEN = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);
const isUnwritten = (d: Division) => UNWRITTEN.has(d.name) || (d.name.length === 2 && d.name.endsWith('区'));

/** Index key of the two characters at `pos` (every indexed form has at least two): an int32, so a
 * small integer to V8 — a key above 2³¹ would be a boxed double, allocated on every lookup. */
const bigramAt = (text: string, pos: number) => (text.charCodeAt(pos) << 16) | text.charCodeAt(pos + 1);

const NONE: readonly Place[] = [];
/** Key of the three characters before `end` (an int32; callers resolve collisions). */
const tailKey = (t: string, end: number) =>
  Math.imul(t.charCodeAt(end - 3), 0x2545f491) ^
  Math.imul(t.charCodeAt(end - 2), 0x9e3779b1) ^
  t.charCodeAt(end - 1);

/** A form looked for anywhere in a text: not bare, at least three characters. */
const isSafeAnywhere = (e: IndexEntry) => e.form !== 'bare' && e.text.length >= 3;

const BIGRAM_BITS = 18;
/** A bigram key hashed to BIGRAM_BITS bits (Fibonacci hashing). */
const bigramHash = (key: number) => Math.imul(key, 0x9e3779b1) >>> (32 - BIGRAM_BITS);

export class Gazetteer {
  private readonly byCode = new Map<string, Division>();
  private readonly children = new Map<string, Division[]>();
  /** First two characters → name forms starting with them, longest first. */
  private readonly index = new Map<number, IndexEntry[]>();
  /** The same, only the forms safe to look for anywhere in a text (not bare, ≥ 3 characters). */
  private readonly anywhere = new Map<number, IndexEntry[]>();
  /** Bit set of hashed first bigrams of the `anywhere` forms: scanning skips every position whose
   * bigram is not in it without a map lookup (addresses are scanned at every character). */
  private readonly anywhereBigrams = new Uint32Array(1 << (BIGRAM_BITS - 5));
  private readonly townLists: Readonly<Record<string, string>>;
  private readonly villageLists = new Map<string, string>();
  private readonly villageProvinces = new Set<string>();
  private readonly areaCodes: Readonly<Record<string, string>>;
  private readonly townsCache = new Map<string, Place[]>();
  private readonly villagesCache = new Map<string, Place[]>();
  private readonly townTails = new Map<string, Map<number, Place[]>>();

  constructor(data: GazetteerData, villages: readonly VillageData[] = []) {
    for (const [code, name] of decodeList(data.provinces, 2)) this.add({ code, name, level: 'province' });
    for (const [code, name] of decodeList(data.cities, 4)) this.add({ code, name, level: 'city' });
    for (const [code, name] of decodeList(data.counties, 6)) this.add({ code, name, level: 'county' });
    for (const [former, code] of FORMER_NAMES) {
      const d = this.byCode.get(code);
      if (d) this.addForm(former, 'former', d);
    }
    this.townLists = data.towns;
    this.areaCodes = data.areaCodes;
    for (const slice of villages) {
      this.villageProvinces.add(slice.province);
      for (const [town, list] of Object.entries(slice.villages)) this.villageLists.set(town, list);
    }
    for (const [key, list] of this.index) {
      if (list.length > 1) list.sort((a, b) => b.text.length - a.text.length);
      const safe = list.every(isSafeAnywhere) ? list : list.filter(isSafeAnywhere);
      if (safe.length === 0) continue;
      this.anywhere.set(key, safe);
      const h = bigramHash(key);
      this.anywhereBigrams[h >>> 5]! |= 1 << (h & 31);
    }
  }

  private add(d: Division): void {
    this.byCode.set(d.code, d);
    const parent = d.code.slice(0, d.level === 'county' ? 4 : 2);
    if (d.level !== 'province') push(this.children, parent, d);
    if (isUnwritten(d)) return;
    for (const [text, form] of nameForms(d.name, d.level)) this.addForm(text, form, d);
  }

  private addForm(text: string, form: NameForm, d: Division): void {
    const key = bigramAt(text, 0);
    let list = this.index.get(key);
    if (!list) this.index.set(key, (list = []));
    // One entry per text (巴州: 巴音郭楞州 and 巴州区), its strongest form: a bare reading must
    // not hide a full one (沙县, the former 沙县 and 沙县区's bare form).
    const existing = list.find((e) => e.text === text);
    if (!existing) return void list.push({ text, form, divisions: [d] });
    if (!existing.divisions.includes(d)) existing.divisions.push(d);
    if (existing.form === 'bare') existing.form = form;
  }

  /** The division with that GB/T 2260 code (2, 4 or 6 digits). */
  division(code: string): Division | undefined {
    return this.byCode.get(code);
  }

  /** The 31 provinces, in code order. */
  provinces(): Division[] {
    return [...this.byCode.values()].filter((d) => d.level === 'province');
  }

  /** A province's prefectures or a prefecture's counties, in code order. */
  childrenOf(code: string): readonly Division[] {
    return this.children.get(code) ?? [];
  }

  /** Whether county-level data is shipped for this province (so an unknown county code is really unknown). */
  hasCounties(provinceCode: string): boolean {
    return this.children.get(provinceCode)?.some((c) => this.children.has(c.code)) ?? false;
  }

  /** Whether village lists are shipped for this province (towns are shipped for all). */
  hasVillages(provinceCode: string): boolean {
    return this.villageProvinces.has(provinceCode);
  }

  /** Landline area code with trunk 0 of a county or prefecture ('0877'), when known. */
  areaCode(code: string): string | undefined {
    return this.areaCodes[code] ?? this.areaCodes[code.slice(0, 4)];
  }

  /** The towns and streets (乡/镇/街道…) of one county, in code order. */
  towns(countyCode: string): readonly Place[] {
    let towns = this.townsCache.get(countyCode);
    if (!towns) {
      const list = decodeList(this.townLists[countyCode], 3, countyCode);
      towns = list.map(([code, name]) => ({ code, name, short: shortTown(name) }));
      this.townsCache.set(countyCode, towns);
    }
    return towns;
  }

  /** The villages and communities of one county (where shipped), town by town. */
  villages(countyCode: string): readonly Place[] {
    let villages = this.villagesCache.get(countyCode);
    if (!villages) {
      villages = this.towns(countyCode).flatMap((t) => this.villagesOfTown(t.code));
      this.villagesCache.set(countyCode, villages);
    }
    return villages;
  }

  /** The villages and communities of one town (9-digit NBS town code), where shipped. */
  villagesOfTown(townCode: string): readonly Place[] {
    let villages = this.villagesCache.get(townCode);
    if (!villages) {
      const list = decodeList(this.villageLists.get(townCode), 3, townCode);
      villages = list.map(([code, name]) => ({ code, name, short: shortVillage(name) }));
      this.villagesCache.set(townCode, villages);
    }
    return villages;
  }

  /**
   * Towns of the province (names of three characters or more) that may end at `end` in `text`:
   * those whose last three characters hash like the text's there. Callers confirm each with
   * startsWith; nothing is allocated, since this runs for every address that names a town.
   * Indexed per province on first use.
   */
  townsEndingNear(provinceCode: string, text: string, end: number): readonly Place[] {
    let tails = this.townTails.get(provinceCode);
    if (!tails) {
      tails = new Map();
      for (const city of this.childrenOf(provinceCode))
        for (const county of this.childrenOf(city.code))
          for (const town of this.towns(county.code))
            if (town.name.length >= 3) push(tails, tailKey(town.name, town.name.length), town);
      this.townTails.set(provinceCode, tails);
    }
    return (end >= 3 && tails.get(tailKey(text, end))) || NONE;
  }

  /** Where the next two characters that could start a `nameAt` name are, from `from` on; -1 when none. */
  nextNameStart(text: string, from: number): number {
    const bits = this.anywhereBigrams;
    for (let i = from; i < text.length - 1; i++) {
      const h = bigramHash(bigramAt(text, i));
      if ((bits[h >>> 5]! & (1 << (h & 31))) !== 0 && this.anywhere.has(bigramAt(text, i))) return i;
    }
    return -1;
  }

  /** The longest non-bare name (≥ 3 characters) written at `pos`, if any: for scanning whole texts. */
  nameAt(text: string, pos: number): IndexEntry | undefined {
    const list = this.anywhere.get(bigramAt(text, pos));
    if (!list) return undefined;
    for (const entry of list) if (text.startsWith(entry.text, pos)) return entry;
    return undefined;
  }

  /**
   * Division names written at `pos`: every form (longest first) that starts there. Bare forms
   * (峨山, 玉溪) only when `allowBare`; neither they nor two-character names (新县) when the next
   * character makes it a smaller place (玉溪路, 峨山村, 新县镇).
   */
  matchAt(text: string, pos: number, allowBare: boolean): AdminMatch[] {
    const entry = this.entryAt(text, pos, allowBare);
    if (!entry) return [];
    const end = this.entryEnd(text, pos, entry);
    return entry.divisions.map((division) => ({ division, start: pos, end, form: entry.form }));
  }

  /** The name form `matchAt` reads at `pos`, without building the matches (the hot path). */
  entryAt(text: string, pos: number, allowBare: boolean): IndexEntry | undefined {
    const list = this.index.get(bigramAt(text, pos));
    if (!list) return undefined;
    for (const entry of list) {
      if (!text.startsWith(entry.text, pos) || (entry.form === 'bare' && !allowBare)) continue;
      // 峨山村, 玉溪路; 新县镇, 古县乡: a two-character county name too begins many smaller places' names.
      const couldBeSmaller = entry.form === 'bare' || entry.text.length === 2;
      if (couldBeSmaller && isSmallerPlace(text.charCodeAt(pos + entry.text.length))) continue;
      return entry;
    }
    return undefined;
  }

  /** Whether the character at `pos` makes a name before it part of a smaller place's (路, 村, 社区). */
  isSmallerPlaceAt(text: string, pos: number): boolean {
    return isSmallerPlace(text.charCodeAt(pos));
  }

  /** Where the form read at `pos` ends: 禄丰县 written for 禄丰市, a bare name followed by a level word, still names the same place. */
  entryEnd(text: string, pos: number, entry: IndexEntry): number {
    const end = pos + entry.text.length;
    return entry.form === 'bare' ? end + levelWordLength(text, end) : end;
  }
}

function push<K, T>(map: Map<K, T[]>, key: K, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

let instance: Gazetteer | undefined;

/**
 * The shared gazetteer of all China, built on first use (static data, so sharing it is safe).
 * @example getGazetteer().division('530426')?.name // '峨山彝族自治县'
 */
export function getGazetteer(): Gazetteer {
  instance ??= new Gazetteer(SHIPPED.national, SHIPPED.villages);
  return instance;
}
