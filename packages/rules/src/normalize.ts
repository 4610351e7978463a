// Normalisation (catalogue §8, NORM-01/02/04/05). Applied once per field before any check; a
// value that changes is reported by the `normalized` check kind as auto-fixable.
import type { CustomerRecord, Field } from './types.ts';

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
// \s covers U+3000 and U+00A0 too.
const WHITESPACE_RUN = /\s+/g;
// Fast path: plain printable ASCII without double spaces needs no NFKC and no regex work.
const PLAIN_ASCII = /^[\x21-\x7E](?:[\x21-\x7E]| (?! ))*$/;

// Fast path for most Chinese values: CJK unified ideographs, printable ASCII and U+00B7 are
// NFKC-stable, so a value made only of those (and no spaces) is already normal. A regex, not a
// charCodeAt loop: it flattens a concatenated string once and stays fast on any representation.
const STABLE = /^[\x21-\x7E\u00B7\u3400-\u4DBF\u4E00-\u9FFF]*$/;

/** Whether NFKC, zero-width removal and whitespace collapsing would leave `s` unchanged (a sufficient test). */
export function isNfkcStable(s: string): boolean {
  return STABLE.test(s);
}

/**
 * NORM-01: NFKC, zero-width characters removed, whitespace collapsed and trimmed.
 * @example normalizeText('０８７１－６５１２３４５６') // '0871-65123456'
 */
export function normalizeText(input: string): string {
  const s = typeof input === 'string' ? input : asText(input);
  if (isNfkcStable(s) || (PLAIN_ASCII.test(s) && s[s.length - 1] !== ' ')) return s;
  return s.normalize('NFKC').replace(ZERO_WIDTH, '').replace(WHITESPACE_RUN, ' ').trim();
}

/**
 * Any cell value as text: bad data never throws (a number from a spreadsheet, null, an object).
 * @example asText(530426196503121012n) // '530426196503121012'
 */
export function asText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v == null) return '';
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return '';
}

// NFKC does not unify these (U+30FB, U+2022 have no compatibility mapping); U+FF65 and U+0387
// become U+30FB and U+00B7 under NFKC, U+FF0E becomes '.'.
const DOT_VARIANTS = /[\u2022\u2027\u2219\u22C5\u30FB\uFF65\u0387\u00B7\u2E31\u318D\uFF0E]/g;
const HAN = '\\p{Script=Han}';
const SPACE_NEAR_HAN = new RegExp(`(?<=[${HAN}·]) | (?=[${HAN}·])`, 'gu');
const ASCII_DOT_BETWEEN_HAN = new RegExp(`(?<=${HAN}) ?\\. ?(?=${HAN})`, 'gu');
const DOT_RUN = /·{2,}/g;

const HAN_OR_DOT = /^[\u00B7\u3400-\u4DBF\u4E00-\u9FFF]*$/;

/**
 * NORM-02 for names: NORM-01, no spaces around Han characters, every middle-dot variant → U+00B7.
 * @example normalizeName('阿卜杜热合曼•买买提') // '阿卜杜热合曼·买买提'
 */
export function normalizeName(s: string): string {
  const t = normalizeText(s);
  if (HAN_OR_DOT.test(t)) return t.includes('··') ? t.replace(DOT_RUN, '·') : t;
  if (PLAIN_ASCII.test(t)) return t;
  return t
    .replace(DOT_VARIANTS, '·')
    .replace(ASCII_DOT_BETWEEN_HAN, '·')
    .replace(SPACE_NEAR_HAN, '')
    .replace(DOT_RUN, '·');
}

const ID_STRIP = /[\s\-—–_]/g;

/**
 * NORM-04 for ID and credit-code numbers: NORM-01, upper case, spaces and dashes removed.
 * @example normalizeIdNumber('53280119831215460x') // '53280119831215460X'
 */
export function normalizeIdNumber(s: string): string {
  if (typeof s === 'string' && DIGITS_OR_UPPER.test(s)) return s; // the usual case: nothing to change, nothing to allocate
  return normalizeText(s).replace(ID_STRIP, '').toUpperCase();
}

const DIGITS_OR_UPPER = /^[0-9A-Z]*$/;

/**
 * NORM-05 (the certain part) for addresses: NORM-01 and no spaces next to Han characters.
 * Repeated administrative prefixes are reported by the `address` check with a suggestion instead.
 * @example normalizeAddress('峨山县 双江街道　柏锦社区') // '峨山县双江街道柏锦社区'
 */
export function normalizeAddress(s: string): string {
  const t = normalizeText(s);
  return t.includes(' ') ? t.replace(SPACE_NEAR_HAN, '') : t;
}

const normalizers: Record<Field, (s: string) => string> = {
  name: normalizeName,
  address: normalizeAddress,
  cert_no: normalizeIdNumber,
  mobile: normalizeText,
  landline: normalizeText,
  cert_type: normalizeText,
  customer_type: normalizeText,
};

/**
 * The normaliser of one field (phones get NORM-01 only: NORM-03 belongs to the phone checks).
 * @example normalizeField('cert_no', ' 5304 2619 6503 1210 12 ') // '530426196503121012'
 */
export function normalizeField(field: Field, value: string | null | undefined): string {
  return normalizers[field](asText(value));
}

/**
 * Every field of a record normalised; the suggested values an entry gate can hand back.
 * @example normalizeRecord(record).name
 */
export function normalizeRecord(record: CustomerRecord): CustomerRecord {
  const out: CustomerRecord = { ...record };
  for (const field of Object.keys(normalizers) as Field[]) out[field] = normalizeField(field, record[field]);
  return out;
}
