// Differential test: 200,000 generated phone strings (seeded) through the engine and through
// libphonenumber-js/max. Every disagreement must be explained by a row of OVERRIDES, and every
// row must be needed (so the table stays honest). The bench runs the same over 1,000,000.
import { describe, expect, it } from 'vitest';
import { runDifferential } from './differential.ts';
import { OVERRIDES } from './overrides.ts';

describe('engine vs libphonenumber-js/max', () => {
  it('agrees on 200,000 generated numbers except for the listed overrides', { timeout: 60_000 }, () => {
    const r = runDifferential(20261127, 200_000);
    expect(r.unexplained.slice(0, 20)).toEqual([]);
    // Most generated strings are ordinary: agreement stays high.
    expect(r.agree / r.n).toBeGreaterThan(0.8);
    for (const o of OVERRIDES.filter(
      (x) => x.id !== 'carrier-prefix-and-1010' && x.id !== 'local-read-as-service',
    )) {
      expect(r.byOverride[o.id], o.id).toBeGreaterThan(0);
    }
  });

  it('lists each override with pattern, both verdicts and a reason', () => {
    for (const o of OVERRIDES) {
      expect(o.pattern && o.ours && o.max && o.reason, o.id).toBeTruthy();
    }
    expect(new Set(OVERRIDES.map((o) => o.id)).size).toBe(OVERRIDES.length);
  });
});
