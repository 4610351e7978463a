// Campaign governance end to end over the HTTP API: phases, pilot scope, targets with history,
// snapshots (idempotent, never recomputed), traffic lights, ranking ties, the evaluation, city
// teams' weekly summaries, the weekly SMS report (exactly once), and the scheduler.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import type { VerificationState } from '../../db/schema.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { loginAs } from '../../testing/test-app.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { ensureActiveCampaign, recordVerification } from '../verification/service.ts';
import { createCampaignScheduler } from './scheduler.ts';
import { getPilotStationCodes } from './service.ts';
import { takeSnapshot } from './snapshot.ts';

let db: TestDb;
let now = new Date('2026-11-27T02:00:00Z'); // Friday of 2026-W48, pilot phase
const clock = () => now;
let app: Awaited<ReturnType<typeof buildApp>>;
let coordinator: string;
let qujingUser: string;
let campaignId: number;
const KM2 = '53010202'; // a second 昆明 station, not in the pilot
const ids: Record<string, number[]> = { km1: [], km2: [], qj: [] };

const makeApp = () =>
  buildApp(
    loadConfig({
      LOG_LEVEL: 'silent',
      WEB_DIST: '/nonexistent',
      CAMPAIGN_SCHEDULER: 'off',
      SMS_DISPATCHER: 'off',
    }),
    {
      db,
      clock,
    },
  );

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  await db.kysely
    .insertInto('org_units')
    .values({
      code: KM2,
      name: '翠湖供电所',
      level: 'station',
      parent_code: TREE.kunming.county,
      division_code: null,
      city_code: TREE.kunming.city,
      county_code: TREE.kunming.county,
      created_at: now,
      updated_at: now,
    })
    .execute();
  for (let i = 0; i < 4; i++) ids.km1!.push((await newCustomer(db.kysely, { city: 'kunming' })).id);
  for (let i = 0; i < 6; i++)
    ids.km2!.push((await newCustomer(db.kysely, { city: 'kunming', station_code: KM2 })).id);
  for (let i = 0; i < 4; i++) ids.qj!.push((await newCustomer(db.kysely, { city: 'qujing' })).id);
  app = await makeApp();
  await newUser(db.kysely, 'coordinator', { username: 'coord' });
  await newUser(db.kysely, 'city_member', { username: 'qj', cityCode: TREE.qujing.city });
  coordinator = await loginAs(app, 'coord', TEST_PASSWORD);
  qujingUser = await loginAs(app, 'qj', TEST_PASSWORD);
  campaignId = (await db.kysely.transaction().execute((trx) => ensureActiveCampaign(trx, now))).id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

