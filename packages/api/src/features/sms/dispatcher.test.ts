// The dispatcher over the durable queue with the local outbox provider: sending, receipts and
// flags, retries only for transient errors with backoff, the night window, and reconciliation of
// messages a dead dispatcher left 'sending'.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { asAdmin, createTestDb, type TestDb } from '../../testing/test-db.ts';
import { changeCustomer, newCustomer, seedOrgTree } from '../../testing/factories.ts';
import { SmsDispatcher, type DispatcherOptions } from './dispatcher.ts';
import { findFlaggedCustomers } from './flags.ts';
import { createOutboxProvider, deliverDueReceipts } from './outbox-provider.ts';
import { isEmptyNumber, simulateSend } from './outbox-carrier.ts';
import { SmsSendError, type SmsProvider } from './provider.ts';
import { enqueueSms } from './queue.ts';
import { loadConfig } from '../../config.ts';
import { startSmsRuntime } from './runtime.ts';
import { stopwatch } from '../../clock.ts';
import { testClock } from '../../testing/clock.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
});
afterAll(() => db.close());
beforeEach(async () => {
  await asAdmin(db, (admin) =>
    sql`truncate sms_events, sms_inbound, customer_flags, sms_outbox, sms_messages`.execute(admin),
  );
});

// 10:00 in Shanghai
const DAY = new Date('2026-11-30T02:00:00Z');
const options = (over: Partial<DispatcherOptions> = {}): DispatcherOptions => ({
  ratePerSecond: 0,
  window: { startHour: 8, endHour: 21, timeZone: 'Asia/Shanghai' },
  maxAttempts: 3,
  retryBaseSeconds: 30,
  leaseSeconds: 120,
  clock: () => DAY,
  ...over,
});

/** Numbers with a known simulated outcome. */
function numbers(want: 'delivered' | 'empty' | 'transient', count: number): string[] {
  const out: string[] = [];
  for (let n = 13_700_000_000; out.length < count; n++) {
    const s = String(n);
    const sim = simulateSend(s, 1);
    const ok =
      want === 'empty'
        ? isEmptyNumber(s)
        : want === 'transient'
          ? sim.kind === 'transient'
          : sim.kind === 'accepted' && sim.outcome === 'delivered';
    if (ok) out.push(s);
  }
  return out;
}

async function queue(tos: string[], customerIds: (number | null)[] = []) {
  await db.kysely.transaction().execute((trx) =>
    enqueueSms(
      trx,
      tos.map((to, i) => ({
        idempotencyKey: `t:${to}`,
        purpose: 'sampling',
        to,
        body: `测试短信 ${i}`,
        customerId: customerIds[i] ?? null,
        cityCode: '5301',
      })),
      DAY,
    ),
  );
}

const statuses = async () =>
  Object.fromEntries(
    (await db.kysely.selectFrom('sms_messages').select(['to_number', 'status']).execute()).map((r) => [
      r.to_number,
      r.status,
    ]),
  );

