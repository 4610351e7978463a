// Known values: Newcombe (1998), Statistics in Medicine 17:857–872, table I (95%, z = 1.96), and
// the pilot province's figures from the issue.
import { describe, expect, it } from 'vitest';
import { wilson } from './wilson.ts';

describe('wilson', () => {
  it.each([
    // successes, n, low, high (Newcombe's table I, method 3)
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
    [29, 29, 0.883, 1],
  ])('%i of %i → [%f, %f]', (k, n, low, high) => {
    const r = wilson(k, n, 1.96);
    expect(r.low).toBeCloseTo(low, 4);
    expect(r.high).toBeCloseTo(high, 4);
    expect(r.rate).toBeCloseTo(k / n, 12);
  });

  it('gives the pilot province 95.49% with a narrow interval around it', () => {
    const r = wilson(68_935, 72_190);
    expect(r.rate).toBeCloseTo(0.95491, 5);
    // computed independently: (p + z²/2n ± z·√(p(1−p)/n + z²/4n²)) / (1 + z²/n)
    expect(r.low).toBeCloseTo(0.95337, 5);
    expect(r.high).toBeCloseTo(0.9564, 4);
    expect(r.low).toBeLessThan(r.rate);
    expect(r.high).toBeGreaterThan(r.rate);
  });

  it('is the whole of [0, 1] with no data, and refuses impossible counts', () => {
    expect(wilson(0, 0)).toEqual({ rate: 0, low: 0, high: 1, n: 0 });
    expect(() => wilson(5, 4)).toThrow(RangeError);
    expect(() => wilson(-1, 4)).toThrow(RangeError);
    expect(() => wilson(Number.NaN, 4)).toThrow(RangeError);
  });
});
