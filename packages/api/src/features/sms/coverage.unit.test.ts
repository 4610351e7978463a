// The delivery success rate of an SMS sample against a known population: over the generated
// province the simulated carrier's outcome of every number is known, so the true rate is known;
// 100 seeded samples of 600 must give a 95% Wilson interval that covers it at least 94 times.
import { expect, it } from 'vitest';
import { generateCustomers, generateOrgUnits } from '../../demo/generator/generate.ts';
import { Rng } from '../../demo/generator/rng.ts';
import { simulateSend } from './outbox-carrier.ts';
import { wilson } from '../sampling/wilson.ts';

it('the 95% interval of the sampled success rate covers the true rate in ≥ 94 of 100 samples', () => {
  // eligible: mobiles the rules engine accepts (no mobile defect; an empty number looks valid)
  const outcomes: boolean[] = [];
  for (const r of generateCustomers({ customers: 30_000, seed: 5 }, generateOrgUnits())) {
    if (r.defects.some((d) => d.field === 'mobile' && d.kind !== 'empty_number')) continue;
    const sim = simulateSend(r.customer.mobile, 2); // past the first-attempt rate limit, as retried
    outcomes.push(sim.kind === 'accepted' && sim.outcome === 'delivered');
  }
  const truth = outcomes.filter(Boolean).length / outcomes.length;
  expect(truth).toBeGreaterThan(0.9);
  expect(truth).toBeLessThan(0.99);

  let covered = 0;
  for (let seed = 1; seed <= 100; seed++) {
    const rng = new Rng(seed);
    // simple random sample without replacement (partial Fisher–Yates over indices)
    const idx = outcomes.map((_, i) => i);
    let delivered = 0;
    for (let k = 0; k < 600; k++) {
      const j = k + Math.floor(rng.next() * (idx.length - k));
      [idx[k], idx[j]] = [idx[j]!, idx[k]!];
      if (outcomes[idx[k]!]) delivered++;
    }
    const w = wilson(delivered, 600);
    if (w.low <= truth && truth <= w.high) covered++;
  }
  expect(covered).toBeGreaterThanOrEqual(94);
});
