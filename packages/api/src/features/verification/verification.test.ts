import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { asAdmin, createTestDb, testDbKind, type TestDb } from '../../testing/test-db.ts';
import { newCustomer, seedOrgTree, TREE } from '../../testing/factories.ts';
import type { VerificationState } from '../../db/schema.ts';
import { enqueueSms } from '../sms/queue.ts';
import { ensureActiveCampaign, getStates, recordVerification } from './service.ts';
import { ALL_STATES, canTransition, RESULT_STATES } from './states.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';

let db: TestDb;
let campaignId: number;
const ids: number[] = [];

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  for (let i = 0; i < 4; i++) ids.push((await newCustomer(db.kysely, { city: 'kunming' })).id);
  for (let i = 0; i < 2; i++) ids.push((await newCustomer(db.kysely, { city: 'qujing' })).id);
  campaignId = (await db.kysely.transaction().execute((trx) => ensureActiveCampaign(trx, TEST_EPOCH))).id;
});
afterAll(() => db.close());

const record = (source: 'worksheet_export' | 'worksheet' | 'call', results: [number, VerificationState][]) =>
  db.kysely.transaction().execute((trx) =>
    recordVerification(trx, {
      campaignId,
      at: TEST_EPOCH,
      source,
      ref: 'test',
      results: results.map(([customerId, state]) => ({ customerId, state })),
    }),
  );

/** A customer_verification row for `customer`, written directly (not through the state machine). */
const stateOf = (
  customer: { id: number; city_code: string; county_code: string; station_code: string },
  state: VerificationState = 'in_field',
) => ({
  campaign_id: campaignId,
  customer_id: customer.id,
  state,
  source: 'manual' as const,
  ref: null,
  city_code: customer.city_code,
  county_code: customer.county_code,
  station_code: customer.station_code,
  user_id: null,
  updated_at: TEST_EPOCH,
});

async function counters() {
  return db.kysely
    .selectFrom('verification_counters')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('station_code')
    .execute();
}

