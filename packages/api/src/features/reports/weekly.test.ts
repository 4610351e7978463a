// The week's figures are frozen at the cut-off (Friday 18:00 Shanghai), not at the first look:
// a preview stores nothing, a manual send before the cut-off must be confirmed and is marked
// early, and a cut-off missed while the server was down is caught up once, marked late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../testing/clock.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { ensureActiveCampaign, recordVerification } from '../verification/service.ts';
import { createCampaignScheduler } from '../campaign/scheduler.ts';
import { takeSnapshot } from '../campaign/snapshot.ts';

const clock = testClock('2026-11-30T02:00:00Z', { ticking: false }); // Monday of 2026-W49, 10:00
let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let campaignId: number;
const km: number[] = [];

const scheduler = () =>
  createCampaignScheduler(db, {
    weeklyCron: '0 18 * * 5',
    monthlyCron: '30 18 28-31 * *',
    clock,
    log: { info() {}, error() {} },
  });
const as = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  app.inject({
    method,
    url,
    headers: { cookie: await loginAs(app, 'coord', TEST_PASSWORD) },
    ...(payload ? { payload } : {}),
  });
const verify = (ids: number[]) =>
  db.kysely.transaction().execute((trx) =>
    recordVerification(trx, {
      campaignId,
      source: 'worksheet',
      at: clock(),
      results: ids.map((customerId) => ({ customerId, state: 'confirmed' as const })),
    }),
  );
const weekSms = (week: string) =>
  db.kysely
    .selectFrom('sms_messages')
    .select(['idempotency_key', 'body', 'to_number'])
    .where('purpose', '=', 'weekly_report')
    .where('idempotency_key', 'like', `%:${week}:%`)
    .orderBy('id')
    .execute();
const snapshotTimings = (week: string) =>
  db.kysely
    .selectFrom('progress_snapshots')
    .select('timing')
    .distinct()
    .where('period_key', '=', week)
    .execute();

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  for (let i = 0; i < 4; i++) km.push((await newCustomer(db.kysely, { city: 'kunming' })).id);
  for (let i = 0; i < 2; i++) await newCustomer(db.kysely, { city: 'qujing' });
  await newUser(db.kysely, 'coordinator', { username: 'coord' });
  for (const [username, cityCode, phone] of [
    ['mgr-province', undefined, '+8613900000001'],
    ['mgr-km', TREE.kunming.city, '+8613900000002'],
  ] as const) {
    await newUser(db.kysely, 'manager', { username, ...(cityCode ? { cityCode } : {}) });
    await db.kysely.updateTable('users').set({ phone }).where('username', '=', username).execute();
  }
  app = await buildTestApp(db, {}, clock);
  campaignId = (await db.kysely.transaction().execute((trx) => ensureActiveCampaign(trx, clock()))).id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('the weekly snapshot is taken at the cut-off', () => {
  it('a preview on Monday stores nothing; the Friday job reports Friday’s figures', async () => {
    const preview = await as('GET', '/api/v1/reports/weekly/preview');
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      week: '2026-W49',
      figures: 'live',
      isBeforeCutOff: true,
      cutOffAt: '2026-12-04T10:00:00.000Z',
      timing: null,
    });
    expect(await snapshotTimings('2026-W49')).toEqual([]);
    // during the week half of 昆明 is verified
    clock.set('2026-12-02T02:00:00Z');
    await verify([km[0]!, km[1]!]);
    clock.set('2026-12-04T10:00:00Z'); // Friday 18:00 Shanghai
    const s = scheduler();
    await s.weekly.execute();
    await s.stop();
    const sms = await weekSms('2026-W49');
    expect(sms.map((m) => m.to_number)).toEqual(['+8613900000001', '+8613900000002']);
    expect(sms[1]!.body).toContain('昆明供电公司客户档案核实完成率50.00%');
    expect(await snapshotTimings('2026-W49')).toEqual([{ timing: 'on_time' }]);
    const after = (await as('GET', '/api/v1/reports/weekly/preview')).json();
    expect(after).toMatchObject({ figures: 'stored', timing: 'on_time', isBeforeCutOff: false });
  });

  it('a manual send before the cut-off asks first, and records that it was early', async () => {
    clock.set('2026-12-08T02:00:00Z'); // Tuesday of 2026-W50
    const refused = await as('POST', '/api/v1/reports/weekly/send');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details).toMatchObject({ reason: 'before_cut_off' });
    expect(await weekSms('2026-W50')).toEqual([]);
    expect(await snapshotTimings('2026-W50')).toEqual([]);
    const sent = await as('POST', '/api/v1/reports/weekly/send', { early: true });
    expect(sent.json()).toMatchObject({ week: '2026-W50', stored: 2, queued: 2, timing: 'early' });
    expect(await snapshotTimings('2026-W50')).toEqual([{ timing: 'early' }]);
    const list = (await as('GET', '/api/v1/reports/weekly?week=2026-W50')).json();
    expect(list.items.map((i: { timing: string }) => i.timing)).toEqual(['early', 'early']);
    // the Friday job finds the week sent: nothing twice
    clock.set('2026-12-11T10:00:00Z');
    const s = scheduler();
    expect(await s.weekly.execute()).toMatchObject({ stored: 0, queued: 0 });
    await s.stop();
    expect(await weekSms('2026-W50')).toHaveLength(2);
  });

  it('after downtime over the cut-off, a start sends the week once, marked late; a second start nothing', async () => {
    await verify([km[2]!]);
    // the server was down from Thursday to Saturday: 2026-W51's cut-off (Friday 18:00) passed
    clock.set('2026-12-19T01:00:00Z');
    const first = scheduler();
    expect(await first.catchUp()).toMatchObject({
      caughtUp: true,
      week: '2026-W51',
      stored: 2,
      queued: 2,
      timing: 'late',
    });
    await first.stop();
    const sms = await weekSms('2026-W51');
    expect(sms).toHaveLength(2);
    expect(sms[1]!.body).toContain('完成率75.00%');
    expect(await snapshotTimings('2026-W51')).toEqual([{ timing: 'late' }]);
    clock.set('2026-12-19T03:00:00Z');
    const second = scheduler();
    expect(await second.catchUp()).toMatchObject({ caughtUp: false });
    await second.stop();
    expect(await weekSms('2026-W51')).toHaveLength(2);
  });

  it('a start before the week’s cut-off catches up nothing', async () => {
    clock.set('2026-12-22T02:00:00Z'); // Tuesday of 2026-W52: W51 was taken, W52 not due
    const s = scheduler();
    expect(await s.catchUp()).toMatchObject({ caughtUp: false });
    await s.stop();
    expect(await weekSms('2026-W52')).toEqual([]);
  });
});

