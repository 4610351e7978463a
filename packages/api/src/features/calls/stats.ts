// Error rates with the interval a statistician would sign: Wilson's score interval for one
// simple random sample, and a stratified estimate (strata weighted by their population) whose
// interval is Wilson's at the Kish effective sample size. Pure functions: no I/O.
import { wilson as wilsonInterval } from '../sampling/wilson.ts';

export interface Interval {
  low: number;
  high: number;
}

/**
 * Wilson score interval for `successes` out of `n` (no continuity correction): the shared one of
 * sampling/wilson.ts, as the low/high pair the call report uses.
 * @example wilson(81, 263) // { low: 0.2553…, high: 0.3662… } (Newcombe 1998, table I)
 */
export function wilson(successes: number, n: number, z = 1.96): Interval {
  const { low, high } = wilsonInterval(successes, n, z);
  return { low, high };
}

export interface StratumCount {
  /** Customers in the stratum's population when it was drawn; 0 or less = unknown. */
  population: number;
  /** Sampled customers whose status is known (the denominator). */
  n: number;
  successes: number;
}

export interface RateEstimate extends Interval {
  n: number;
  successes: number;
  /** null when nothing was observed. */
  rate: number | null;
  /** The sample size the interval was computed at (n itself for one stratum). */
  effectiveN: number;
}

/**
 * The population rate from a stratified sample: strata weighted by population share (strata
 * without observations drop out and the rest are re-weighted). With one stratum, or without
 * population figures, this is the pooled rate with its plain Wilson interval.
 */
export function stratifiedRate(strata: readonly StratumCount[], z = 1.96): RateEstimate {
  const observed = strata.filter((s) => s.n > 0);
  const n = observed.reduce((sum, s) => sum + s.n, 0);
  const successes = observed.reduce((sum, s) => sum + s.successes, 0);
  if (n === 0) return { n, successes, rate: null, effectiveN: 0, low: 0, high: 1 };
  const hasPopulation = observed.every((s) => s.population > 0);
  if (observed.length === 1 || !hasPopulation) {
    return { n, successes, rate: successes / n, effectiveN: n, ...wilson(successes, n, z) };
  }
  const total = observed.reduce((sum, s) => sum + s.population, 0);
  let rate = 0;
  let variance = 0;
  for (const s of observed) {
    const w = s.population / total;
    const p = s.successes / s.n;
    rate += w * p;
    // Without the finite-population correction: conservative, and what Wilson assumes.
    variance += (w * w * p * (1 - p)) / s.n;
  }
  // Kish: the simple-random-sample size with the same variance. When every stratum shows 0 % or
  // 100 % the variance is 0 and the design tells us nothing more than the plain count.
  const effectiveN = variance > 0 ? Math.min(n, (rate * (1 - rate)) / variance) : n;
  const { low, high } = wilson(rate * effectiveN, effectiveN, z);
  return { n, successes, rate, effectiveN, low, high };
}