async function countersFromScratch() {
  const rows = await db.kysely
    .selectFrom('customer_verification')
    .select(['station_code', 'state', db.kysely.fn.countAll<number>().as('n')])
    .where('campaign_id', '=', campaignId)
    .groupBy(['station_code', 'state'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}

describe('verification state', () => {
  it('creates one active campaign, and finds it again', async () => {
    const again = await db.kysely.transaction().execute((trx) => ensureActiveCampaign(trx, TEST_EPOCH));
    expect(again.id).toBe(campaignId);
    const active = await db.kysely
      .selectFrom('campaigns')
      .where('status', '=', 'active')
      .selectAll()
      .execute();
    expect(active).toHaveLength(1);
  });

  it('moves exported customers to in_field and counts them per station', async () => {
    const r = await record(
      'worksheet_export',
      ids.map((id) => [id, 'in_field']),
    );
    expect(r).toEqual({ applied: 6, skipped: 0 });
    const c = await counters();
    expect(c.map((x) => [x.station_code, x.in_field])).toEqual([
      [TREE.kunming.station, 4],
      [TREE.qujing.station, 2],
    ]);
  });

  it('applies results by the state machine and keeps the counters equal to a recount', async () => {
    const [a, b, c, d, e] = ids as [number, number, number, number, number];
    expect(
      await record('worksheet', [
        [a, 'confirmed'],
        [b, 'unreachable'],
        [e, 'corrected'],
      ]),
    ).toEqual({
      applied: 3,
      skipped: 0,
    });
    // verified may not fall back to unreachable; unreachable may improve; the same state is no move
    expect(
      await record('call', [
        [a, 'unreachable'],
        [b, 'corrected'],
        [e, 'corrected'],
        [c, 'not_found'],
      ]),
    ).toEqual({
      applied: 2,
      skipped: 2,
    });
    // a verified customer is not sent back to the field by a new export
    expect(
      await record('worksheet_export', [
        [a, 'in_field'],
        [d, 'in_field'],
      ]),
    ).toEqual({ applied: 0, skipped: 2 });

    const states = await getStates(db.kysely, campaignId, ids);
    expect(ids.map((id) => states.get(id)?.state)).toEqual([
      'confirmed',
      'corrected',
      'not_found',
      'in_field',
      'corrected',
      'in_field',
    ]);
    const k = (await counters()).find((x) => x.station_code === TREE.kunming.station)!;
    expect([k.in_field, k.confirmed, k.corrected, k.not_found, k.unreachable]).toEqual([1, 1, 1, 1, 0]);
    const recount = await countersFromScratch();
    for (const row of await counters()) {
      for (const state of RESULT_STATES.concat() as string[]) {
        const n = recount.find((r) => r.station_code === row.station_code && r.state === state)?.n ?? 0;
        expect(row[state as keyof typeof row], `${row.station_code} ${state}`).toBe(n);
      }
    }
  });

  it('logs every transition with its source and previous state', async () => {
    const events = await db.kysely
      .selectFrom('verification_events')
      .select(['from_state', 'to_state', 'source'])
      .where('customer_id', '=', ids[1]!)
      .orderBy('id')
      .execute();
    expect(events).toEqual([
      { from_state: 'not_started', to_state: 'in_field', source: 'worksheet_export' },
      { from_state: 'in_field', to_state: 'unreachable', source: 'worksheet' },
      { from_state: 'unreachable', to_state: 'corrected', source: 'call' },
    ]);
    // even the tables' owner: the trigger refuses (the app's role has no such privilege at all: audit-roles.test.ts)
    await asAdmin(db, (admin) =>
      expect(admin.deleteFrom('verification_events').execute()).rejects.toThrow(/append-only/),
    );
  });

  // customer_verification has no foreign key to campaigns (migration 0700): the counters' key does
  // its work, through the table's statement triggers.
  it('refuses a state of an unknown campaign, and keeps a campaign with states from being deleted', async () => {
    const unknown = 987_654;
    await expect(
      db.kysely.transaction().execute((trx) =>
        recordVerification(trx, {
          campaignId: unknown,
          at: TEST_EPOCH,
          source: 'call',
          results: [{ customerId: ids[0]!, state: 'confirmed' }],
        }),
      ),
    ).rejects.toThrow(/verification_counters_campaign_id_fkey/);
    const stored = await db.kysely
      .selectFrom('customer_verification')
      .select('customer_id')
      .where('campaign_id', '=', unknown)
      .execute();
    expect(stored).toEqual([]);
    await expect(db.kysely.deleteFrom('campaigns').where('id', '=', campaignId).execute()).rejects.toThrow(
      /verification_counters_campaign_id_fkey/,
    );
  });

  it('a rolled-back transaction leaves states and counters as they were', async () => {
    const before = await counters();
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        await recordVerification(trx, {
          campaignId,
          at: TEST_EPOCH,
          source: 'call',
          results: [{ customerId: ids[3]!, state: 'closed' }],
        });
        throw new Error('crash');
      }),
    ).rejects.toThrow('crash');
    expect(await counters()).toEqual(before);
  });

  it('the SQL transition rule is the TypeScript one, for every pair', async () => {
    const [customer] = [await newCustomer(db.kysely, { city: 'qujing' })];
    for (const from of ALL_STATES) {
      for (const to of ALL_STATES) {
        if (to === 'not_started') continue;
        await db.kysely.deleteFrom('customer_verification').where('customer_id', '=', customer.id).execute();
        if (from !== 'not_started') {
          await db.kysely.insertInto('customer_verification').values(stateOf(customer, from)).execute();
        }
        const r = await record('call', [[customer.id, to]]);
        expect(r.applied === 1, `${from} → ${to}`).toBe(
          from === 'not_started' ? true : canTransition(from, to),
        );
      }
    }
  });
});

