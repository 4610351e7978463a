// The steps of the scripted campaign demo, one function each, so each can later be replaced by
// the real feature (worksheet export/import, SMS sampling and dispatch, call verification).
// For now each step writes what that feature would write: verification states through
// recordVerification, corrections through customers + customer_changes, SMS rows in the queue.
import { sql } from 'kysely';
import type { Trx } from '../db.ts';
import type { VerificationState } from '../db/schema.ts';
import { applyOverCurrent } from '../features/customers/changes.ts';
import type { Rng } from './generator/rng.ts';
import { revalidateCustomers } from '../features/validation/revalidate.ts';
import { recordVerification } from '../features/verification/service.ts';
import { setChangeState } from '../features/writeback/queries.ts';

export interface DemoCustomer {
  id: number;
  city_code: string;
  station_code: string;
  mobile: string;
}

export interface DemoContext {
  trx: Trx;
  campaignId: number;
  rng: Rng;
  /** The simulated instant of this step. */
  at: Date;
  ref: string;
}

/** 导出明细 → 现场核实: a worksheet goes to the field; its customers are in_field. */
export async function exportToField(ctx: DemoContext, customers: readonly DemoCustomer[]) {
  return recordVerification(ctx.trx, {
    campaignId: ctx.campaignId,
    source: 'worksheet_export',
    ref: ctx.ref,
    at: ctx.at,
    results: customers.map((c) => ({ customerId: c.id, state: 'in_field' as const })),
  });
}

/** What the field team finds per customer (a realistic mix). */
export function fieldResults(rng: Rng, customers: readonly DemoCustomer[]) {
  return customers.map((c) => {
    const r = rng.next();
    const state: VerificationState =
      r < 0.68
        ? 'confirmed'
        : r < 0.86
          ? 'corrected'
          : r < 0.94
            ? 'unreachable'
            : r < 0.97
              ? 'closed'
              : 'not_found';
    return { customer: c, state };
  });
}

/** 整理汇总 → 导入系统: results come back; corrections change the customer and are logged. */
export async function importResults(ctx: DemoContext, results: ReturnType<typeof fieldResults>) {
  const corrected = results.filter((r) => r.state === 'corrected').map((r) => r.customer);
  await applyOverCurrent(
    ctx.trx,
    corrected.map((c) => ({
      customerId: c.id,
      fields: { mobile: `139${String(c.id % 100_000_000).padStart(8, '0')}` },
    })),
    { source: { kind: 'worksheet', ref: ctx.ref, userId: null }, now: ctx.at },
  );
  // corrected values are judged by the active rules, and their findings replaced
  if (corrected.length > 0)
    await revalidateCustomers(
      ctx.trx,
      corrected.map((c) => c.id),
      ctx.at,
    );
  return recordVerification(ctx.trx, {
    campaignId: ctx.campaignId,
    source: 'worksheet',
    ref: ctx.ref,
    at: ctx.at,
    results: results.map((r) => ({ customerId: r.customer.id, state: r.state })),
  });
}

/**
 * 导入系统 (回写): the marketing system takes the earlier weeks' corrections back — most of them,
 * each city at its own pace (`rate` 0–1). Chosen by id, not by the demo's random stream, so the
 * rest of the demo plays the same with or without this step.
 */
export async function writeBack(ctx: DemoContext, rate: ReadonlyMap<string, number>) {
  const { rows } = await sql<{ id: string | number; city_code: string }>`
    select id, city_code from outbound_changes where state = 'pending' and changed_at < ${ctx.at}`.execute(
    ctx.trx,
  );
  const ids = rows
    .filter((r) => ((Number(r.id) * 7919) % 1000) / 1000 < (rate.get(r.city_code) ?? 1))
    .map((r) => Number(r.id));
  await setChangeState(ctx.trx, ids, 'written_back', { at: ctx.at, reason: null, by: 'demo' });
  return ids.length;
}

/** 短信校验: a 1 % sample per city gets an SMS; delivery receipts (simulated) and replies. */
export async function smsSample(ctx: DemoContext, verified: readonly DemoCustomer[], successRate: number) {
  const sample = verified.filter(() => ctx.rng.chance(0.01));
  if (sample.length === 0) return { sent: 0, replied: 0 };
  const statuses = sample.map(() =>
    ctx.rng.chance(successRate) ? 'delivered' : ctx.rng.chance(0.5) ? 'undelivered' : 'failed',
  );
  const at = ctx.at.toISOString();
  await sql`insert into sms_messages (idempotency_key, purpose, ref, customer_id, city_code, to_number, body, status, attempts, provider, created_at, sent_at, finished_at, updated_at, next_attempt_at)
    select 'demo-sms:' || u.id || ':' || ${ctx.ref}, 'sampling', ${ctx.ref}, u.id, u.city, u.mobile,
           '【清源】您好，请核对您的用电户信息，如有误请回复。', u.status, 1, 'demo', ${at}::timestamptz,
           ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz, ${at}::timestamptz
    from unnest(${sample.map((c) => c.id)}::bigint[], ${sample.map((c) => c.city_code)}::text[],
                ${sample.map((c) => c.mobile || '13900000000')}::text[], ${statuses}::text[]) as u(id, city, mobile, status)
    on conflict (idempotency_key) do nothing`.execute(ctx.trx);
  const replied = sample.filter((_, i) => statuses[i] === 'delivered' && ctx.rng.chance(0.4));
  await recordVerification(ctx.trx, {
    campaignId: ctx.campaignId,
    source: 'sms_reply',
    ref: ctx.ref,
    at: ctx.at,
    results: replied.map((c) => ({
      customerId: c.id,
      state: ctx.rng.chance(0.9) ? 'confirmed' : 'corrected',
    })),
  });
  return { sent: sample.length, replied: replied.length };
}

/** 人工互动式校验: the call centre calls a sample of the unreachable and some verified customers. */
export async function calls(ctx: DemoContext, unreachable: readonly DemoCustomer[]) {
  const called = unreachable.filter(() => ctx.rng.chance(0.5));
  return recordVerification(ctx.trx, {
    campaignId: ctx.campaignId,
    source: 'call',
    ref: ctx.ref,
    at: ctx.at,
    results: called.map((c) => ({
      customerId: c.id,
      state: ctx.rng.chance(0.8) ? 'confirmed' : 'corrected',
    })),
  });
}

/** New installations pass the entry gate; some stations let more bad records in than others. */
export async function entryGateTraffic(ctx: DemoContext, stations: readonly string[], day: string) {
  const rows = stations
    .filter(() => ctx.rng.chance(0.3))
    .map((s) => {
      const records = ctx.rng.int(5, 60);
      const badness = (s.charCodeAt(s.length - 1) % 5) / 20;
      return {
        day,
        station_code: s,
        channel: 'marketing',
        business_type: (['new_connection', 'capacity_change', 'change_of_details'] as const)[
          s.charCodeAt(s.length - 1) % 3
        ],
        records,
        records_with_error: Math.round(records * badness * ctx.rng.next()),
      };
    });
  if (rows.length > 0)
    await ctx.trx
      .insertInto('entry_gate_counts')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
}
