// DATABASE_READ_URL on a real streaming replica: the harness adds a hot standby of the test
// cluster (pg_basebackup -R, same PostgreSQL 15 binaries, another port). The dashboard reads on
// it — shown by pausing its replay: the dashboard then keeps the replica's figures while the
// primary moves on — and writes, and reads of one's own writes, stay on the primary.
// PostgreSQL only: PGlite has no replication.
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { stopwatch } from '../../clock.ts';
import { createPostgres, type Database, type Db } from '../../db.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD } from '../../testing/factories.ts';
import { startReplica, type PgCluster } from '../../testing/pg-cluster.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';

let primary: TestDb;
let replica: PgCluster;
let db: Db;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let cookie: string;
let replicaAdminUrl: string;

/** Waits until the replica has replayed everything the primary has written so far. */
async function caughtUp(source: Kysely<Database>, standby: Kysely<Database>) {
  const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(source);
  const waited = stopwatch();
  while (waited() < 30) {
    const r = await sql<{
      ok: boolean;
    }>`select pg_last_wal_replay_lsn() >= ${rows[0]!.lsn}::pg_lsn as ok`.execute(standby);
    if (r.rows[0]?.ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the replica did not catch up');
}

const kpis = async () => {
  const res = await app.inject({ method: 'GET', url: '/api/v1/dashboard/kpis', headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return res.json() as { customers: number };
};

beforeAll(async () => {
  primary = await createTestDb();
  await seedOrgTree(primary.kysely);
  for (let i = 0; i < 3; i++) await newCustomer(primary.kysely);
  const primaryPort = new URL(inject('postgresUrl')).port;
  replica = await startReplica({ port: Number(primaryPort) });
  replicaAdminUrl = primary.adminUrl!.replace(`:${primaryPort}/`, `:${replica.port}/`);
  db = createPostgres(primary.url!, {
    readUrl: primary.url!.replace(`:${primaryPort}/`, `:${replica.port}/`),
    poolSize: 3,
    applicationName: 'qingyuan-replica-test',
  });
  app = await buildTestApp(db, { JOBS: 'off' });
  const user = await newUser(db.kysely, 'coordinator');
  cookie = await loginAs(app, user.username, TEST_PASSWORD);
  await caughtUp(db.kysely, db.reader);
});

afterAll(async () => {
  await app?.close();
  await db?.close();
  await replica?.stop();
  await primary?.close();
});

it('reads through the reader from a server in recovery, and writes to the primary', async () => {
  const inRecovery = async (k: Kysely<Database>) =>
    (await sql<{ r: boolean }>`select pg_is_in_recovery() as r`.execute(k)).rows[0]!.r;
  expect(await inRecovery(db.reader)).toBe(true);
  expect(await inRecovery(db.kysely)).toBe(false);
  expect((await kpis()).customers).toBe(3);
  // the dashboard's read pool is connected to the replica, under our application name
  const { rows } = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity where application_name = 'qingyuan-replica-test'`.execute(
    db.reader,
  );
  expect(rows[0]!.n).toBeGreaterThan(0);
});

it('while the replica lags, the dashboard shows its figures; writes and own-write reads use the primary', async () => {
  // pausing the replay is the superuser's (the test's own set-up), not the app's
  const replicaAdmin = createPostgres(replicaAdminUrl, 1);
  await sql`select pg_wal_replay_pause()`.execute(replicaAdmin.kysely);
  try {
    for (let i = 0; i < 2; i++) await newCustomer(primary.kysely);
    // a write through the app (it would fail on the read-only replica) and the list that reads it back
    const started = await app.inject({
      method: 'POST',
      url: '/api/v1/validation/runs',
      headers: { cookie },
      payload: {},
    });
    expect(started.statusCode).toBe(200);
    const list = await app.inject({ method: 'GET', url: '/api/v1/validation/runs', headers: { cookie } });
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(started.json().run.id);
    // the primary has 5 customers; the paused replica, and so the dashboard, still 3
    expect((await kpis()).customers).toBe(3);
  } finally {
    await sql`select pg_wal_replay_resume()`.execute(replicaAdmin.kysely);
    await replicaAdmin.close();
  }
  await caughtUp(db.kysely, db.reader);
  expect((await kpis()).customers).toBe(5);
});
