// The Wilson score interval for a proportion: honest at small n and near 0 or 1, where the
// normal approximation (p ± z·√(p(1−p)/n)) runs outside [0, 1]. Pure; z = 1.96 for 95%. The one
// interval of every sampled rate (SMS delivery, call error rates); n may be an effective sample
// size (not an integer) for a stratified estimate.

export interface Interval {
  /** successes / n (0 when n = 0) */
  rate: number;
  low: number;
  high: number;
  n: number;
}

export const Z95 = 1.959963984540054;

/** wilson(68935, 72190) → { rate: 0.95491, low: 0.95337, high: 0.95640, n: 72190 } */
export function wilson(successes: number, n: number, z = Z95): Interval {
  if (!Number.isFinite(successes) || !Number.isFinite(n) || successes < 0 || n < 0 || successes > n)
    throw new RangeError(`wilson: need 0 ≤ successes ≤ n (got ${successes}, ${n})`);
  if (n === 0) return { rate: 0, low: 0, high: 1, n: 0 };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    rate: p,
    low: successes === 0 ? 0 : Math.max(0, centre - half),
    high: successes === n ? 1 : Math.min(1, centre + half),
    n,
  };
}
