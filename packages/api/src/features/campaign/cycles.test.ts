// Campaign cycles and what keeps the archive clean after them: draft → active → closed with
// audited transitions and zh/en refusals; a closed cycle frozen and still viewable; between
// cycles, the re-verification list (same worksheet, same round trip) and the managers' weekly
// SMS carrying the quality lights; a customer's history across cycles.
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testClock } from '../../testing/clock.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { ensureActiveCampaign, recordVerification } from '../verification/service.ts';
import { fakeRun } from '../monitoring/seed.testing.ts';
import { refreshDueCounts } from '../monitoring/due-counts.ts';
import { sendWeeklyReports } from '../reports/weekly.ts';
import { fillWorkbook, readRows } from '../worksheets/fill.testing.ts';
import { exportTo, uploadFile } from '../worksheets/worksheets-helpers.testing.ts';
import { scratchDir } from '../../testing/scratch.ts';

const clock = testClock('2026-12-04T10:00:00Z', { ticking: false }); // Friday of 2026-W49, 18:00
const LONG_AGO = new Date('2025-06-01T00:00:00Z'); // 18 months before
let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let coord: string;
let kunming: string;
let firstId: number;
const c: Record<string, Awaited<ReturnType<typeof newCustomer>>> = {};

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  // fresh: verified last month · stale: verified 18 months ago · never: never verified, loaded long
  // ago · bounced: an SMS to the number failed · shared: the mobile became shared · qj: another city
  for (const name of ['fresh', 'stale', 'never', 'bounced', 'shared'])
    c[name] = await newCustomer(db.kysely, { customer_no: `K${name}`, created_at: LONG_AGO });
  c.qj = await newCustomer(db.kysely, { customer_no: 'Qstale', city: 'qujing', created_at: LONG_AGO });
  firstId = (await db.kysely.transaction().execute((trx) => ensureActiveCampaign(trx, LONG_AGO))).id;
  const verify = (ids: number[], at: Date) =>
    db.kysely.transaction().execute((trx) =>
      recordVerification(trx, {
        campaignId: firstId,
        source: 'worksheet',
        at,
        results: ids.map((customerId) => ({ customerId, state: 'confirmed' as const })),
      }),
    );
  await verify([c.stale!.id, c.qj!.id], LONG_AGO);
  await verify([c.fresh!.id, c.bounced!.id], new Date('2026-11-01T00:00:00Z'));
  // verified before the run that found its number shared
  await verify([c.shared!.id], new Date('2026-11-20T00:00:00Z'));
  await db.kysely
    .insertInto('customer_flags')
    .values({
      customer_id: c.bounced!.id,
      city_code: TREE.kunming.city,
      county_code: TREE.kunming.county,
      station_code: TREE.kunming.station,
      kind: 'sms_failed',
      value: c.bounced!.mobile,
      reason: '短信未送达 / SMS not delivered',
      ref: null,
      created_at: clock(),
    })
    .execute();
  await fakeRun(db.kysely, {
    customerIds: Object.values(c).map((x) => x.id),
    findings: [{ customerId: c.shared!.id, ruleId: 'X-01', severity: 'warning' }],
    at: new Date('2026-12-02T00:00:00Z'),
  });
  app = await buildTestApp(db, { LOG_LEVEL: 'error' }, clock);
  await newUser(db.kysely, 'coordinator', { username: 'coord' });
  await newUser(db.kysely, 'city_member', { username: 'km', cityCode: TREE.kunming.city });
  coord = await loginAs(app, 'coord', TEST_PASSWORD);
  kunming = await loginAs(app, 'km', TEST_PASSWORD);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object, cookie = coord) =>
  app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

