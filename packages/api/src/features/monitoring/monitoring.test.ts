// Quality monitoring end to end: two weeks of validation results and entry-gate counts become
// weekly figures per unit (new / fixed by rule, score), lights by the coordinator's thresholds
// (audited), a trend, drill-down by rule — each cut to the viewer's region.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { testClock } from '../../testing/clock.ts';
import { computeQualityWeek } from './compute.ts';
import { fakeRun, gateDay } from './seed.testing.ts';
import { DEFAULT_MONITORING } from './lights.ts';

const clock = testClock('2026-12-04T10:00:00Z', { ticking: false }); // Friday of 2026-W49, 18:00
let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let coord: string;
let qujing: string;
const km: number[] = [];
const qj: number[] = [];

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  for (let i = 0; i < 10; i++) km.push((await newCustomer(db.kysely, { city: 'kunming' })).id);
  for (let i = 0; i < 10; i++) qj.push((await newCustomer(db.kysely, { city: 'qujing' })).id);
  app = await buildTestApp(db, {}, clock);
  await newUser(db.kysely, 'coordinator', { username: 'coord' });
  await newUser(db.kysely, 'city_member', { username: 'qj', cityCode: TREE.qujing.city });

  // week 49: 3 昆明 customers with R-01, 1 曲靖 customer; the gate fails 1 % in 曲靖
  await fakeRun(db.kysely, {
    customerIds: [...km, ...qj],
    findings: [
      ...km.slice(0, 3).map((customerId) => ({ customerId, ruleId: 'R-01' })),
      { customerId: qj[0]!, ruleId: 'R-02' },
      { customerId: qj[1]!, ruleId: 'R-09', severity: 'info' as const },
    ],
    at: new Date('2026-12-02T00:00:00Z'),
  });
  await gateDay(db.kysely, '2026-12-01', TREE.qujing.station, 100, 1);
  expect(await computeQualityWeek(db, '2026-W49', clock())).toMatchObject({
    week: '2026-W49',
    stations: 2,
    hasBaseline: false,
  });
  // week 50: 昆明 fixes customer 0, gets 4–6 wrong and 7; 曲靖 fixes its one;
  // 曲靖's gate now fails 10 %
  await fakeRun(db.kysely, {
    customerIds: [...km, ...qj],
    findings: [
      ...km.slice(1, 7).map((customerId) => ({ customerId, ruleId: 'R-01' })),
      { customerId: km[7]!, ruleId: 'R-03' },
    ],
    at: new Date('2026-12-09T00:00:00Z'),
  });
  await gateDay(db.kysely, '2026-12-08', TREE.qujing.station, 100, 10);
  clock.set(new Date('2026-12-11T10:00:00Z'));
  await computeQualityWeek(db, '2026-W50', clock());
  coord = await loginAs(app, 'coord', TEST_PASSWORD);
  qujing = await loginAs(app, 'qj', TEST_PASSWORD);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const get = async (url: string, cookie = coord) => app.inject({ method: 'GET', url, headers: { cookie } });

it('counts new and fixed defects per unit and week, and lights the units by the thresholds', async () => {
  const res = await get('/api/v1/monitoring/overview');
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body.week).toBe('2026-W50');
  expect(body.weeks).toEqual(['2026-W50', '2026-W49']);
  const kunming = body.units.find((u: { code: string }) => u.code === TREE.kunming.city);
  const qujingUnit = body.units.find((u: { code: string }) => u.code === TREE.qujing.city);
  // 昆明: 7 open (6 × R-01, 1 × R-03), new 4 (customers 3–6 R-01... 3,4,5,6 and 7's R-03 → 5), fixed 1
  expect(kunming).toMatchObject({
    level: 'city',
    customers: 10,
    customersWithError: 7,
    score: 30,
    scoreChange: -40,
    openDefects: 7,
    newDefects: 5,
    fixedDefects: 1,
    light: 'red',
  });
  expect(kunming.reasons).toEqual(
    expect.arrayContaining(['score_far_below_target', 'new_defects_very_high']),
  );
  // 曲靖: clean now (the info finding is not a defect), but its gate failure rate rose 9 points
  expect(qujingUnit).toMatchObject({
    score: 100,
    openDefects: 0,
    newDefects: 0,
    fixedDefects: 1,
    gateRate: 0.1,
    gateRatePrev: 0.01,
    light: 'red',
    reasons: ['gate_failure_rising_fast'],
  });
  expect(body.unit).toMatchObject({ level: 'province', customers: 20, newDefects: 5, fixedDefects: 2 });

  // the first week has no baseline: nothing is called new or fixed
  const first = (await get('/api/v1/monitoring/overview?week=2026-W49')).json();
  expect(first.unit).toMatchObject({ newDefects: null, fixedDefects: null, openDefects: 4 });
});

