// The ways a division's name is written in addresses: 峨山彝族自治县 → 峨山县 → 峨山;
// 凉山彝族自治州 → 凉山州 → 凉山; 云南省 → 云南; 广西壮族自治区 → 广西. Short forms are made by rule
// (drop the nationalities and 自治), plus a few abbreviations everyone writes (巴州, 博州, 克州).

/** full: the official name; short: nationalities and 自治 dropped, level word kept (峨山县, 凉山州);
 * bare: no level word at all (峨山, 玉溪) — only trusted at the start of an address;
 * former: a name the division had before a rename, upgrade or merger (禄丰县 → 禄丰市). */
export type NameForm = 'full' | 'short' | 'bare' | 'former';

// The 55 minority nationalities, longest first so 哈尼 wins over 哈 and 土家 over 土.
const ETHNIC_GROUPS = [
  '柯尔克孜',
  '乌孜别克',
  '维吾尔',
  '哈萨克',
  '塔吉克',
  '俄罗斯',
  '鄂温克',
  '鄂伦春',
  '达斡尔',
  '塔塔尔',
  '蒙古',
  '布依',
  '朝鲜',
  '土家',
  '哈尼',
  '傈僳',
  '高山',
  '拉祜',
  '东乡',
  '纳西',
  '景颇',
  '仫佬',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '德昂',
  '保安',
  '裕固',
  '独龙',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
  '回',
  '藏',
  '苗',
  '彝',
  '壮',
  '满',
  '侗',
  '瑶',
  '傣',
  '白',
  '黎',
  '佤',
  '畲',
  '水',
  '土',
  '羌',
  '怒',
  '京',
];
const MULTI_CHAR = ETHNIC_GROUPS.filter((g) => g.length > 1).join('|');
const ONE_CHAR = ETHNIC_GROUPS.filter((g) => g.length === 1).join('');
// One nationality as written in a name: 彝族, 土家族; a name of two characters or more may drop 族
// (巴音郭楞蒙古自治州, 察布查尔锡伯自治县); 各族 and 民族 stand for several (龙胜各族自治县).
const NATIONALITY = `(?:(?:${MULTI_CHAR})族?|[${ONE_CHAR}]族|各族|民族)`;
const AUTONOMOUS = new RegExp(`^(.*?)${NATIONALITY}+自治(州|县|旗)$`);

const PROVINCE_SPECIAL: Readonly<Record<string, string>> = {
  内蒙古自治区: '内蒙古',
  广西壮族自治区: '广西',
  西藏自治区: '西藏',
  宁夏回族自治区: '宁夏',
  新疆维吾尔自治区: '新疆',
  香港特别行政区: '香港',
  澳门特别行政区: '澳门',
};

/** Abbreviations in everyday use that no rule derives (official name → short form). */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  巴音郭楞蒙古自治州: '巴州',
  博尔塔拉蒙古自治州: '博州',
  克孜勒苏柯尔克孜自治州: '克州',
};

/**
 * The short written form of an autonomous prefecture, county or banner; undefined for other names.
 * @example autonomousShortName('峨山彝族自治县') // '峨山县'
 */
export function autonomousShortName(name: string): string | undefined {
  // Most names are not autonomous: skip the regex (slow while cold) for them.
  const m = name.includes('自治') ? AUTONOMOUS.exec(name) : null;
  if (!m || m[2] === undefined) return undefined;
  // 东乡族自治县 → 东乡县, 鄂伦春自治旗 → 鄂伦春旗: the nationality is the whole place name.
  const base = m[1] || name.slice(0, name.indexOf('自治')).replace(/族$/, '');
  return base + m[2];
}

