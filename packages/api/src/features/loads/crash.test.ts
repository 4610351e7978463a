// A real crash: the CLI loader is killed with SIGKILL in the middle of a load. The database must
// hold nothing of that batch, and the next start marks the batch failed. The same for a load that
// merges with our corrections (conflicts half recorded) and for an acknowledgement of the change
// feed (`pnpm cli changes ack`): after the kill, nothing of either is applied.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { openPGlite, type Db } from '../../db.ts';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { migrateToLatest } from '../../db/migrate.ts';
import { crashDb } from '../../testing/crash-db.ts';
import { seedOrgTree, TREE } from '../../testing/factories.ts';
import { createTestDb, testDbKind } from '../../testing/test-db.ts';
import { failInterruptedBatches, runLoad } from './service.ts';
import { PROVINCE } from '../auth/region.ts';
import { applyOverCurrent } from '../customers/changes.ts';
import { acknowledgeChanges, parseAckCsv } from '../writeback/ack.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { scratchDir } from '../../testing/scratch.ts';

const CLI = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));

function writeCustomers(path: string, n: number) {
  const lines = ['customer_no,name,customer_type,station_code'];
  for (let i = 0; i < n; i++) lines.push(`K${i},用户${i},residential,${TREE.kunming.station}`);
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Runs the CLI loader and kills it once it has written at least `killAfter` rows in its transaction. */
const loadAndKill = (env: Record<string, string>, file: string, killAfter: number) =>
  runAndKill(env, ['load', 'customers', file], /(\d+) rows/g, killAfter);

/** Runs a CLI command and kills it once its progress (the pattern's number on stderr) reaches killAfter. */
function runAndKill(
  env: Record<string, string>,
  args: string[],
  progress: RegExp,
  killAfter: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = 0;
    child.stderr.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString().matchAll(progress)) seen = Math.max(seen, Number(m[1]));
      if (seen >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL'
        ? resolve(seen)
        : reject(new Error(`${args[0]} ended (${code}) before it was killed`)),
    );
  });
}

