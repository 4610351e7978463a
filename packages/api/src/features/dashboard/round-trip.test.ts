// The round trip in the campaign's figures (issue 17) and the week/month switch (issue 21), over
// the HTTP API: open conflicts and the oldest one's age per city, the share of corrections written
// back, the 导入系统 step (a corrected customer is done once written back, or — by an audited
// campaign setting — once corrected in Qingyuan), and monthly trend and ranking.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { testClock, TEST_EPOCH } from '../../testing/clock.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { PROVINCE } from '../auth/region.ts';
import { applyOverCurrent } from '../customers/changes.ts';
import { findDivergences, recordConflicts } from '../loads/merge.ts';
import { composeWeeklyReports } from '../reports/weekly.ts';
import { takeSnapshot } from '../campaign/snapshot.ts';
import { ensureActiveCampaign, recordVerification } from '../verification/service.ts';
import { acknowledgeChanges } from '../writeback/ack.ts';

const DAY = 86_400_000;
const clock = testClock(TEST_EPOCH, { ticking: false });
let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let coordinator: string;
let kunming: string;
let campaignId: number;
const km: number[] = [];
const qj: number[] = [];

const as = (cookie: string, method: 'GET' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const get = async (cookie: string, url: string) => {
  const res = await as(cookie, 'GET', url);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const changeIdOf = async (customerId: number) =>
  Number(
    (
      await db.kysely
        .selectFrom('outbound_changes')
        .select('id')
        .where('customer_id', '=', customerId)
        .executeTakeFirstOrThrow()
    ).id,
  );

/** A worksheet corrects the mobile (the change goes to the feed) and the customer is 已更正. */
async function correct(customerId: number, mobile: string) {
  await db.kysely.transaction().execute(async (trx) => {
    await applyOverCurrent(trx, [{ customerId, fields: { mobile } }], {
      source: { kind: 'worksheet', ref: 'w1', userId: null },
      now: clock(),
    });
    await recordVerification(trx, {
      campaignId,
      source: 'worksheet',
      at: clock(),
      results: [{ customerId, state: 'corrected' }],
    });
  });
}

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  for (let i = 0; i < 4; i++) km.push(Number((await newCustomer(db.kysely, { city: 'kunming' })).id));
  for (let i = 0; i < 2; i++) qj.push(Number((await newCustomer(db.kysely, { city: 'qujing' })).id));
  app = await buildTestApp(db, {}, clock);
  await newUser(db.kysely, 'coordinator', { username: 'coord' });
  await newUser(db.kysely, 'city_member', { username: 'km', cityCode: TREE.kunming.city });
  await newUser(db.kysely, 'manager', { username: 'mgr' });
  await newUser(db.kysely, 'manager', { username: 'mgr-km', cityCode: TREE.kunming.city });
  coordinator = await loginAs(app, 'coord', TEST_PASSWORD);
  kunming = await loginAs(app, 'km', TEST_PASSWORD);
  campaignId = (await db.kysely.transaction().execute((trx) => ensureActiveCampaign(trx, clock()))).id;
  await correct(km[0]!, '13900000001');
  await correct(km[1]!, '13900000002');
  await correct(qj[0]!, '13900000003');
  await db.kysely.transaction().execute((trx) =>
    recordVerification(trx, {
      campaignId,
      source: 'worksheet',
      at: clock(),
      results: [{ customerId: km[2]!, state: 'confirmed' }],
    }),
  );
  // the source acknowledges 昆明's first correction as applied: 已回写
  await acknowledgeChanges(
    db,
    [{ id: await changeIdOf(km[0]!), status: 'applied' }],
    { region: PROVINCE, by: 'test' },
    clock(),
  );
  // three days ago a load brought a third value for 昆明's second corrected customer: a conflict
  await db.kysely.transaction().execute(async (trx) => {
    const d = (await findDivergences(trx, [km[1]!])).get(km[1]!)!.get('mobile')!;
    await recordConflicts(
      trx,
      [
        {
          customerId: km[1]!,
          field: 'mobile',
          base: d.base,
          ours: '13900000002',
          theirs: '13700000000',
          divergence: d,
        },
      ],
      1,
      new Date(clock().getTime() - 3 * DAY - 3600_000),
    );
  });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('the round trip on the dashboard', () => {
  it('shows the province one row per city: open conflicts, oldest age, written-back share', async () => {
    const body = await get(coordinator, '/api/v1/dashboard/round-trip');
    expect(body.items).toEqual([
      expect.objectContaining({
        cityCode: TREE.kunming.city,
        openConflicts: 1,
        oldestDays: 3,
        corrections: 2,
        writtenBack: 1,
        writtenBackPct: 50,
      }),
      expect.objectContaining({
        cityCode: TREE.qujing.city,
        openConflicts: 0,
        oldestOpenAt: null,
        oldestDays: null,
        corrections: 1,
        writtenBack: 0,
        writtenBackPct: 0,
      }),
    ]);
  });

  it('shows a city team its own city only, and the province opened on one city the same', async () => {
    const own = await get(kunming, '/api/v1/dashboard/round-trip');
    expect(own.items.map((i: { cityCode: string }) => i.cityCode)).toEqual([TREE.kunming.city]);
    const opened = await get(coordinator, `/api/v1/dashboard/round-trip?unit=${TREE.kunming.city}`);
    expect(opened).toEqual(own);
    expect(
      (await as(kunming, 'GET', `/api/v1/dashboard/round-trip?unit=${TREE.qujing.city}`)).statusCode,
    ).toBe(403);
  });
});

describe('the 导入系统 step', () => {
  it('counts a corrected customer as done only once its corrections are written back', async () => {
    const kpis = await get(coordinator, '/api/v1/dashboard/kpis');
    // km[2] confirmed, km[0] corrected and written back; km[1] and qj[0] wait for the source
    expect(kpis).toMatchObject({ verified: 2, awaitingWriteBack: 2, countsCorrectionsInQingyuan: false });
    expect(await get(kunming, '/api/v1/dashboard/kpis')).toMatchObject({ verified: 2, awaitingWriteBack: 1 });
  });

  it('keeps a refused correction waiting while its conflict is open', async () => {
    await acknowledgeChanges(
      db,
      [{ id: await changeIdOf(qj[0]!), status: 'rejected', reason: '号码不存在' }],
      { region: PROVINCE, by: 'test' },
      clock(),
    );
    expect(await get(coordinator, '/api/v1/dashboard/kpis')).toMatchObject({
      verified: 2,
      awaitingWriteBack: 2,
    });
    const qjRow = (await get(coordinator, '/api/v1/dashboard/round-trip')).items[1];
    expect(qjRow).toMatchObject({ openConflicts: 1, oldestDays: 0, corrections: 1, writtenBack: 0 });
  });

  it('counts corrections inside Qingyuan when the coordinator says so, and audits the setting', async () => {
    const settings = (await get(coordinator, '/api/v1/campaign')).settings;
    expect(settings.countCorrectionsInQingyuan).toBe(false);
    const refused = await as(kunming, 'PUT', '/api/v1/campaign/settings', {
      ...settings,
      countCorrectionsInQingyuan: true,
    });
    expect(refused.statusCode).toBe(403);
    const put = await as(coordinator, 'PUT', '/api/v1/campaign/settings', {
      ...settings,
      countCorrectionsInQingyuan: true,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await get(coordinator, '/api/v1/dashboard/kpis')).toMatchObject({
      verified: 4,
      awaitingWriteBack: 2,
      countsCorrectionsInQingyuan: true,
    });
    const history = await db.kysely
      .selectFrom('campaign_settings_history as h')
      .innerJoin('users as u', 'u.id', 'h.changed_by')
      .select(['u.username', 'h.old_settings', 'h.new_settings', 'h.changed_at'])
      .execute();
    expect(history).toEqual([
      {
        username: 'coord',
        old_settings: null,
        new_settings: expect.objectContaining({ countCorrectionsInQingyuan: true }),
        changed_at: clock(),
      },
    ]);
    await as(coordinator, 'PUT', '/api/v1/campaign/settings', settings);
    expect(await get(coordinator, '/api/v1/dashboard/kpis')).toMatchObject({ verified: 2 });
  });
});

describe('reports and the week/month switch', () => {
  beforeAll(async () => {
    await takeSnapshot(db, 'week', clock());
    await takeSnapshot(db, 'month', clock());
  });

  it('stores the written-back counts in the snapshot and puts the share in the managers’ SMS', async () => {
    const rows = await db.kysely
      .selectFrom('progress_snapshots')
      .select(['unit_code', 'corrections', 'written_back'])
      .where('period_kind', '=', 'week')
      .where('level', 'in', ['province', 'city'])
      .orderBy('unit_code')
      .execute();
    expect(rows).toEqual([
      { unit_code: TREE.province, corrections: 3, written_back: 1 },
      { unit_code: TREE.kunming.city, corrections: 2, written_back: 1 },
      { unit_code: TREE.qujing.city, corrections: 1, written_back: 0 },
    ]);
    const reports = await composeWeeklyReports(db.kysely, campaignId, '2026-W49');
    const body = (name: string) => reports.find((r) => r.name === name)?.body ?? '';
    expect(body('mgr')).toContain('更正回写率：全省33.3%，');
    expect(body('mgr')).toMatch(/昆明50\.0%/);
    expect(body('mgr')).toMatch(/曲靖0\.0%/);
    expect(body('mgr-km')).toMatch(/；更正回写率50\.0%。$/);
  });

  it('puts the share per unit in the xlsx report', async () => {
    const res = await as(coordinator, 'GET', '/api/v1/reports/export.xlsx?kind=week');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('进度 Progress')!;
    const header = sheet.getRow(2).values as unknown[];
    const col = header.indexOf('更正回写率%');
    expect(col).toBeGreaterThan(0);
    let kmShare: unknown;
    sheet.eachRow((row) => {
      if (row.getCell(2).value === TREE.kunming.city) kmShare = row.getCell(col).value;
    });
    expect(kmShare).toBe(50);
    const ranking = wb.getWorksheet('排名 Ranking')!;
    expect(ranking.getRow(1).values).toContain('更正回写率%');
  });

  it('reads the trend and the ranking from monthly snapshots when asked (Beijing-time months)', async () => {
    const week = await get(coordinator, '/api/v1/dashboard/ranking');
    expect(week).toMatchObject({ period: 'week', periodKey: '2026-W49' });
    const month = await get(coordinator, '/api/v1/dashboard/ranking?period=month');
    expect(month).toMatchObject({ period: 'month', periodKey: '2026-11' });
    expect(month.items.map((i: { unitCode: string }) => i.unitCode).sort()).toEqual(
      [TREE.province, TREE.kunming.city, TREE.qujing.city].sort(),
    );
    const trend = await get(kunming, '/api/v1/dashboard/trend?period=month');
    expect(trend.period).toBe('month');
    expect(trend.points.map((p: { periodKey: string }) => p.periodKey)).toEqual(['2026-11']);
    expect(trend.units.map((u: { code: string }) => u.code)).toEqual([TREE.kunming.county]);
    expect((await as(coordinator, 'GET', '/api/v1/dashboard/trend?period=year')).statusCode).toBe(400);
  });
});
