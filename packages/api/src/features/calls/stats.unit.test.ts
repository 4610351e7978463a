import { describe, expect, it } from 'vitest';
import { stratifiedRate, wilson } from './stats.ts';

describe('wilson', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", table I,
  // method 3 (score interval without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → [%f, %f]', (x, n, low, high) => {
    const ci = wilson(x, n);
    expect(ci.low).toBeCloseTo(low, 4);
    expect(ci.high).toBeCloseTo(high, 4);
  });

  it('is symmetric: x of n mirrors n−x of n', () => {
    const a = wilson(197, 5400);
    const b = wilson(5400 - 197, 5400);
    expect(a.low).toBeCloseTo(1 - b.high, 12);
    expect(a.high).toBeCloseTo(1 - b.low, 12);
  });

  it('gives the seed table’s phone error rate a narrow interval around 3.6 %', () => {
    const ci = wilson(197, 5400);
    expect(ci.low).toBeCloseTo(0.0318, 4);
    expect(ci.high).toBeCloseTo(0.0418, 4);
  });

  it('widens with z and answers [0, 1] for an empty sample', () => {
    expect(wilson(5, 10, 2.576).high).toBeGreaterThan(wilson(5, 10).high);
    expect(wilson(0, 0)).toEqual({ low: 0, high: 1 });
    expect(wilson(10, 10).high).toBe(1);
  });

  it('refuses impossible counts', () => {
    expect(() => wilson(11, 10)).toThrow(RangeError);
    expect(() => wilson(-1, 10)).toThrow(RangeError);
  });
});

describe('stratifiedRate', () => {
  it('is the plain Wilson interval for one stratum', () => {
    const r = stratifiedRate([{ population: 10_000, n: 263, successes: 81 }]);
    expect(r.rate).toBeCloseTo(81 / 263, 12);
    expect(r.low).toBeCloseTo(0.2553, 4);
    expect(r.effectiveN).toBe(263);
  });

  it('weights strata by population, not by sample size', () => {
    // Equal samples of 600, but the first city is nine times larger: its 10 % dominates.
    const r = stratifiedRate([
      { population: 90_000, n: 600, successes: 60 },
      { population: 10_000, n: 600, successes: 6 },
    ]);
    expect(r.rate).toBeCloseTo(0.9 * 0.1 + 0.1 * 0.01, 12);
    expect(r.n).toBe(1200);
    expect(r.successes).toBe(66);
    // Unequal weights cost precision: fewer effective observations than the 1,200 drawn.
    expect(r.effectiveN).toBeLessThan(1200);
    expect(r.low).toBeLessThan(r.rate!);
    expect(r.high).toBeGreaterThan(r.rate!);
  });

  it('pools when populations are unknown, and says nothing without observations', () => {
    const r = stratifiedRate([
      { population: 0, n: 100, successes: 5 },
      { population: 0, n: 300, successes: 15 },
    ]);
    expect(r.rate).toBeCloseTo(20 / 400, 12);
    expect(r.effectiveN).toBe(400);
    expect(stratifiedRate([{ population: 100, n: 0, successes: 0 }]).rate).toBeNull();
  });
});
