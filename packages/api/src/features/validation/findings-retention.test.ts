// The partition retention: old runs' finding partitions are detached and dropped, their summaries
// (finding_counts, unit_counts) and what the dashboard and the run history show stay the same;
// the current runs, the FINDINGS_KEEP_RUNS newest others and any run younger than
// FINDINGS_KEEP_DAYS keep their rows; a dry run changes nothing.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { withLock } from '../../db/coordination.ts';
import { TEST_EPOCH, testClock } from '../../testing/clock.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import type { Principal } from '../auth/principal.ts';
import { PROVINCE } from '../auth/region.ts';
import { createFindingsRetentionJob } from './findings-retention-job.ts';
import { planFindingsPrune, pruneFindings, type FindingsRetention } from './findings-retention.ts';
import { findPartitionedRunIds } from './partitions.queries.ts';
import { executeRun } from './runner.ts';
import { startRun } from './service.ts';

const DAY = 86_400_000;
const clock = testClock(TEST_EPOCH, { ticking: false });
const retention: FindingsRetention = { keepRuns: 1, keepDays: 90 };
let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let cookie: string;
/** Run ids by name; days ago in the name's comment. */
const run: Record<'queued' | 'a' | 'b' | 'c' | 'd' | 'e' | 'f' | 'g', number> = {
  queued: 0,
  a: 0,
  b: 0,
  c: 0,
  d: 0,
  e: 0,
  f: 0,
  g: 0,
};

async function runAt(daysAgo: number, viewer: Principal, unitCode?: string, execute = true) {
  const at = new Date(TEST_EPOCH.getTime() - daysAgo * DAY);
  clock.set(at);
  const id = Number((await startRun(db, viewer, at, unitCode)).id);
  if (execute)
    await withLock(db.coordination, `validation-run:${id}`, () =>
      executeRun(db, id, { clock, workers: 0, pageSize: 3 }),
    );
  return id;
}

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db, { VALIDATION_RUNNER: 'off' }, clock);
  const u = await newUser(db.kysely, 'coordinator');
  cookie = await loginAs(app, u.username, TEST_PASSWORD);
  const viewer: Principal = {
    kind: 'user',
    id: u.id,
    username: u.username,
    name: u.username,
    role: 'coordinator',
    region: PROVINCE,
  };
  for (const city of ['kunming', 'qujing'] as const) {
    await newCustomer(db.kysely, { city, mobile: '13800000000' });
    await newCustomer(db.kysely, { city, name: '户主' });
    await newCustomer(db.kysely, { city });
  }
  // days ago: a queued county run (never executed), then province and 昆明 runs
  run.queued = await runAt(300, viewer, TREE.qujing.county, false);
  run.a = await runAt(200, viewer);
  run.b = await runAt(150, viewer);
  run.c = await runAt(100, viewer);
  run.d = await runAt(60, viewer);
  run.e = await runAt(30, viewer, TREE.kunming.city);
  run.f = await runAt(10, viewer);
  run.g = await runAt(5, viewer, TREE.kunming.city); // later incremental-size run inside f
  clock.set(TEST_EPOCH);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const get = async (url: string) => {
  const res = await app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { cookie } });
  return { status: res.statusCode, body: res.json() };
};

/** What the dashboard and the run history answer: must not move when rows are pruned. */
async function history() {
  const out: Record<string, unknown> = {};
  for (const url of ['/dashboard/kpis', '/dashboard/quality', '/dashboard/trend', '/dashboard/ranking'])
    out[url] = await get(url);
  for (const id of Object.values(run))
    for (const level of ['city', 'station']) {
      const { status, body } = await get(`/validation/runs/${id}/summary?level=${level}`);
      out[`summary ${id} ${level}`] = { status, counts: body.counts, units: body.units };
    }
  return out;
}

const summaries = async () => ({
  counts: (
    await sql`select * from finding_counts order by run_id, station_code, field, rule_id, severity`.execute(
      db.kysely,
    )
  ).rows,
  units: (await sql`select * from unit_counts order by run_id, station_code`.execute(db.kysely)).rows,
});

const rowsOf = async (id: number) =>
  Number(
    (
      await db.kysely
        .selectFrom('findings')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('run_id', '=', id)
        .executeTakeFirstOrThrow()
    ).n,
  );

const partitionExists = async (id: number) =>
  (await sql<{ r: string | null }>`select to_regclass(${`findings_run_${id}`})::text as r`.execute(db.kysely))
    .rows[0]!.r !== null;

