// Text clean-up of a phone field before any parsing (NORM-01 and NORM-03 of the catalogue):
// full-width → half-width, invisible characters, whitespace, dash look-alikes, labels, extensions.

const INVISIBLE = /[\u200B-\u200D\uFEFF\u00AD\u2060]/g;
const WHITESPACE = /[\s\u3000\u00A0]+/g;
// Dash look-alikes clerks type between digit groups. 一 (U+4E00, "one") is only a dash between digits.
const DASHES = /[\u2010-\u2015\u2212\uFE58\uFE63\u30FC\uFF0D]/g;
const HANZI_ONE_AS_DASH = /(?<=\d)\s*一\s*(?=\d)/g;
const LABEL =
  /^(?:联系电话|联系方式|手机号码|手机号|手机|电话号码|电话|座机|固话|固定电话|tel|phone|mobile|mob)\s*[:：]?\s*/i;
// An extension marker and its digits at the end: 转8001, 分机 8001, ext. 8001, x8001, #8001.
const EXTENSION = /\s*(?:转|分机号?|ext\.?|extension|x|#)\s*(\d{1,6})$/i;

/**
 * NORM-01 + NORM-03 on a phone string: NFKC (full-width → half-width), invisible characters removed,
 * dash look-alikes and a 一 between digits → '-', whitespace collapsed, trimmed, and a leading label
 * ('电话：') dropped. Example: cleanPhoneText('０８７１一６５１２３４５６') → '0871-65123456'.
 */
export function cleanPhoneText(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(DASHES, '-')
    .replace(HANZI_ONE_AS_DASH, '-')
    .replace(WHITESPACE, ' ')
    .trim()
    .replace(LABEL, '');
}

/** Split an extension written with a marker. Example: splitExtension('0871-65123456转8001') → ['0871-65123456', '8001']. */
export function splitExtension(s: string): [main: string, ext: string | undefined] {
  const m = EXTENSION.exec(s);
  if (!m || m.index === 0) return [s, undefined];
  return [s.slice(0, m.index), m[1]];
}

const LIST_SEPARATOR = /\s*(?:[/,;、|，；]|或|和|及)\s*/;

/** Parts of a field holding several numbers ('13812345678/0871-65123456'), or undefined for one number. */
export function splitMultiple(s: string): string[] | undefined {
  const parts = s.split(LIST_SEPARATOR).filter((p) => countDigits(p) >= 5);
  if (parts.length >= 2) return parts;
  // Whitespace between two complete numbers: '0871-65123456 13812345678'.
  const tokens = s.split(' ');
  if (tokens.length < 2) return undefined;
  const mobileAt = tokens.findIndex((t) => /^1\d{10}$/.test(t));
  if (mobileAt < 0) return undefined;
  const rest = tokens.filter((_, i) => i !== mobileAt).join(' ');
  if (countDigits(rest) < 7) return undefined;
  return mobileAt === 0 ? [tokens[0] ?? '', rest] : [rest, tokens[mobileAt] ?? ''];
}

function countDigits(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** True when every character of s is an ASCII digit. */
export function isAsciiDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return s.length > 0;
}
