// How a verified row lands, whether it came from an uploaded worksheet or from a phone in the
// field (现场核实): its changes go through the customer write path at the version the field team
// saw (a change since makes the row a conflict, not a write), the applied rows move their
// customers' verification state, and the customers whose fields changed are re-validated — all
// in the caller's transaction, under source 'worksheet' with the caller's ref. Between campaign
// cycles (campaignId null) the results are logged without a campaign state (recordVerification).
import type { Trx } from '../../db.ts';
import type { VerificationState } from '../../db/schema.ts';
import { applyChanges, type Applied, type CustomerChange } from '../customers/changes.ts';
import { revalidateCustomers } from '../validation/revalidate.ts';
import { recordVerification } from '../verification/service.ts';
import type { ResultState } from './template.ts';

export interface VerifiedRow extends CustomerChange {
  /** The verdict; null: the row only carries corrections (no state move). */
  result: ResultState | null;
}

export interface VerifiedRowsOutcome<R extends VerifiedRow> {
  applied: Applied<R>[];
  /** Rows whose customer changed (or vanished) since it was read: conflicts for a person. */
  stale: R[];
  /** Customers whose fields were written. */
  written: number[];
}

export async function applyVerifiedRows<R extends VerifiedRow>(
  trx: Trx,
  rows: readonly R[],
  opts: { campaignId: number | null; ref: string; userId: number | null; now: Date },
): Promise<VerifiedRowsOutcome<R>> {
  const { campaignId, ref, userId, now } = opts;
  const outcome = await applyChanges(trx, rows, { source: { kind: 'worksheet', ref, userId }, now });
  const written = outcome.applied.filter((a) => a.fields.length > 0).map((a) => a.change.customerId);
  const results: { customerId: number; state: VerificationState }[] = [];
  for (const { change } of outcome.applied)
    if (change.result) results.push({ customerId: change.customerId, state: change.result });
  await recordVerification(trx, { campaignId, source: 'worksheet', ref, userId, at: now, results });
  await revalidateCustomers(trx, written, now);
  return { applied: outcome.applied, stale: outcome.refused.map((r) => r.change), written };
}