it('a loader killed mid-load leaves nothing of its batch behind', { timeout: 180_000 }, async () => {
  const dir = scratchDir('qy-crash');
  const file = join(dir, 'customers.csv');
  writeCustomers(file, 300_000);
  let db: Db;
  let env: Record<string, string>;
  if (testDbKind() === 'postgres') {
    const test = await createTestDb();
    await seedOrgTree(test.kysely);
    db = test;
    env = { DATABASE_URL: test.url! };
  } else {
    // PGlite is in-process: the child gets its own data folder, which we reopen after the kill.
    const dataDir = join(dir, 'pglite');
    const seeded = openPGlite(await PGlite.create({ dataDir, extensions: { pg_trgm } }));
    await migrateToLatest(seeded.kysely);
    await seedOrgTree(seeded.kysely);
    await seeded.close();
    env = { DATA_DIR: dataDir };
    db = undefined as never;
  }
  const rowsWhenKilled = await loadAndKill(env, file, 30_000);
  expect(rowsWhenKilled).toBeGreaterThanOrEqual(30_000);
  if (testDbKind() === 'pglite')
    db = openPGlite(await PGlite.create({ dataDir: env.DATA_DIR!, extensions: { pg_trgm } }));
  try {
    const count = await db.kysely
      .selectFrom('customers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
    const batch = await db.kysely.selectFrom('load_batches').selectAll().executeTakeFirstOrThrow();
    expect(batch.status).toBe('running');
    await failInterruptedBatches(db.kysely, TEST_EPOCH);
    const after = await db.kysely.selectFrom('load_batches').selectAll().executeTakeFirstOrThrow();
    expect(after.status).toBe('failed');
    expect(after.error_message).toContain('Interrupted');
  } finally {
    await db.close();
  }
});

const N = 100_000;
function writeExtract(path: string, mobile: (i: number) => string) {
  const lines = ['customer_no,name,customer_type,mobile,station_code'];
  for (let i = 0; i < N; i++) lines.push(`K${i},用户${i},residential,${mobile(i)},${TREE.kunming.station}`);
  writeFileSync(path, lines.join('\n') + '\n');
}
const mobileA = (i: number) => `138${String(i).padStart(8, '0')}`;
const corrected = (i: number) => `139${String(i).padStart(8, '0')}`;
const mobileB = (i: number) => `137${String(i).padStart(8, '0')}`;

/** Extract A loaded, every 10th customer's mobile corrected through the write path (source: worksheet). */
async function seedCorrections(db: Db, dir: string) {
  const a = join(dir, 'a.csv');
  writeExtract(a, mobileA);
  await runLoad(db, { kind: 'customers', path: a, fileName: 'a.csv', userId: null, now: TEST_EPOCH });
  const rows = await db.kysely.selectFrom('customers').select(['id', 'customer_no']).execute();
  const values = rows
    .map((r) => ({ id: Number(r.id), i: Number(r.customer_no.slice(1)) }))
    .filter((r) => r.i % 10 === 0)
    .map((r) => ({ customerId: r.id, fields: { mobile: corrected(r.i) } }));
  await db.kysely.transaction().execute((trx) =>
    applyOverCurrent(trx, values, {
      source: { kind: 'worksheet', ref: '1', userId: null },
      now: TEST_EPOCH,
    }),
  );
}

const count = async (db: Db, table: 'source_conflicts' | 'field_divergences' | 'customer_changes') =>
  Number(
    (
      await db.kysely
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

it(
  'a load with conflicts killed mid-load: no conflict, no base, no value of it is left',
  { timeout: 300_000 },
  async () => {
    const dir = scratchDir('qy-crash-merge');
    const { env, reopen } = await crashDb(dir, (db) => seedCorrections(db, dir));
    const b = join(dir, 'b.csv');
    writeExtract(b, mobileB);
    const rowsWhenKilled = await loadAndKill(env, b, 30_000);
    expect(rowsWhenKilled).toBeGreaterThanOrEqual(30_000);
    const db = await reopen();
    try {
      expect(await count(db, 'source_conflicts')).toBe(0);
      expect(await count(db, 'field_divergences')).toBe(N / 10);
      // the bases are still extract A's values, the customers still hold A's or our corrections
      const bases = await db.kysely
        .selectFrom('field_divergences')
        .select('base')
        .where('base', 'like', '137%')
        .execute();
      expect(bases).toHaveLength(0);
      const fromB = await db.kysely
        .selectFrom('customers')
        .select('id')
        .where('mobile', 'like', '137%')
        .execute();
      expect(fromB).toHaveLength(0);
      const batches = await db.kysely.selectFrom('load_batches').select('status').orderBy('id').execute();
      expect(batches.map((x) => x.status)).toEqual(['completed', 'running']);
    } finally {
      await db.close();
    }
  },
);

it(
  'an acknowledgement killed midway: no change is written back or rejected',
  { timeout: 300_000 },
  async () => {
    const dir = scratchDir('qy-crash-ack');
    const { env, reopen } = await crashDb(dir, (db) => seedCorrections(db, dir));
    const ack = join(dir, 'ack.csv');
    {
      const db = await reopen();
      const ids = await db.kysely.selectFrom('outbound_changes').select('id').orderBy('id').execute();
      if (testDbKind() === 'pglite') await db.close();
      expect(ids).toHaveLength(N / 10);
      const half = ids.length / 2;
      writeFileSync(
        ack,
        'id,status,reason\n' +
          ids.map((r, i) => (i < half ? `${r.id},applied` : `${r.id},rejected,号码不符`)).join('\n') +
          '\n',
      );
    }
    const doneWhenKilled = await runAndKill(env, ['changes', 'ack', ack], /(\d+) acknowledged/g, 5_000);
    expect(doneWhenKilled).toBeGreaterThanOrEqual(5_000);
    const db = await reopen();
    try {
      const states = await db.kysely
        .selectFrom('outbound_changes')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .execute();
      expect(states.map((r) => [r.state, Number(r.n)])).toEqual([['pending', N / 10]]);
      expect(await count(db, 'source_conflicts')).toBe(0);
      // and the same file again, to the end: all of it
      const items = parseAckCsv(readFileSync(ack, 'utf8'));
      expect(await acknowledgeChanges(db, items, { region: PROVINCE, by: 'test' }, TEST_EPOCH)).toEqual({
        applied: N / 20,
        rejected: N / 20,
        unchanged: 0,
      });
      expect(await count(db, 'source_conflicts')).toBe(N / 20);
    } finally {
      await db.close();
    }
  },
);
