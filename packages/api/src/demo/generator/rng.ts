// Seeded randomness for the generator. Math.random is never used: the same seed must give the
// same province byte for byte, on every machine and Node version.

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator), seeded through splitmix32. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }
}

/** A weighted table with a cumulative array, so a draw is one binary search. */
export class Weighted<T> {
  private readonly cumulative: number[] = [];
  private readonly total: number;

  constructor(
    readonly items: readonly T[],
    weights: readonly number[],
  ) {
    let sum = 0;
    for (const w of weights) {
      sum += w;
      this.cumulative.push(sum);
    }
    if (items.length === 0 || sum <= 0) throw new Error('empty weighted table');
    this.total = sum;
  }

  draw(rng: Rng): T {
    const x = rng.next() * this.total;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo] as T;
  }
}

/** Builds a weighted table from [item, weight] pairs. */
export function weighted<T>(pairs: readonly (readonly [T, number])[]): Weighted<T> {
  return new Weighted(
    pairs.map((p) => p[0]),
    pairs.map((p) => p[1]),
  );
}

function gcd(x: number, y: number): number {
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** (a·k) mod m without leaving the exact range of doubles (m up to about 1e9). */
function mulMod(a: number, k: number, m: number): number {
  const hi = Math.floor(k / 1e4);
  const lo = k % 1e4;
  return (((a * hi) % m) * 1e4 + a * lo) % m;
}

/**
 * A bijection of [0, size): k ↦ (a·k + b) mod size with gcd(a, size) = 1 (size up to about 1e9).
 * Used to hand out numbers (mobiles, IDs, credit codes) from a counter, so they are unique with
 * O(1) state yet look random. For a power of ten the digits are also reversed between two affine
 * rounds, so consecutive counters do not give evenly spaced numbers.
 */
export class Permutation {
  private readonly a1: number;
  private readonly b1: number;
  private readonly a2: number;
  private readonly b2: number;
  private readonly digits: number;

  constructor(
    readonly size: number,
    salt: number,
  ) {
    this.a1 = coprimeNear(size, 0.6180339887, salt);
    this.b1 = (salt * 7919) % size;
    this.a2 = coprimeNear(size, 0.7548776662, salt * 31);
    this.b2 = (salt * 104729 + 12345) % size;
    const log = Math.round(Math.log10(size));
    this.digits = 10 ** log === size ? log : 0;
  }

  at(k: number): number {
    let x = (mulMod(this.a1, k % this.size, this.size) + this.b1) % this.size;
    if (this.digits === 0) return x;
    x = reverseDigits(x, this.digits);
    return (mulMod(this.a2, x, this.size) + this.b2) % this.size;
  }
}

function coprimeNear(size: number, ratio: number, salt: number): number {
  let a = (Math.floor(size * ratio) + (salt % 997)) % size;
  while (a <= 1 || gcd(a, size) !== 1) a = (a + 1) % size;
  return a;
}

function reverseDigits(x: number, digits: number): number {
  let out = 0;
  for (let i = 0; i < digits; i++) {
    out = out * 10 + (x % 10);
    x = Math.floor(x / 10);
  }
  return out;
}