// customer_verification's keys are checked per statement (migration 0700), not by foreign keys.
describe('customer key of a state', () => {
  it('refuses a state of a customer that does not exist', async () => {
    const customer = await newCustomer(db.kysely, { city: 'qujing' });
    await expect(
      db.kysely
        .insertInto('customer_verification')
        .values([stateOf(customer), { ...stateOf(customer), customer_id: 987_654_321 }])
        .execute(),
    ).rejects.toThrow(/customer 987654321 does not exist/);
    expect(await getStates(db, campaignId, [customer.id])).toEqual(new Map());
  });

  it('refuses to delete a customer with a state, and deletes one without', async () => {
    const [kept, gone] = [await newCustomer(db.kysely), await newCustomer(db.kysely)];
    await record('worksheet_export', [[kept.id, 'in_field']]);
    await expect(
      db.kysely.deleteFrom('customers').where('id', 'in', [kept.id, gone.id]).execute(),
    ).rejects.toThrow(new RegExp(`customer ${kept.id} has a verification state`));
    await db.kysely.deleteFrom('customers').where('id', '=', gone.id).execute();
    const left = await db.kysely
      .selectFrom('customers')
      .select('id')
      .where('id', 'in', [kept.id, gone.id])
      .execute();
    expect(left.map((r) => r.id)).toEqual([kept.id]);
  });

  // Two connections at once: PostgreSQL only (PGlite is one connection).
  it.skipIf(testDbKind() !== 'postgres')(
    'a deletion and a state written at the same time never leave a state without its customer',
    async () => {
      const pending = async <T>(p: Promise<T>) =>
        Promise.race([
          p.then(
            () => 'settled',
            () => 'settled',
          ),
          new Promise((r) => setTimeout(() => r('waiting'), 300)),
        ]);
      // 1. The deletion first: the state's writer waits for it, then finds no customer.
      const first = await newCustomer(db.kysely);
      const deleter = new pg.Client(db.url!);
      await deleter.connect();
      try {
        await deleter.query('begin');
        await deleter.query('delete from customers where id = $1', [first.id]);
        const writing = record('call', [[first.id, 'confirmed']]);
        writing.catch(() => {});
        expect(await pending(writing)).toBe('waiting');
        await deleter.query('commit');
        await writing.then(
          (r) => expect(r.applied).toBe(0),
          (e: unknown) => expect(String(e)).toMatch(/does not exist/),
        );
        expect(await getStates(db, campaignId, [first.id])).toEqual(new Map());

        // 2. The state first: the deletion waits for it, then refuses.
        const second = await newCustomer(db.kysely);
        const writer = new pg.Client(db.url!);
        await writer.connect();
        try {
          await writer.query('begin');
          await writer.query(
            `insert into customer_verification (campaign_id, customer_id, state, source, city_code, county_code, station_code, updated_at)
             values ($1, $2, 'in_field', 'manual', $3, $4, $5, $6)`,
            [campaignId, second.id, second.city_code, second.county_code, second.station_code, TEST_EPOCH],
          );
          const deleting = db.kysely.deleteFrom('customers').where('id', '=', second.id).execute();
          deleting.catch(() => {});
          expect(await pending(deleting)).toBe('waiting');
          await writer.query('commit');
          await expect(deleting).rejects.toThrow(/has a verification state/);
        } finally {
          await writer.end();
        }
      } finally {
        await deleter.end();
      }
    },
  );
});

describe('SMS queue', () => {
  it('queues a key once, however often it is enqueued', async () => {
    const msg = {
      idempotencyKey: 'weekly:2026-W48:7',
      purpose: 'weekly_report' as const,
      to: '13812345678',
      body: '本周完成率 66.05%',
    };
    const first = await db.kysely
      .transaction()
      .execute((trx) => enqueueSms(trx, [msg, { ...msg, idempotencyKey: 'other' }], TEST_EPOCH));
    const second = await db.kysely.transaction().execute((trx) => enqueueSms(trx, [msg], TEST_EPOCH));
    expect([first, second]).toEqual([2, 0]);
    const rows = await db.kysely.selectFrom('sms_messages').select(['status', 'attempts']).execute();
    expect(rows).toEqual([
      { status: 'queued', attempts: 0 },
      { status: 'queued', attempts: 0 },
    ]);
  });
});
