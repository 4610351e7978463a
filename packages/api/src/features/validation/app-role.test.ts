// In production the server connects as qingyuan_app (README, "Production"): no CREATE in the
// schema, not the owner of findings, no TRUNCATE. A run makes its findings partition, clears the
// changed-customer marks and has the partition dropped by the retention all the same, through the
// owner's functions (migration 2026_12_07_0200); the role itself still may do none of it. The
// tests connected as the superuser, which may do anything, and run as the app every run failed at
// its start with "permission denied for schema public"; the PostgreSQL leg now connects as the
// app's role (testing/test-db.ts), which the first test here checks.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TEST_EPOCH, testClock } from '../../testing/clock.ts';
import { newCustomer, seedOrgTree } from '../../testing/factories.ts';
import { createTestDb, testDbKind, type TestDb } from '../../testing/test-db.ts';
import { PROVINCE } from '../auth/region.ts';
import { dropFindingsPartition, findingsPartitionOf } from './partitions.queries.ts';
import { executeRun } from './runner.ts';
import { queueRun } from './service.ts';

const postgres = testDbKind() === 'postgres';
const clock = testClock(TEST_EPOCH, { ticking: false });
let app: TestDb;

beforeAll(async () => {
  if (!postgres) return;
  app = await createTestDb();
  await seedOrgTree(app.kysely);
  await newCustomer(app.kysely, { name: '李建国', mobile: '13800000001' });
  await newCustomer(app.kysely, { name: '王芳', mobile: '12345' });
});

afterAll(async () => {
  await app?.close();
});

const exists = async (table: string) =>
  (await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(app.kysely)).rows[0]!
    .t !== null;

it.runIf(postgres)('the role is the application’s: no tables of its own, no TRUNCATE', async () => {
  const { rows } = await sql<{ role: string }>`select current_user as role`.execute(app.kysely);
  expect(rows[0]!.role).toBe('qingyuan_app');
  // the entry gate's own connections too (their settings are added to the connection string's)
  const [hot] = await app.prepared(
    'test-role-of-hot-connection',
    sql<{
      role: string;
      plans: string;
    }>`select current_user as role, current_setting('plan_cache_mode') as plans`.compile(app.kysely),
  );
  expect(hot).toEqual({ role: 'qingyuan_app', plans: 'force_generic_plan' });
  await expect(sql`create table probe (x int)`.execute(app.kysely)).rejects.toThrow(/permission denied/);
  await expect(sql`truncate validation_dirty`.execute(app.kysely)).rejects.toThrow(/permission denied/);
  await expect(sql`alter table findings detach partition findings_run_1`.execute(app.kysely)).rejects.toThrow(
    /must be owner|permission denied/,
  );
});

it.runIf(postgres)(
  'as the application’s role a run completes, and the retention drops its rows',
  async () => {
    const marks = async () =>
      Number(
        (await sql<{ n: string }>`select count(*) as n from validation_dirty`.execute(app.kysely)).rows[0]!.n,
      );
    expect(await marks()).toBe(2);
    const runId = await queueRun(app, PROVINCE, null, clock());
    expect(await exists(findingsPartitionOf(runId))).toBe(true);
    expect(await executeRun(app, runId, { clock, workers: 0 })).toBe(true);
    const run = await app.kysely
      .selectFrom('validation_runs')
      .select(['status', 'rows_done'])
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(run).toEqual({ status: 'completed', rows_done: 2 });
    const findings = await app.kysely
      .selectFrom('findings')
      .select('code')
      .where('run_id', '=', runId)
      .execute();
    expect(findings.some((f) => f.code.startsWith('mobile.'))).toBe(true);
    expect(await marks()).toBe(0);

    await app.kysely.transaction().execute((trx) => dropFindingsPartition(trx, runId, clock()));
    expect(await exists(findingsPartitionOf(runId))).toBe(false);
    const dropped = await app.kysely
      .selectFrom('validation_runs')
      .select('findings_dropped_at')
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(dropped.findings_dropped_at).not.toBeNull();
  },
);

it.runIf(postgres)('a partition name is made from a run id, nothing else', async () => {
  await expect(sql`select qy_create_findings_partition(0)`.execute(app.kysely)).rejects.toThrow(/bad run id/);
  await expect(sql`select qy_drop_findings_partition(-1)`.execute(app.kysely)).rejects.toThrow(/bad run id/);
});