/** Moves the clock; sessions expire with it, so log in again. */
async function setNow(at: string) {
  now = new Date(at);
  coordinator = await loginAs(app, 'coord', TEST_PASSWORD);
  qujingUser = await loginAs(app, 'qj', TEST_PASSWORD);
}
const as = (cookie: string, method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const verify = (
  results: [number, VerificationState][],
  source: 'worksheet' | 'call' | 'sms_reply' = 'worksheet',
) =>
  db.kysely.transaction().execute((trx) =>
    recordVerification(trx, {
      campaignId,
      source,
      at: now,
      results: results.map(([customerId, state]) => ({ customerId, state })),
    }),
  );

describe('campaign configuration', () => {
  it('sets phases, pilot stations and targets; keeps the history of target changes', async () => {
    const phases = [
      { phase: 'deployment', startsOn: '2026-11-01', endsOn: '2026-11-15' },
      { phase: 'pilot', startsOn: '2026-11-16', endsOn: '2026-12-15' },
      { phase: 'rollout', startsOn: '2026-12-16', endsOn: '2027-03-31' },
    ];
    expect((await as(coordinator, 'PUT', '/api/v1/campaign/phases', { phases })).statusCode).toBe(200);
    const bad = await as(coordinator, 'PUT', '/api/v1/campaign/pilot-stations', {
      stationCodes: [TREE.kunming.county],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('不是供电所编码');
    const pilot = await as(coordinator, 'PUT', '/api/v1/campaign/pilot-stations', {
      stationCodes: [TREE.kunming.station, TREE.qujing.station],
    });
    expect(pilot.statusCode).toBe(200);
    expect(await getPilotStationCodes(db.kysely, campaignId)).toEqual([
      TREE.kunming.station,
      TREE.qujing.station,
    ]);
    const target = (city: string, pct: number) => ({
      cityCode: city,
      phase: 'pilot',
      targetPct: pct,
      deadline: '2026-12-15',
    });
    await as(coordinator, 'PUT', '/api/v1/campaign/targets', {
      targets: [target(TREE.kunming.city, 90), target(TREE.qujing.city, 100)],
    });
    const again = await as(coordinator, 'PUT', '/api/v1/campaign/targets', {
      targets: [target(TREE.kunming.city, 100), target(TREE.qujing.city, 100)],
    });
    expect(again.json()).toEqual({ changed: 1 });
    const history = (await as(coordinator, 'GET', '/api/v1/campaign/targets/history')).json().items;
    expect(
      history
        .filter((h: { cityCode: string }) => h.cityCode === TREE.kunming.city)
        .map((h: { oldTargetPct: number | null; newTargetPct: number }) => [h.oldTargetPct, h.newTargetPct]),
    ).toEqual([
      [90, 100],
      [null, 90],
    ]);
    // a city user may not change the campaign, and sees only its own city's targets
    expect(
      (await as(qujingUser, 'PUT', '/api/v1/campaign/targets', { targets: [target(TREE.qujing.city, 1)] }))
        .statusCode,
    ).toBe(403);
    const seen = (await as(qujingUser, 'GET', '/api/v1/campaign')).json();
    expect(seen.currentPhase).toBe('pilot');
    expect(seen.targets.map((t: { cityCode: string }) => t.cityCode)).toEqual([TREE.qujing.city]);
  });
});

describe('progress and snapshots', () => {
  it('counts only the pilot stations during the pilot; unreachable does not count', async () => {
    const [a, b, c] = ids.km1 as [number, number, number];
    await verify([
      [a, 'confirmed'],
      [b, 'not_found'],
      [c, 'unreachable'],
    ]);
    await verify(ids.km2!.map((id) => [id, 'confirmed'])); // outside the pilot: not counted now
    await verify([
      [ids.qj![0]!, 'corrected'],
      [ids.qj![1]!, 'closed'],
    ]);
    const kpis = (await as(coordinator, 'GET', '/api/v1/dashboard/kpis')).json();
    expect(kpis).toMatchObject({ phase: 'pilot', customers: 14, inScope: 8, verified: 4, completionPct: 50 });
    const km = (await as(coordinator, 'GET', `/api/v1/dashboard/kpis?unit=${TREE.kunming.city}`)).json();
    expect(km).toMatchObject({ inScope: 4, verified: 2, unreachable: 1, completionPct: 50, customers: 10 });
  });

  it('takes a weekly snapshot once, with equal completion sharing a rank and the status on the trajectory', async () => {
    const first = await as(coordinator, 'POST', '/api/v1/campaign/snapshots', { kind: 'week' });
    expect(first.json()).toMatchObject({ kind: 'week', periodKey: '2026-W48', isNew: true });
    // more results after the snapshot do not change the stored week
    await verify([[ids.km1![3]!, 'confirmed']]);
    const second = await as(coordinator, 'POST', '/api/v1/campaign/snapshots', { kind: 'week' });
    expect(second.json()).toMatchObject({ periodKey: '2026-W48', isNew: false });
    const ranking = (await as(coordinator, 'GET', '/api/v1/dashboard/ranking')).json();
    const cities = ranking.items.filter((i: { level: string }) => i.level === 'city');
    // 昆明 2/4 and 曲靖 2/4: both 50 %, both rank 1
    expect(
      cities.map((c: { unitCode: string; completionPct: number; rank: number }) => [
        c.unitCode,
        c.completionPct,
        c.rank,
      ]),
    ).toEqual([
      [TREE.kunming.city, 50, 1],
      [TREE.qujing.city, 50, 1],
    ]);
    // 11 of 29 days into the pilot towards 100 %: expected 37.93 %, 50 % is on track
    expect(cities[0].status).toBe('green');
    expect(cities[0].expectedPct).toBeCloseTo((100 * 11) / 29, 5);
    // live completion moved on (3/4) while the stored snapshot did not
    expect(cities[0].liveCompletionPct).toBe(75);
  });

  it('counts all stations in the rollout and records change and rank change since last week', async () => {
    await setNow('2026-12-18T02:00:00Z'); // 2026-W51, rollout
    await as(coordinator, 'PUT', '/api/v1/campaign/targets', {
      targets: [
        { cityCode: TREE.kunming.city, phase: 'rollout', targetPct: 100, deadline: '2026-12-17' },
        { cityCode: TREE.qujing.city, phase: 'rollout', targetPct: 100, deadline: '2027-03-31' },
      ],
    });
    await takeSnapshot(db, 'week', now);
    const rows = await db.kysely
      .selectFrom('progress_snapshots')
      .selectAll()
      .where('period_key', '=', '2026-W51')
      .where('level', '=', 'city')
      .orderBy('unit_code')
      .execute();
    // 昆明: 9 verified (3 pilot + 6 other station) of 10; 曲靖 2 of 4
    expect(rows.map((r) => [r.unit_code, r.in_scope, r.verified, r.rank, r.rank_change, r.status])).toEqual([
      [TREE.kunming.city, 10, 9, 1, 0, 'red'], // 90 % but past its deadline, unfinished
      [TREE.qujing.city, 4, 2, 2, -1, 'green'], // 50 %, 2 days into a 105-day trajectory
    ]);
    expect(rows[0]!.change_pct).toBeCloseTo(40, 6);
  });
});

describe('weekly summaries, evaluation and the weekly SMS report', () => {
  it('records a city team’s weekly summary and whether it came in late', async () => {
    const body = {
      kind: 'week',
      periodKey: '2026-W51',
      done: '完成试点所核实',
      problems: '部分用户无法联系',
      plan: '下周全面开展',
      stationPlan: [{ stationCode: TREE.qujing.station, planned: 2, note: '' }],
    };
    const ok = await as(qujingUser, 'PUT', '/api/v1/campaign/work-reports', body);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().isLate).toBe(false);
    const foreign = await as(qujingUser, 'PUT', '/api/v1/campaign/work-reports', {
      ...body,
      stationPlan: [{ stationCode: TREE.kunming.station, planned: 1 }],
    });
    expect(foreign.statusCode).toBe(400);
    await setNow('2026-12-19T02:00:00Z'); // Saturday: W51's summary was due Friday 18:00
    const late = await as(qujingUser, 'PUT', '/api/v1/campaign/work-reports', {
      ...body,
      periodKey: '2026-W50',
    });
    expect(late.json().isLate).toBe(true);
    const status = (await as(coordinator, 'GET', '/api/v1/dashboard/work-reports')).json();
    expect(status.week).toBe('2026-W51');
    expect(status.items.map((i: { cityCode: string; status: string }) => [i.cityCode, i.status])).toEqual([
      [TREE.kunming.city, 'missing'],
      [TREE.qujing.city, 'on_time'],
    ]);
  });

  it('sends each manager the week’s report exactly once, across repeats and a restart', async () => {
    await setNow('2026-12-25T10:00:00Z'); // Friday of 2026-W52, 18:00 Shanghai
    await newUser(db.kysely, 'manager', { username: 'mgr-province' });
    await db.kysely
      .updateTable('users')
      .set({ phone: '13900000001' })
      .where('username', '=', 'mgr-province')
      .execute();
    await newUser(db.kysely, 'manager', { username: 'mgr-km', cityCode: TREE.kunming.city });
    await db.kysely
      .updateTable('users')
      .set({ phone: '13900000002' })
      .where('username', '=', 'mgr-km')
      .execute();
    const preview = (await as(coordinator, 'GET', '/api/v1/reports/weekly/preview')).json();
    expect(preview.week).toBe('2026-W52');
    const km = preview.items.find((i: { cityCode: string | null }) => i.cityCode === TREE.kunming.city);
    expect(km.body).toBe(
      '【清源】2026-W52周报：昆明供电公司客户档案核实完成率90.00%，较上周+0.00个百分点，全省排名第1/2。',
    );
    expect(km.phone).toBe('139****0002');
    expect(km.isStored).toBe(false);
    const first = await as(coordinator, 'POST', '/api/v1/reports/weekly/send');
    expect(first.json()).toMatchObject({ week: '2026-W52', stored: 2, queued: 2 });
    expect((await as(coordinator, 'POST', '/api/v1/reports/weekly/send')).json()).toMatchObject({
      stored: 0,
      queued: 0,
    });
    // a restart: a new app over the same database, the scheduled task running the same week
    await app.close();
    app = await makeApp();
    const scheduler = createCampaignScheduler(db, {
      weeklyCron: '0 18 * * 5',
      monthlyCron: '30 18 28-31 * *',
      clock,
      log: { info() {}, error() {} },
    });
    await scheduler.weekly.execute();
    await scheduler.stop();
    const sms = await db.kysely
      .selectFrom('sms_messages')
      .selectAll()
      .where('purpose', '=', 'weekly_report')
      .orderBy('id')
      .execute();
    expect(sms.map((m) => [m.idempotency_key, m.to_number, m.status])).toEqual([
      [`weekly-report:${campaignId}:2026-W52:${await userId('mgr-province')}`, '13900000001', 'queued'],
      [`weekly-report:${campaignId}:2026-W52:${await userId('mgr-km')}`, '13900000002', 'queued'],
    ]);
    expect(sms[0]!.body).toMatch(
      /^【清源】2026-W52周报：全省客户档案核实完成率78\.57%.*前三：昆明90\.00%、曲靖50\.00%。$/,
    );
    const stored = await db.kysely.selectFrom('weekly_reports').selectAll().execute();
    expect(stored).toHaveLength(2);
    // the manager sees the stored text and its delivery status
    const mgr = await loginAs(app, 'mgr-km', TEST_PASSWORD);
    const mine = (await as(mgr, 'GET', '/api/v1/reports/weekly')).json();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]).toMatchObject({ smsStatus: 'queued', to: '139****0002' });
    expect((await as(mgr, 'PUT', '/api/v1/campaign/phases', { phases: [] })).statusCode).toBe(403);
  });

  it('scores the cities on the weighted dimensions and ranks them', async () => {
    // an SMS sample for 曲靖: 3 delivered of 4 finished; a call result in 曲靖's sample
    for (const [i, status] of (['delivered', 'delivered', 'delivered', 'failed'] as const).entries())
      await db.kysely
        .insertInto('sms_messages')
        .values({
          idempotency_key: `s-${i}`,
          purpose: 'sampling',
          to_number: '1',
          body: 'x',
          city_code: TREE.qujing.city,
          status,
          created_at: now,
          updated_at: now,
          next_attempt_at: now,
        })
        .execute();
    await verify([[ids.qj![2]!, 'confirmed']], 'call');
    await db.kysely
      .insertInto('entry_gate_counts')
      .values([
        {
          day: '2026-12-20',
          station_code: TREE.qujing.station,
          channel: 'api',
          business_type: 'new_connection',
          records: 10,
          records_with_error: 1,
        },
        {
          day: '2026-12-20',
          station_code: TREE.kunming.station,
          channel: 'api',
          business_type: 'capacity_change',
          records: 10,
          records_with_error: 5,
        },
      ])
      .execute();
    await as(coordinator, 'PUT', '/api/v1/campaign/settings', {
      yellowMarginPct: 5,
      weights: { progress: 50, normativity: 20, timeliness: 10, quality: 10, sample: 10 },
    });
    await setNow('2026-12-31T12:00:00Z'); // Thursday 20:00 Shanghai, last day of the month
    const scheduler = createCampaignScheduler(db, {
      weeklyCron: '0 18 * * 5',
      monthlyCron: '30 18 28-31 * *',
      clock,
      log: { info() {}, error() {} },
    });
    const result = await scheduler.monthly.execute();
    await scheduler.stop();
    expect(result).toMatchObject({ kind: 'month', periodKey: '2026-12', isNew: true });
    const evals = await db.kysely
      .selectFrom('evaluation_snapshots')
      .selectAll()
      .where('period_key', '=', '2026-12')
      .orderBy('city_code')
      .execute();
    const qj = evals.find((e) => e.city_code === TREE.qujing.city)!;
    expect(qj.normativity).toBeCloseTo(75, 6); // no rules run, no calls: SMS 3/4 only
    expect(qj.quality).toBeCloseTo(90, 6);
    expect(qj.sample).toBe(100);
    // weeks due since 2026-11-01: W44..W52 (9); 曲靖 sent W51 on time (W50 late)
    expect(qj.timeliness).toBeCloseTo(100 / 9, 6);
    const km = evals.find((e) => e.city_code === TREE.kunming.city)!;
    expect(km.sample).toBeNull();
    expect(km.timeliness).toBe(0);
    // 昆明 (rollout 100 %): progress 90; quality 50; timeliness 0; weights re-scaled over 3 dimensions
    expect(km.score).toBeCloseTo((90 * 50 + 0 * 10 + 50 * 10) / 70, 6);
    expect(evals.map((e) => e.rank).sort()).toEqual([1, 2]);
  });
});

