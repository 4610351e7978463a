// Who may be sampled, and how many per stratum: pure functions shared by the database draw and
// the statistics tests (which draw from an in-memory population the same way).
import { createHash } from 'node:crypto';
import type { CompiledRuleSet, CustomerRecord } from '@qingyuan/rules';

/** How many to draw from a stratum: a fixed size, or a rate of its population (at least one). */
export function stratumTarget(
  population: number,
  plan: { rate: number | null; sizePerStratum: number | null },
) {
  if (population <= 0) return 0;
  const wanted = plan.sizePerStratum ?? Math.max(1, Math.round((plan.rate ?? 0) * population));
  return Math.min(wanted, population);
}

/** The draw order: md5(seed:id) as hex, the same key PostgreSQL computes in SQL (drawKeySql). */
export function drawKey(seed: string, customerId: number): string {
  return createHash('md5').update(`${seed}:${customerId}`).digest('hex');
}

/**
 * The mobile an SMS or a call may use, as the rules engine judges it: no finding at all on the mobile
 * field (a placeholder or a landline is only a warning, but no SMS reaches it), except a pure format
 * finding whose canonical form it suggests (then that form is the number). undefined = not eligible.
 */
export function reachableMobile(rules: CompiledRuleSet, record: CustomerRecord): string | undefined {
  if (!record.mobile) return undefined;
  let mobile = record.mobile;
  for (const f of rules.check(record)) {
    if (f.field !== 'mobile') continue;
    if (f.code === 'mobile.format' && f.suggested) mobile = f.suggested;
    else return undefined;
  }
  return mobile;
}
