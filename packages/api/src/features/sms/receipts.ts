// Delivery receipts, wherever they come from (Twilio's status callback, the outbox's simulated
// carrier): one transaction moves the messages to their final state and flags unreachable numbers.
import type { Trx } from '../../db.ts';
import { flagUnreachable } from './flags.ts';
import type { DeliveryReport } from './provider.ts';
import { applyReports, type FinishedMessage } from './queries.ts';

export async function applyDeliveryReports(
  trx: Trx,
  reports: readonly DeliveryReport[],
  now: Date,
): Promise<FinishedMessage[]> {
  const finished = await applyReports(
    trx,
    reports.map((r) => ({
      sid: r.sid,
      messageId: r.messageId ?? null,
      key: r.idempotencyKey ?? null,
      status: r.status,
      errorCode: r.errorCode ?? null,
      errorMessage: r.errorMessage ?? null,
    })),
    now,
  );
  await flagUnreachable(trx, finished, now);
  return finished;
}