/** Every written form of one division name, with its kind. */
export function nameForms(name: string, level: 'province' | 'city' | 'county'): [string, NameForm][] {
  const forms: [string, NameForm][] = [[name, 'full']];
  if (level === 'province') {
    addForm(forms, name, PROVINCE_SPECIAL[name] ?? name.replace(/[省市]$/, ''), 'bare');
    return forms;
  }
  addForm(forms, name, ABBREVIATIONS[name], 'short');
  const short = autonomousShortName(name);
  if (short !== undefined) {
    addForm(forms, name, short, 'short');
    const m = AUTONOMOUS.exec(name);
    // Only a real place name is a bare form: 东乡族自治县 has none.
    if (m?.[1]) addForm(forms, name, m[1], 'bare');
    return forms;
  }
  addForm(forms, name, withoutLevelWord(name), 'bare');
  return forms;
}

// A module-level function, not a closure per call: under tsx (keepNames) every closure costs a
// defineProperty, and this runs for each of the 3,351 divisions while the gazetteer is built.
function addForm(forms: [string, NameForm][], name: string, text: string | undefined, form: NameForm): void {
  if (text !== undefined && text.length >= 2 && text !== name) forms.push([text, form]);
}

// Two-character level words first: 大兴安岭地区 → 大兴安岭, 神农架林区 → 神农架.
const LEVEL_WORDS = ['地区', '林区', '特区', '市', '县', '区', '盟', '旗'];

/** The name without its level word; undefined when it has none. Plain string tests: this runs
 * for every division while the gazetteer is built, before the JIT has warmed up. */
function withoutLevelWord(name: string): string | undefined {
  for (const word of LEVEL_WORDS) if (name.endsWith(word)) return name.slice(0, -word.length);
  return undefined;
}

/**
 * The stem of a division name, as written without any level word: 峨山彝族自治县 → 峨山,
 * 玉溪市 → 玉溪, 广西壮族自治区 → 广西; the name itself when it has none (东乡族自治县 → 东乡县).
 * @example placeStem('凉山彝族自治州') // '凉山'
 */
export function placeStem(name: string, level: 'province' | 'city' | 'county'): string {
  return nameForms(name, level).find(([, form]) => form === 'bare')?.[0] ?? autonomousShortName(name) ?? name;
}

// Characters that make a bare name part of a smaller place's name (玉溪路, 峨山村), by char code.
const SMALLER_PLACE = new Set(
  [...'村镇乡街路巷道社组屯寨坝营庄园湾沟箐塘河桥厂站里弄'].map((c) => c.charCodeAt(0)),
);
/** Whether the character (by code) makes a name before it part of a smaller place's name. */
export const isSmallerPlace = (code: number): boolean => SMALLER_PLACE.has(code);
const LEVEL_CHARS = new Set([...'省市州县区旗盟'].map((c) => c.charCodeAt(0)));

/** Length of a level word (地区, 省, 市, 州, 县, 区, 旗, 盟) at `at`, else 0. */
export function levelWordLength(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 0x5730 /* 地 */ && text.charCodeAt(at + 1) === 0x533a /* 区 */) return 2;
  return LEVEL_CHARS.has(c) ? 1 : 0;
}

/**
 * A town's name without its 镇/乡/街道 ending, '' when too short to use.
 * @example shortTown('双江街道') // '双江'
 */
export function shortTown(name: string): string {
  const s = name.replace(/(?:街道办事处|街道|镇|乡|民族乡)$/, '');
  return s.length >= 2 && s !== name ? s : '';
}

/** A village's name without its 村/社区 ending, '' when too short to use. */
export function shortVillage(name: string): string {
  const s = name.replace(/(?:社区|村)$/, '');
  return s.length >= 2 && s !== name ? s : '';
}

/**
 * Whether a county-level code is one of NBS's statistical zones (开发区, 新区: 71–79), not a
 * GB/T 2260 county: their towns lie in real counties nearby.
 * @example isStatisticalZone('130171') // true (石家庄高新技术产业开发区)
 */
export function isStatisticalZone(countyCode: string): boolean {
  return countyCode.length === 6 && countyCode[4] === '7';
}
