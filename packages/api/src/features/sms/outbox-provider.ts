// The local outbox: the SMS provider of the embedded setup and the tests. It records every
// message in sms_outbox (one row per idempotency key: a repeated send returns the first sid and
// counts the repeat), decides the outcome from the number with its simulated carrier
// (outbox-carrier.ts, beside it: pure, so the demo generator can share its rule for 空号), and
// reports delivery later, as a carrier would, through deliverDueReceipts.
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import { SmsSendError, type OutgoingSms, type SendAccepted, type SmsProvider } from './provider.ts';
import { simulateSend } from './outbox-carrier.ts';
import { applyDeliveryReports } from './receipts.ts';

interface Pending {
  message: OutgoingSms;
  outcome: string;
  errorCode: string | null;
  delayMs: number;
  resolve: (a: SendAccepted) => void;
  reject: (e: unknown) => void;
}

export const newSid = () => `SM${randomBytes(16).toString('hex')}`;

/**
 * Sends are written in small batches (whatever arrived in the same tick, up to `batchSize`),
 * each batch one statement: a send resolves only once its row is committed.
 */
export function createOutboxProvider(
  db: Kysely<Database>,
  opts: { clock: Clock; batchSize?: number },
): SmsProvider {
  const { clock } = opts;
  const batchSize = opts.batchSize ?? 500;
  let pending: Pending[] = [];
  let scheduled = false;

  async function flush() {
    scheduled = false;
    const batch: Pending[] = [];
    const keys = new Set<string>();
    const rest: Pending[] = [];
    for (const p of pending) {
      // the same key twice in one statement cannot be upserted: the second waits for the next batch
      if (batch.length < batchSize && !keys.has(p.message.idempotencyKey)) {
        batch.push(p);
        keys.add(p.message.idempotencyKey);
      } else rest.push(p);
    }
    pending = rest;
    if (pending.length > 0) schedule();
    if (batch.length === 0) return;
    try {
      const now = clock();
      const sids = batch.map(() => newSid());
      const rows = await sql<{ idempotency_key: string; sid: string }>`
        insert into sms_outbox (idempotency_key, sid, to_number, body, outcome, error_code, accepted_at, report_at)
        select * from unnest(
          ${batch.map((p) => p.message.idempotencyKey)}::text[], ${sids}::text[],
          ${batch.map((p) => p.message.to)}::text[], ${batch.map((p) => p.message.body)}::text[],
          ${batch.map((p) => p.outcome)}::text[], ${batch.map((p) => p.errorCode)}::text[],
          ${batch.map(() => now.toISOString())}::timestamptz[],
          ${batch.map((p) => new Date(now.getTime() + p.delayMs).toISOString())}::timestamptz[])
        on conflict (idempotency_key) do update set send_count = sms_outbox.send_count + 1
        returning idempotency_key, sid`.execute(db);
      const byKey = new Map(rows.rows.map((r) => [r.idempotency_key, r.sid]));
      for (const p of batch) p.resolve({ sid: byKey.get(p.message.idempotencyKey)!, status: 'queued' });
    } catch (err) {
      // The database is the outbox's "network": a failed write sent nothing.
      for (const p of batch) p.reject(new SmsSendError('transient', 'outbox_unavailable', String(err)));
    }
  }

  function schedule() {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => void flush());
  }

  return {
    name: 'outbox',
    send(message) {
      const sim = simulateSend(message.to, message.attempt);
      if (sim.kind !== 'accepted') return Promise.reject(new SmsSendError(sim.kind, sim.code, sim.message));
      return new Promise<SendAccepted>((resolve, reject) => {
        pending.push({
          message,
          outcome: sim.outcome,
          errorCode: sim.errorCode,
          delayMs: sim.delayMs,
          resolve,
          reject,
        });
        if (pending.length >= batchSize) void flush();
        else schedule();
      });
    },
    async lookup(message) {
      const row = await db
        .selectFrom('sms_outbox')
        .select(['sid'])
        .where('idempotency_key', '=', message.idempotencyKey)
        .executeTakeFirst();
      return row ? { sid: row.sid, status: 'queued' } : undefined;
    },
  };
}

/** The simulated carrier's receipts that are due: applied and marked reported in one transaction. */
export async function deliverDueReceipts(db: Kysely<Database>, now: Date, limit = 2_000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const due = await sql<{
      sid: string;
      idempotency_key: string;
      outcome: string;
      error_code: string | null;
    }>`
      update sms_outbox o set reported_at = ${now}
      where o.id in (
        select id from sms_outbox where reported_at is null and report_at <= ${now}
        order by report_at limit ${limit} for update skip locked)
      returning o.sid, o.idempotency_key, o.outcome, o.error_code`.execute(trx);
    await applyDeliveryReports(
      trx,
      due.rows.map((r) => ({
        sid: r.sid,
        idempotencyKey: r.idempotency_key,
        status: r.outcome as 'delivered' | 'undelivered' | 'failed',
        errorCode: r.error_code,
      })),
      now,
    );
    return due.rows.length;
  });
}