describe('the scheduler', () => {
  it('runs the weekly task on Fridays at 18:00 Shanghai time and the monthly one on days 28–31', () => {
    const scheduler = createCampaignScheduler(db, {
      weeklyCron: '0 18 * * 5',
      monthlyCron: '30 18 28-31 * *',
      clock,
      log: { info() {}, error() {} },
    });
    const weekly = scheduler.weekly.getNextRuns(4);
    expect(weekly).toHaveLength(4);
    for (const d of weekly) {
      expect(d.getUTCDay()).toBe(5);
      expect([d.getUTCHours(), d.getUTCMinutes()]).toEqual([10, 0]); // 18:00 UTC+8
    }
    expect(weekly[1]!.getTime() - weekly[0]!.getTime()).toBe(7 * 86_400_000);
    for (const d of scheduler.monthly.getNextRuns(3))
      expect(new Date(d.getTime() + 8 * 3600_000).getUTCDate()).toBeGreaterThanOrEqual(28);
    expect(scheduler.weekly.match(new Date('2026-12-25T10:00:00Z'))).toBe(true);
    expect(scheduler.weekly.match(new Date('2026-12-25T18:00:00Z'))).toBe(false);
    void scheduler.stop();
  });
});

const userId = async (username: string) =>
  (
    await db.kysely
      .selectFrom('users')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirstOrThrow()
  ).id;
