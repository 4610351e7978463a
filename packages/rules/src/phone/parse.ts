// One phone string → its structure: what kind of number it is, the national number, the canonical
// form. The common well-formed cases (11 ASCII digits starting with 1; 0AAA-NNNNNNN) take a fast
// path that allocates almost nothing; everything else is cleaned (normalize.ts) and, for landlines
// and service numbers, judged by libphonenumber-js/max with the China-specific overrides on top.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AREA_CODES, AREA_MASK, splitArea } from './area-codes.ts';
import { cleanPhoneText, isAsciiDigits, splitExtension, splitMultiple } from './normalize.ts';
import { DEFAULT_IOT_PREFIXES } from './segments.ts';

/** What a phone field holds. 'local' = a landline without its area code. */
export type PhoneShape =
  | 'empty'
  | 'mobile'
  | 'landline'
  | 'local'
  | 'service'
  | 'iot'
  | 'id'
  | 'multiple'
  | 'foreign'
  | 'unparseable'
  | 'invalid';

/** Why a landline-shaped number is not a usable landline (LL-02 tightens libphonenumber). */
export type LandlineProblem = 'unknown_area_code' | 'local_first_digit' | 'length' | 'invalid';

export interface ParsedPhone {
  shape: PhoneShape;
  /** Digits of the national number without trunk 0 (landline: area code + local). */
  national: string;
  areaCode?: string;
  local?: string;
  ext?: string;
  /** Canonical form: '13812345678', '0877-2345678', '0871-65123456-8001'. */
  canonical?: string;
  /** For landlines: why it is unusable, or undefined when it is fine. */
  problem?: LandlineProblem;
  /** For 'multiple': each number as written. */
  parts?: string[];
  /** True when the fast path decided (no cleaning, no libphonenumber call). */
  fast: boolean;
}

const EMPTY: ParsedPhone = { shape: 'empty', national: '', fast: true };
const ID_LIKE = /^(?:[1-8]\d{16}[\dX]|[1-8]\d{14})$/;
// Non-geographic service numbers libphonenumber knows: 400 (shared cost), 800 and 10/21-800 (toll
// free), 950 (shared cost), 160/168 (premium rate). 95xxx/96xxx short codes are handled beside them.
const SERVICE = /^(?:[48]00\d{7}|950\d{7,8}|(?:10|21)800\d{7}|16[08]\d{5})$/;
const ALLOWED = /^\+?[\d\s\-.()]+$/;

/**
 * Parse one phone field. Example: parsePhone('+86 138 1234 5678') →
 * { shape: 'mobile', national: '13812345678', canonical: '13812345678', fast: false }.
 */
export function parsePhone(raw: string): ParsedPhone {
  if (raw.length === 11 && raw.charCodeAt(0) === 49 && isAsciiDigits(raw)) {
    return { shape: 'mobile', national: raw, canonical: raw, fast: true };
  }
  const fast = fastLandline(raw);
  if (fast) return fast;
  if (raw === '') return EMPTY;
  return slowParse(raw);
}

/** `0AAA-NNNNNNN` / `0AAANNNNNNN` with a known area code, local first digit 2–8 and the right length. */
function fastLandline(raw: string): ParsedPhone | undefined {
  const n = raw.length;
  if (n < 10 || n > 13 || raw.charCodeAt(0) !== 48) return undefined;
  const c1 = raw.charCodeAt(1);
  if (c1 === 48) return undefined; // 00…: an international prefix, not an area code
  const width = c1 === 49 || c1 === 50 ? 2 : 3;
  const dash = raw.charCodeAt(1 + width) === 45 ? 1 : 0;
  const localStart = 1 + width + dash;
  const localLen = n - localStart;
  if (localLen !== 7 && localLen !== 8) return undefined;
  const area = raw.slice(1, 1 + width);
  const local = raw.slice(localStart);
  if (!isAsciiDigits(area) || !isAsciiDigits(local)) return undefined;
  const first = local.charCodeAt(0);
  if (first < 50 || first > 56) return undefined; // 2–8 only; the rest goes to the slow path
  if (width === 2 && local.startsWith('800')) return undefined; // 010/021-800… is special in max
  const mask = AREA_MASK[Number(area)] ?? 0;
  if ((mask & (localLen === 7 ? 1 : 2)) === 0) return undefined;
  const canonical = `0${area}-${local}`;
  return { shape: 'landline', national: area + local, areaCode: area, local, canonical, fast: true };
}

function slowParse(raw: string): ParsedPhone {
  let s = cleanPhoneText(raw).replace(/^\((\+?86)\)\s*/, '$1 ');
  if (s === '') return EMPTY;
  const parts = splitMultiple(s);
  if (parts) return { shape: 'multiple', national: '', parts, fast: false };
  const [main, markedExt] = splitExtension(s);
  s = main;
  const compact = s.replace(/[\s\-.()]/g, '').toUpperCase();
  if (ID_LIKE.test(compact)) return { shape: 'id', national: compact, fast: false };
  if (!ALLOWED.test(s)) return { shape: 'unparseable', national: '', fast: false };
  const groups = s.split(/[\s\-.()]+/).filter((g) => g !== '');
  const hasPlus = s.startsWith('+');
  let digits = groups.join('').replace('+', '');
  let ext = markedExt;
  // '0871-65123456-8001': a trailing group after a complete landline is an extension (max says not possible).
  if (!ext && groups.length >= 3) {
    const last = groups[groups.length - 1] ?? '';
    const head = digits.slice(0, digits.length - last.length);
    if (last.length <= 6 && isCompleteNumber(head) && !isCompleteNumber(digits)) {
      ext = last;
      digits = head;
    }
  }
  return withExt(classifyDigits(digits, hasPlus, groups), ext);
}

