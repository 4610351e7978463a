// Seeded generator of phone strings as they turn up in customer master data: clean mobiles of every
// segment, placeholders, wrong lengths, IoT numbers, landlines with real and made-up area codes,
// service numbers, and the odd formats clerks type. Deterministic per seed (no clock, no Math.random).
import { AREA_CODES } from './area-codes.ts';

/** mulberry32: a small, fast, seeded PRNG returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const AREAS = [...AREA_CODES.keys()];
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
const digits = (rng: Rng, n: number) => {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(rng() * 10));
  return s;
};
const toFullWidth = (s: string) =>
  s.replace(/[0-9\-()+ ]/g, (c) => (c === ' ' ? '\u3000' : String.fromCharCode(c.charCodeAt(0) + 0xfee0)));

const SPECIAL_PREFIXES = [
  '1349',
  '1740',
  '1749',
  '1610',
  '1700',
  '1703',
  '1704',
  '145',
  '147',
  '149',
  '1440',
  '1410',
];
const PLACEHOLDERS = [
  '13800138000',
  '13800000000',
  '18888888888',
  '11111111111',
  '12345678901',
  '13900000000',
];

/** An 11-digit national mobile-like number: any 1xx segment, sometimes a special 4-digit one. */
function mobileDigits(rng: Rng): string {
  const r = rng();
  if (r < 0.04) return pick(rng, PLACEHOLDERS);
  if (r < 0.06) return `1${digits(rng, 2)}${String(Math.floor(rng() * 10)).repeat(8)}`;
  if (r < 0.07) return `138${digits(rng, 1)}${'3456789012'.slice(0, 7)}`;
  if (r < 0.2) {
    const p = pick(rng, SPECIAL_PREFIXES);
    return p + digits(rng, 11 - p.length);
  }
  return `1${digits(rng, 10)}`;
}

function mobileFormat(rng: Rng, n: string): string {
  const r = rng();
  if (r < 0.55) return n;
  const fmts = [
    () => `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`,
    () => `${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`,
    () => `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`,
    () => `+86${n}`,
    () => `0086${n}`,
    () => `86${n}`,
    () => `86-${n}`,
    () => `0${n}`,
    () => `${n} `,
    () => ` ${n}`,
    () => toFullWidth(n),
    () => `${n.slice(0, 3)}.${n.slice(3, 7)}.${n.slice(7)}`,
    () => `${n.slice(0, 3)}一${n.slice(3, 7)}一${n.slice(7)}`,
    () => `(+86)${n}`,
    () => `手机：${n}`,
  ];
  return pick(rng, fmts)();
}

function landline(rng: Rng): string {
  const area = rng() < 0.85 ? pick(rng, AREAS) : digits(rng, 3);
  const lens = AREA_CODES.get(area) ?? [7];
  const len = rng() < 0.85 ? pick(rng, lens) : pick(rng, [6, 7, 8, 9]);
  const first = rng() < 0.85 ? String(2 + Math.floor(rng() * 7)) : pick(rng, ['0', '1', '9']);
  const local = rng() < 0.03 ? first.repeat(len) : first + digits(rng, len - 1);
  const ext = digits(rng, 1 + Math.floor(rng() * 4));
  const fmts = [
    () => `0${area}-${local}`,
    () => `0${area}-${local}`,
    () => `0${area}${local}`,
    () => `(0${area})${local}`,
    () => `0${area} ${local}`,
    () => `+86 ${area} ${local}`,
    () => `+86 0${area} ${local}`,
    () => `0086-${area}-${local}`,
    () => `86-${area}-${local}`,
    () => toFullWidth(`0${area}-${local}`),
    () => `0${area}—${local}`,
    () => `0${area}一${local}`,
    () => `0${area}-${local} ext. ${ext}`,
    () => `0${area}-${local}#${ext}`,
    () => `0${area}-${local}转${ext}`,
    () => `0${area}-${local}-${ext}`,
    () => `电话：0${area}-${local}`,
  ];
  return pick(rng, fmts)();
}

function odd(rng: Rng): string {
  const fmts = [
    () => `1${digits(rng, 9)}`, // 10 digits
    () => `1${digits(rng, 11)}`, // 12 digits
    () => pick(rng, ['1440', '1410', '146', '148', '1064']) + digits(rng, 9), // 13-digit IoT-ish
    () => digits(rng, 7 + Math.floor(rng() * 2)), // local number only
    () => pick(rng, ['95598', '10086', '114', '12345', '96128']),
    () => `0${pick(rng, ['871', '877', '10'])}-95598`,
    () => `400-${digits(rng, 3)}-${digits(rng, 4)}`,
    () => `800-${digits(rng, 3)}-${digits(rng, 4)}`,
    () => `530426${digits(rng, 11)}X`,
    () =>
      pick(rng, ['不详', '无', 'abc', '--', '/', '13812345678/0871-65123456', '0871-65123456 13812345678']),
    () => `0000-${digits(rng, 7)}`,
    () => digits(rng, 1 + Math.floor(rng() * 14)),
  ];
  return pick(rng, fmts)();
}

/**
 * One generated phone string: ~60% mobiles (a third of them oddly written), ~28% landlines, ~12% odd.
 * Example: const next = phoneStringMaker(42); next() // '13907701234'
 */
export function phoneStringMaker(seed: number): () => string {
  const rng = seededRandom(seed);
  return () => {
    const r = rng();
    if (r < 0.6) return mobileFormat(rng, mobileDigits(rng));
    if (r < 0.88) return landline(rng);
    return odd(rng);
  };
}