it('takes a cycle from draft to active to closed, refusing illegal moves in Chinese and English', async () => {
  const created = await call('POST', '/api/v1/campaign/cycles', { name: '2027 年度复核' });
  expect(created.statusCode, created.body).toBe(200);
  const draftId = created.json().id as number;
  expect((await call('POST', '/api/v1/campaign/cycles', { name: '再一个' })).statusCode).toBe(409);
  // another cycle runs: the draft waits
  const early = await call('POST', `/api/v1/campaign/cycles/${draftId}/activate`);
  expect(early.statusCode).toBe(409);
  expect(early.json().error.message).toMatch(/另一个治理周期正在进行.*Another cycle is active/);
  const badClose = await call('POST', `/api/v1/campaign/cycles/${draftId}/close`);
  expect(badClose.statusCode).toBe(409);
  expect(badClose.json().error.message).toContain(
    '不能从“草稿”变为“已关闭” / A cycle cannot go from draft to closed',
  );
  // the draft is configured on its own
  const phases = [{ phase: 'deployment', startsOn: '2027-01-04', endsOn: '2027-01-31' }];
  expect((await call('PUT', `/api/v1/campaign/phases?campaignId=${draftId}`, { phases })).statusCode).toBe(
    200,
  );
  expect((await call('GET', '/api/v1/campaign')).json()).toMatchObject({ id: firstId, status: 'active' });

  expect(
    (await call('POST', `/api/v1/campaign/cycles/${firstId}/close`, undefined, kunming)).statusCode,
  ).toBe(403);
  expect((await call('POST', `/api/v1/campaign/cycles/${firstId}/close`)).statusCode).toBe(200);
  // closing took the final week's and month's snapshots; the cycle is frozen
  const snaps = await db.kysely
    .selectFrom('progress_snapshots')
    .select(['period_kind', 'period_key'])
    .distinct()
    .where('campaign_id', '=', firstId)
    .where('level', '=', 'province')
    .orderBy('period_kind')
    .execute();
  expect(snaps).toEqual([
    { period_kind: 'month', period_key: '2026-12' },
    { period_kind: 'week', period_key: '2026-W49' },
  ]);
  const frozen = await call('PUT', `/api/v1/campaign/phases?campaignId=${firstId}`, { phases });
  expect(frozen.statusCode).toBe(409);
  expect(frozen.json().error.message).toContain('该治理周期已关闭');
  expect((await call('POST', '/api/v1/campaign/snapshots', { kind: 'week' })).statusCode).toBe(409);
  expect((await call('POST', `/api/v1/campaign/cycles/${firstId}/close`)).statusCode).toBe(409);

  // past cycles stay viewable and comparable
  const cycles = (await call('GET', '/api/v1/campaign/cycles', undefined, kunming)).json().items;
  expect(cycles).toMatchObject([
    { id: draftId, status: 'draft', lastWeek: null },
    { id: firstId, status: 'closed', lastWeek: '2026-W49', inScope: 6, verified: 5 },
  ]);
  expect((await call('GET', '/api/v1/campaign')).json()).toMatchObject({ id: firstId, status: 'closed' });
  expect((await call('GET', `/api/v1/campaign?campaignId=${draftId}`)).json()).toMatchObject({
    status: 'draft',
    phases,
  });
  const log = await db.kysely
    .selectFrom('campaign_transitions')
    .select(['campaign_id', 'from_status', 'to_status'])
    .orderBy('id')
    .execute();
  expect(log.map((r) => [Number(r.campaign_id), r.from_status, r.to_status])).toEqual([
    [firstId, null, 'active'],
    [draftId, null, 'draft'],
    [firstId, 'active', 'closed'],
  ]);
});

it('between cycles, lists the customers due per station in the worksheet format, and the round trip clears them', async () => {
  await refreshDueCounts(db, clock());
  const due = (await call('GET', '/api/v1/monitoring/due', undefined, kunming)).json();
  expect(due.totals).toEqual({ due: 4, stale: 2, bounced: 1, shared: 1 });
  expect(due.items).toMatchObject([{ stationCode: TREE.kunming.station, due: 4 }]);

  const dir = scratchDir('qy-reverify');
  const exported = join(dir, 'due.xlsx');
  const { rows } = await exportTo(app, kunming, { reverifyDue: true }, exported);
  expect(rows).toBe(4);
  const sheetRows = await readRows(exported);
  expect(sheetRows.map((r) => r['户号']).sort()).toEqual(['Kbounced', 'Knever', 'Kshared', 'Kstale']);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(exported);
  const instructions = wb.worksheets[0]!.getColumn(2).values.join('\n');
  expect(instructions).toContain('抄表或收费时核实');
  // nothing moved to in_field: no campaign is running
  expect(
    await db.kysely
      .selectFrom('customer_verification')
      .select('state')
      .where('state', '=', 'in_field')
      .execute(),
  ).toEqual([]);

  const filled = join(dir, 'due-filled.xlsx');
  await fillWorkbook(exported, filled, { Kstale: { result: '核实无误', verifiedOn: '2026-12-04' } });
  const upload = await uploadFile(app, kunming, filled);
  expect(upload.statusCode, upload.body).toBe(200);
  const commit = await call(
    'POST',
    `/api/v1/worksheets/uploads/${upload.json().upload.id}/commit`,
    undefined,
    kunming,
  );
  expect(commit.statusCode, commit.body).toBe(200);
  await refreshDueCounts(db, clock());
  expect((await call('GET', '/api/v1/monitoring/due', undefined, kunming)).json().totals.due).toBe(3);

  // the customer's history spans the closed cycle and the time after it
  const history = (
    await call('GET', `/api/v1/campaign/customers/${c.stale!.id}/verifications`, undefined, kunming)
  ).json();
  expect(history.items).toMatchObject([
    { campaignId: null, state: 'confirmed', source: 'worksheet' },
    { campaignId: firstId, state: 'confirmed' },
  ]);
  expect(
    (await call('GET', `/api/v1/campaign/customers/${c.qj!.id}/verifications`, undefined, kunming))
      .statusCode,
  ).toBe(404);
});

it('after the campaign, sends managers the quality lights instead of campaign progress, once', async () => {
  await db.kysely
    .updateTable('users')
    .set({ phone: '13900000001' })
    .where('username', '=', 'coord')
    .execute();
  const manager = await newUser(db.kysely, 'manager', { cityCode: TREE.kunming.city });
  await db.kysely.updateTable('users').set({ phone: '13900000002' }).where('id', '=', manager.id).execute();
  const first = await sendWeeklyReports(db, clock());
  expect(first).toMatchObject({ mode: 'monitoring', week: '2026-W49', stored: 1, queued: 1 });
  const sms = await db.kysely
    .selectFrom('sms_messages')
    .select(['body', 'idempotency_key'])
    .where('purpose', '=', 'weekly_report')
    .execute();
  expect(sms).toHaveLength(1);
  expect(sms[0]!.body).toMatch(/^【清源】2026-W49质量监测：昆明供电公司客户档案质量分/);
  expect(sms[0]!.body).not.toContain('完成率');
  expect(await sendWeeklyReports(db, clock())).toMatchObject({ stored: 0, queued: 0 });
});