describe('SMS dispatcher with the outbox', () => {
  it('sends every due message once, then receipts deliver them or flag the empty numbers', async () => {
    const good = numbers('delivered', 30);
    const empty = numbers('empty', 2);
    const customer = await newCustomer(db.kysely, { mobile: empty[0]! });
    await queue([...good, ...empty], [...good.map(() => null), customer.id]);
    const d = new SmsDispatcher(
      db.kysely,
      createOutboxProvider(db.kysely, { clock: () => DAY }),
      options({ batchSize: 7 }),
    );
    const totals = await d.runUntilIdle();
    expect(totals).toMatchObject({ sent: 32, failed: 0, retrying: 0, idle: 'empty' });
    expect(Object.values(await statuses()).every((s) => s === 'sent')).toBe(true);
    const outbox = await db.kysely
      .selectFrom('sms_outbox')
      .select(['idempotency_key', 'send_count'])
      .execute();
    expect(outbox).toHaveLength(32);
    expect(outbox.every((o) => o.send_count === 1)).toBe(true);

    // receipts are due 0.2–1.2 s after acceptance (by the outbox's clock)
    expect(await deliverDueReceipts(db.kysely, new Date(DAY.getTime() + 150))).toBe(0);
    expect(await deliverDueReceipts(db.kysely, new Date(DAY.getTime() + 1_300))).toBe(32);
    const after = await statuses();
    for (const to of good) expect(after[to]).toBe('delivered');
    for (const to of empty) expect(after[to]).toBe('undelivered');
    const codes = await db.kysely
      .selectFrom('sms_messages')
      .select('error_code')
      .where('status', '=', 'undelivered')
      .execute();
    expect(codes.map((c) => c.error_code)).toEqual(['30005', '30005']);
    // the customer with the empty number is flagged for the next worksheet
    const flags = await findFlaggedCustomers(db.kysely, { region: { cityCode: '5301' } });
    expect(flags).toMatchObject([{ customerId: customer.id, kind: 'sms_failed', value: empty[0] }]);
    expect(flags[0]!.reason).toContain('空号');
    // …until the mobile is corrected
    await changeCustomer(db.kysely, customer.id, { mobile: good[0]! });
    expect(await findFlaggedCustomers(db.kysely, { customerIds: [customer.id] })).toEqual([]);
    // a second round finds nothing to send
    expect((await d.runUntilIdle()).sent).toBe(0);
  });

  it('retries transient errors with backoff, fails permanent ones at once', async () => {
    const [transient] = numbers('transient', 1);
    const invalid = '12345';
    await queue([transient!, invalid]);
    let now = DAY;
    const d = new SmsDispatcher(
      db.kysely,
      createOutboxProvider(db.kysely, { clock: () => DAY }),
      options({ clock: () => now }),
    );
    expect(await d.dispatchBatch()).toMatchObject({ claimed: 2, sent: 0, retrying: 1, failed: 1 });
    const rows = await db.kysely.selectFrom('sms_messages').selectAll().orderBy('id').execute();
    expect(rows[0]).toMatchObject({ status: 'queued', attempts: 1, error_code: '20429' });
    expect(new Date(rows[0]!.next_attempt_at).getTime() - DAY.getTime()).toBe(30_000);
    expect(rows[1]).toMatchObject({ status: 'failed', attempts: 1, error_code: '21211' });
    // not due yet
    expect((await d.dispatchBatch()).idle).toBe('empty');
    now = new Date(DAY.getTime() + 30_000);
    expect(await d.dispatchBatch()).toMatchObject({ claimed: 1, sent: 1 });
    expect((await statuses())[invalid]).toBe('failed');
  });

  it('gives up after the last attempt, doubling the wait each time', async () => {
    await queue(['13900001111']);
    const down: SmsProvider = {
      name: 'outbox',
      send: () => Promise.reject(new SmsSendError('transient', '20503', 'Service Unavailable')),
      lookup: async () => undefined,
    };
    let now = DAY;
    const d = new SmsDispatcher(db.kysely, down, options({ clock: () => now }));
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await d.dispatchBatch();
      const row = await db.kysely.selectFrom('sms_messages').selectAll().executeTakeFirstOrThrow();
      if (row.status === 'queued') {
        waits.push(new Date(row.next_attempt_at).getTime() - now.getTime());
        now = new Date(row.next_attempt_at);
      }
    }
    expect(waits).toEqual([30_000, 60_000]);
    const row = await db.kysely.selectFrom('sms_messages').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 3, error_code: '20503' });
  });

  it('sends nothing at night (Asia/Shanghai) and resumes in the morning', async () => {
    await queue(numbers('delivered', 3));
    let now = new Date('2026-11-30T14:30:00Z'); // 22:30 in Shanghai
    const d = new SmsDispatcher(
      db.kysely,
      createOutboxProvider(db.kysely, { clock: () => DAY }),
      options({ clock: () => now }),
    );
    expect(await d.dispatchBatch()).toMatchObject({ claimed: 0, idle: 'window' });
    now = new Date('2026-11-30T23:59:00Z'); // 07:59
    expect((await d.dispatchBatch()).idle).toBe('window');
    now = new Date('2026-12-01T00:00:00Z'); // 08:00
    expect(await d.dispatchBatch()).toMatchObject({ claimed: 3, sent: 3 });
  });

  it('after a crash, a message left sending is marked sent if the provider has it and resent if not', async () => {
    const [a, b] = numbers('delivered', 2);
    await queue([a!, b!]);
    const provider = createOutboxProvider(db.kysely, { clock: () => DAY });
    // a dispatcher claimed both and died: the provider had accepted a, never saw b
    const claimedAt = new Date(DAY.getTime() - 10 * 60_000);
    await db.kysely
      .updateTable('sms_messages')
      .set({ status: 'sending', attempts: 1, claimed_at: claimedAt })
      .execute();
    const rowA = await db.kysely
      .selectFrom('sms_messages')
      .selectAll()
      .where('to_number', '=', a!)
      .executeTakeFirstOrThrow();
    const accepted = await provider.send({
      messageId: rowA.id,
      to: a!,
      body: rowA.body,
      idempotencyKey: rowA.idempotency_key,
      attempt: 1,
      claimedAt,
    });

    const d = new SmsDispatcher(db.kysely, provider, options());
    // within the lease nobody touches them
    expect(
      await new SmsDispatcher(db.kysely, provider, options({ leaseSeconds: 3600 })).reconcileStale(),
    ).toEqual({ reconciled: 0, requeued: 0 });
    const totals = await d.runUntilIdle();
    expect(totals).toMatchObject({ reconciled: 1, requeued: 1, sent: 1 });
    const rows = await db.kysely.selectFrom('sms_messages').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['sent', 1],
      ['sent', 1],
    ]);
    expect(rows[0]!.provider_sid).toBe(accepted.sid);
    const outbox = await db.kysely
      .selectFrom('sms_outbox')
      .select(['to_number', 'send_count'])
      .orderBy('id')
      .execute();
    expect(outbox).toEqual([
      { to_number: a, send_count: 1 },
      { to_number: b, send_count: 1 },
    ]);
    const events = await db.kysely.selectFrom('sms_events').select('kind').orderBy('id').execute();
    expect(events.map((e) => e.kind).sort()).toEqual(['reconciled', 'requeued']);
  });

  it('leaves a message whose outcome is unknown for reconciliation instead of resending it', async () => {
    await queue(['13900002222']);
    const timeout: SmsProvider = {
      name: 'twilio',
      send: () => Promise.reject(new SmsSendError('unknown', 'ETIMEDOUT', 'timeout')),
      lookup: async () => ({ sid: 'SM' + '0'.repeat(32), status: 'queued' }),
    };
    let now = DAY;
    const d = new SmsDispatcher(db.kysely, timeout, options({ clock: () => now }));
    expect(await d.dispatchBatch()).toMatchObject({ claimed: 1, unknown: 1 });
    expect((await statuses())['13900002222']).toBe('sending');
    now = new Date(DAY.getTime() + 121_000);
    expect(await d.reconcileStale()).toEqual({ reconciled: 1, requeued: 0 });
    expect((await statuses())['13900002222']).toBe('sent');
  });

  it('lets two dispatchers share the queue without sending anything twice', async () => {
    await queue(numbers('delivered', 60));
    const provider = createOutboxProvider(db.kysely, { clock: () => DAY });
    const [x, y] = [1, 2].map(
      () => new SmsDispatcher(db.kysely, provider, options({ batchSize: 5, concurrency: 3 })),
    );
    const [tx, ty] = await Promise.all([x!.runUntilIdle(), y!.runUntilIdle()]);
    expect(tx.sent + ty.sent).toBe(60);
    const counts = await db.kysely.selectFrom('sms_outbox').select('send_count').execute();
    expect(counts).toHaveLength(60);
    expect(counts.every((c) => c.send_count === 1)).toBe(true);
  });

  it('runs in the background (as in the server) until stopped, receipts included', async () => {
    const tos = numbers('delivered', 12);
    await queue(tos);
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SMS_RATE_PER_SECOND: '50',
      SMS_WINDOW_START_HOUR: '0',
      SMS_WINDOW_END_HOUR: '0',
    });
    const runtime = startSmsRuntime(db, config, testClock(DAY));
    try {
      const waited = stopwatch();
      while (waited() < 20) {
        const s = Object.values(await statuses());
        if (s.length === 12 && s.every((x) => x === 'delivered')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
    } finally {
      await runtime.stop();
    }
    expect(Object.values(await statuses())).toEqual(tos.map(() => 'delivered'));
    // stopped: a message queued now stays queued
    await queue(['13700000000']);
    await new Promise((r) => setTimeout(r, 1_500));
    expect((await statuses())['13700000000']).toBe('queued');
  });
});