describe('the evaluation in the snapshot', () => {
  it('counts the SMS sample of the campaign’s window, simulated outcomes left out', async () => {
    clock.set('2026-12-23T02:00:00Z');
    const phases = [{ phase: 'rollout', startsOn: '2026-12-01', endsOn: '2027-03-31' }];
    expect((await as('PUT', '/api/v1/campaign/phases', { phases })).statusCode).toBe(200);
    const sms = (key: string, at: string, status: 'delivered' | 'failed', provider: string) =>
      db.kysely
        .insertInto('sms_messages')
        .values({
          idempotency_key: key,
          purpose: 'sampling',
          to_number: '+8613900000009',
          body: 'x',
          city_code: TREE.qujing.city,
          status,
          provider,
          created_at: at,
          updated_at: at,
          next_attempt_at: at,
        })
        .execute();
    await sms('before-campaign', '2026-11-20T02:00:00Z', 'failed', 'twilio');
    await sms('in-campaign', '2026-12-20T02:00:00Z', 'delivered', 'twilio');
    await sms('simulated', '2026-12-20T02:00:00Z', 'failed', 'outbox');
    clock.set('2026-12-31T12:00:00Z');
    await takeSnapshot(db, 'month', clock());
    const qj = await db.kysely
      .selectFrom('evaluation_snapshots')
      .select('details')
      .where('period_key', '=', '2026-12')
      .where('city_code', '=', TREE.qujing.city)
      .executeTakeFirstOrThrow();
    expect((qj.details as { smsSuccessRate: number }).smsSuccessRate).toBe(1);
    // the dashboard counts every finished message, and says how many outcomes were simulated
    const kpis = (await as('GET', '/api/v1/dashboard/kpis')).json();
    expect(kpis).toMatchObject({ smsFinished: 3, smsSimulated: 1 });
  });
});