it('plans: current runs, the newest others by count, the young by age; old runs dropped', async () => {
  const runs = await db.kysely
    .selectFrom('validation_runs')
    .select(['id', 'status', 'city_code', 'county_code', 'created_at'])
    .execute();
  const plan = planFindingsPrune(runs, retention, TEST_EPOCH);
  expect(Object.fromEntries(plan.map((p) => [p.runId, p.kept ?? 'drop']))).toEqual({
    [run.queued]: 'active',
    [run.a]: 'drop',
    [run.b]: 'drop',
    [run.c]: 'drop',
    [run.d]: 'keep_days',
    [run.e]: 'keep_runs',
    [run.f]: 'current',
    [run.g]: 'current',
  });
});

it('drops old runs as partitions; summaries, dashboard and history unchanged', async () => {
  for (const id of [run.a, run.b, run.c, run.d, run.e, run.f, run.g])
    expect(await rowsOf(id)).toBeGreaterThan(0);
  const kept = [run.queued, run.d, run.e, run.f, run.g];
  const keptRows = await Promise.all(kept.map(rowsOf));
  const before = {
    history: await history(),
    summaries: await summaries(),
    partitions: await findPartitionedRunIds(db.kysely),
  };
  expect(before.partitions).toEqual(Object.values(run).sort((x, y) => x - y));
  // what is compared is not empty: the old runs' summaries and the dashboard have figures
  const oldSummary = before.history[`summary ${run.a} station`] as { status: number; counts: unknown[] };
  expect(oldSummary.status).toBe(200);
  expect(oldSummary.counts.length).toBeGreaterThan(1);
  expect(before.history['/dashboard/kpis']).toMatchObject({ status: 200 });

  // a dry run says what it would drop and changes nothing
  const dry = await pruneFindings(db, retention, TEST_EPOCH, { dryRun: true });
  expect(dry.dropped.map((d) => d.runId).sort()).toEqual([run.a, run.b, run.c].sort());
  expect(dry.dropped.every((d) => d.rows > 0 && d.bytes > 0)).toBe(true);
  expect(await findPartitionedRunIds(db.kysely)).toEqual(before.partitions);
  expect(await rowsOf(run.a)).toBeGreaterThan(0);
  expect(
    (await get('/validation/runs')).body.items.every(
      (r: { findingsDroppedAt: unknown }) => r.findingsDroppedAt === null,
    ),
  ).toBe(true);

  // the nightly job prunes
  const logged: object[] = [];
  const job = createFindingsRetentionJob(db, {
    cron: '0 3 * * *',
    retention,
    clock,
    log: { info: (o) => logged.push(o), error: (o) => logged.push(o) },
  });
  await job.task.execute();
  await job.stop();
  expect(logged).toEqual([
    expect.objectContaining({ task: 'findings-retention', dropped: [run.c, run.b, run.a] }),
  ]);

  // the dropped partitions no longer exist, in pg_class or pg_inherits; the kept ones keep every row
  for (const id of [run.a, run.b, run.c]) expect(await partitionExists(id)).toBe(false);
  expect(await findPartitionedRunIds(db.kysely)).toEqual(kept.sort((x, y) => x - y));
  expect(await Promise.all(kept.map(rowsOf))).toEqual(keptRows);
  expect(await summaries()).toEqual(before.summaries);
  expect(await history()).toEqual(before.history);

  // the run list says so, and the findings of a pruned run answer 410 in both languages
  const runs = (await get('/validation/runs')).body.items as {
    id: string;
    findingsDroppedAt: string | null;
  }[];
  const pruned = runs.filter((r) => r.findingsDroppedAt !== null).map((r) => Number(r.id));
  expect(pruned.sort()).toEqual([run.a, run.b, run.c].sort());
  expect(runs.find((r) => Number(r.id) === run.a)!.findingsDroppedAt).toBe(TEST_EPOCH.toISOString());
  for (const url of [`/validation/runs/${run.a}/findings`, `/validation/runs/${run.a}/findings.csv`]) {
    const res = await get(url);
    expect(res.status).toBe(410);
    expect(res.body.error.code).toBe('findings_pruned');
    expect(res.body.error.message).toMatch(/已按保留策略清理.*pruned by the retention policy/);
  }
  const keptList = await get(`/validation/runs/${run.d}/findings`);
  expect(keptList.status).toBe(200);
  expect(keptList.body.total).toBe(await rowsOf(run.d));

  // nothing left to do: a second prune drops nothing
  expect((await pruneFindings(db, retention, TEST_EPOCH)).dropped).toEqual([]);
});

it('a new run still gets its partition and writes its findings after a prune', async () => {
  const viewer: Principal = {
    kind: 'user',
    id: 0,
    username: 'x',
    name: 'x',
    role: 'admin',
    region: PROVINCE,
  };
  const id = Number((await startRun(db, { ...viewer, kind: 'token' }, TEST_EPOCH)).id);
  expect(await partitionExists(id)).toBe(true);
  await withLock(db.coordination, `validation-run:${id}`, () => executeRun(db, id, { clock, workers: 0 }));
  expect(await rowsOf(id)).toBeGreaterThan(0);
});