it('recomputing a week gives the same figures', async () => {
  const before = (await get('/api/v1/monitoring/overview')).json();
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/monitoring/refresh',
    headers: { cookie: coord },
  });
  expect(res.statusCode).toBe(200);
  expect(res.json()).toMatchObject({ week: '2026-W50', hasBaseline: true });
  const after = (await get('/api/v1/monitoring/overview')).json();
  expect(after.units).toEqual(before.units);
});

it('drills down by rule and shows a trend, cut to the viewer’s region', async () => {
  const rules = (await get(`/api/v1/monitoring/rules?unit=${TREE.kunming.city}`)).json();
  expect(rules.items).toEqual([
    { ruleId: 'R-01', openDefects: 6, newDefects: 4, fixedDefects: 1 },
    { ruleId: 'R-03', openDefects: 1, newDefects: 1, fixedDefects: 0 },
  ]);
  const trend = (await get(`/api/v1/monitoring/trend?unit=${TREE.kunming.county}`)).json();
  expect(trend.items.map((i: { week: string; score: number }) => [i.week, i.score])).toEqual([
    ['2026-W49', 70],
    ['2026-W50', 30],
  ]);
  // a 曲靖 member: their city only, the 昆明 units refused
  const own = (await get('/api/v1/monitoring/overview', qujing)).json();
  expect(own.unit.code).toBe(TREE.qujing.city);
  expect(JSON.stringify(own)).not.toContain(TREE.kunming.city);
  expect((await get(`/api/v1/monitoring/rules?unit=${TREE.kunming.city}`, qujing)).statusCode).toBe(403);
  expect((await get(`/api/v1/monitoring/trend?unit=${TREE.kunming.station}`, qujing)).statusCode).toBe(403);
});

it('lets a coordinator change the thresholds, each change on record; red below yellow is refused', async () => {
  const put = (payload: object, cookie = coord) =>
    app.inject({ method: 'PUT', url: '/api/v1/monitoring/settings', headers: { cookie }, payload });
  expect((await put({ ...DEFAULT_MONITORING, targetScore: 20 }, qujing)).statusCode).toBe(403);
  const bad = await put({ ...DEFAULT_MONITORING, newDefectsRedPerMille: 1 });
  expect(bad.statusCode).toBe(400);
  expect(bad.body).toContain('红灯阈值');
  // lenient thresholds: 昆明 (score 30) is only yellow when the target is 31 with a margin of 50
  expect(
    (
      await put({ ...DEFAULT_MONITORING, targetScore: 31, redScoreMargin: 50, newDefectsRedPerMille: 900 })
    ).json(),
  ).toEqual({
    changed: true,
  });
  const kunming = (await get('/api/v1/monitoring/overview'))
    .json()
    .units.find((u: { code: string }) => u.code === TREE.kunming.city);
  expect(kunming).toMatchObject({ light: 'yellow' });
  const history = (await get('/api/v1/monitoring/settings/history')).json();
  expect(history.items).toHaveLength(1);
  expect(history.items[0]).toMatchObject({ old: null, new: { targetScore: 31 }, changedBy: 'coord' });
  await put(DEFAULT_MONITORING);
});
