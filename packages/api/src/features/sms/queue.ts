// Enqueue SMS into the durable queue (table sms_messages). Every sender — sampling plans, weekly
// reports, a coordinator's manual send — goes through here; the dispatcher delivers them. The
// idempotency key makes enqueueing safe to repeat: a key already queued is left as it is.
import type { Trx } from '../../db.ts';
import type { SmsPurpose } from '../../db/schema.ts';

export interface SmsToQueue {
  idempotencyKey: string;
  purpose: SmsPurpose;
  to: string;
  body: string;
  ref?: string | null;
  customerId?: number | null;
  userId?: number | null;
  cityCode?: string | null;
  countyCode?: string | null;
}

/** Returns how many messages were newly queued (the rest were already there); all are due at `now`. */
export async function enqueueSms(trx: Trx, messages: readonly SmsToQueue[], now: Date): Promise<number> {
  let queued = 0;
  for (let i = 0; i < messages.length; i += 5_000) {
    const rows = messages.slice(i, i + 5_000).map((m) => ({
      idempotency_key: m.idempotencyKey,
      purpose: m.purpose,
      to_number: m.to,
      body: m.body,
      ref: m.ref ?? null,
      customer_id: m.customerId ?? null,
      user_id: m.userId ?? null,
      city_code: m.cityCode ?? null,
      county_code: m.countyCode ?? null,
      created_at: now,
      updated_at: now,
      next_attempt_at: now,
    }));
    const inserted = await trx
      .insertInto('sms_messages')
      .values(rows)
      .onConflict((oc) => oc.column('idempotency_key').doNothing())
      .returning('id')
      .execute();
    queued += inserted.length;
  }
  return queued;
}