function withExt(p: ParsedPhone, ext: string | undefined): ParsedPhone {
  if (!ext) return p;
  if (p.shape === 'landline' && p.canonical) return { ...p, ext, canonical: `${p.canonical}-${ext}` };
  return { ...p, ext };
}

/** Strip +86 / 0086 / 86 and the trunk 0, then decide the shape from the national digits. */
function classifyDigits(d: string, hasPlus: boolean, groups: string[]): ParsedPhone {
  let intl = false;
  if (hasPlus) {
    if (!d.startsWith('86')) return { shape: 'foreign', national: d, fast: false };
    d = d.slice(2);
    intl = true;
  } else if (d.startsWith('0086')) {
    d = d.slice(4);
    intl = true;
  } else if (d.startsWith('00') && d[2] !== '0') {
    return { shape: 'foreign', national: d.slice(2), fast: false }; // another country's IDD prefix
  } else if (d.startsWith('86') && d.length >= 9) {
    d = d.slice(2);
    intl = true;
  }
  if (d.startsWith('0')) {
    const rest = d.slice(1);
    if (rest.length === 11 && rest[0] === '1' && rest[1] !== '0') return mobile(rest);
    return landline(rest, groups);
  }
  if (intl) {
    if (d.length === 11 && d[0] === '1' && d[1] !== '0') return mobile(d);
    if (SERVICE.test(d)) return service(d);
    return landline(d, groups);
  }
  return national(d);
}

/** A national number written without trunk 0 and without country code. */
function national(d: string): ParsedPhone {
  const invalid: ParsedPhone = { shape: 'invalid', national: d, fast: false };
  if (SERVICE.test(d)) return service(d);
  if (d.length === 10 && d.startsWith('10')) return landline(d, []); // Beijing without its trunk 0
  if (d[0] === '1') {
    if (d.length === 11) return mobile(d);
    if (d.length === 13 && DEFAULT_IOT_PREFIXES.some((p) => d.startsWith(p)))
      return { shape: 'iot', national: d, fast: false };
    if (d.length >= 3 && d.length <= 6) return service(d); // 114, 10086, 12345
    return invalid;
  }
  if (/^9[56]\d{3,6}$/.test(d)) return service(d);
  if (/^[2-9]\d{8,}$/.test(d)) return landline(d, []); // area code without its trunk 0
  if (/^[2-9]\d{6,7}$/.test(d)) return { shape: 'local', national: d, local: d, canonical: d, fast: false };
  return invalid;
}

function mobile(d: string): ParsedPhone {
  return { shape: 'mobile', national: d, canonical: d, fast: false };
}

function service(d: string): ParsedPhone {
  return { shape: 'service', national: d, canonical: d, fast: false };
}

/** Area code + local number; libphonenumber-js/max decides validity, LL-02 and 95/96 tighten it. */
function landline(d: string, groups: string[]): ParsedPhone {
  if (SERVICE.test(d)) return service(d);
  const [area, local] = splitArea(d);
  const base = { national: d, areaCode: area, local, fast: false } as const;
  if (/^9[56]/.test(local)) return { ...base, shape: 'service', canonical: `0${area}-${local}` };
  const canonical = `0${area}-${local}`;
  const lengths = AREA_CODES.get(area);
  if (!lengths) {
    const typed = groups.find((g) => g.startsWith('0'));
    const areaCode = typed && typed.length >= 3 && typed.length <= 4 ? typed.slice(1) : area;
    return { ...base, areaCode, shape: 'landline', problem: 'unknown_area_code' };
  }
  if (!/^[2-8]/.test(local)) return { ...base, shape: 'landline', canonical, problem: 'local_first_digit' };
  if (!lengths.includes(local.length)) return { ...base, shape: 'landline', canonical, problem: 'length' };
  const max = parsePhoneNumberFromString(`0${d}`, 'CN');
  const valid = max !== undefined && max.isValid() && max.getType() === 'FIXED_LINE';
  return { ...base, shape: 'landline', canonical, ...(valid ? {} : { problem: 'invalid' as const }) };
}

/** True when digits (national, with trunk 0 or not) form a complete mobile or landline. */
function isCompleteNumber(digits: string): boolean {
  const d = digits.replace(/^(?:\+?86|0086)/, '');
  const n = d.startsWith('0') ? d.slice(1) : d;
  if (n.length === 11 && n[0] === '1' && n[1] !== '0') return true;
  const [area, local] = splitArea(n);
  return AREA_CODES.get(area)?.includes(local.length) === true && /^[2-8]/.test(local);
}

/** E.164 of a parsed mobile or landline ('+8613812345678'), else undefined. */
export function e164Of(p: ParsedPhone): string | undefined {
  return p.shape === 'mobile' || (p.shape === 'landline' && !p.problem) ? `+86${p.national}` : undefined;
}
