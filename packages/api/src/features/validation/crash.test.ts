// A real crash of an incremental run: `pnpm cli validate --incremental` is killed with SIGKILL
// while its transaction holds deleted and rewritten findings. After the kill nothing of it is
// applied (the marks are all still there); the next start redoes it, and the result equals a
// fresh full run: no finding twice, none missing.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { expect, it } from 'vitest';
import { openPGlite, type Db } from '../../db.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { TEST_EPOCH, testClock } from '../../testing/clock.ts';
import { crashDb } from '../../testing/crash-db.ts';
import { newCustomer } from '../../testing/factories.ts';
import { createTestDb, testDbKind } from '../../testing/test-db.ts';
import { PROVINCE } from '../auth/region.ts';
import { applyOverCurrent } from '../customers/changes.ts';
import { executeIncrement } from './incremental.ts';
import { findIncrementsToExecute } from './incremental.queries.ts';
import { executeRun } from './runner.ts';
import { queueRun } from './service.ts';
import { scratchDir } from '../../testing/scratch.ts';

const CLI = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
const clock = testClock(TEST_EPOCH);

/** 60 customers, 3 to a mobile; a full run; then 20 of them move to one mobile, through the write path. */
async function seed(db: Db) {
  const ids: number[] = [];
  for (let i = 0; i < 60; i++) {
    const c = await newCustomer(db.kysely, {
      customer_no: `K${i}`,
      mobile: `1380000${String(Math.floor(i / 3)).padStart(4, '0')}`,
      cert_no: '',
    });
    ids.push(Number(c.id));
  }
  await executeRun(db, await queueRun(db, PROVINCE, null, clock()), { clock, workers: 0 });
  await db.kysely.transaction().execute((trx) =>
    applyOverCurrent(
      trx,
      ids.slice(0, 20).map((customerId) => ({ customerId, fields: { mobile: '13999999999' } })),
      { source: { kind: 'worksheet', ref: '1', userId: null }, now: clock() },
    ),
  );
}

function killAtStage(env: Record<string, string>, stage: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CLI, 'validate', '--incremental', '--hold-at', stage],
      { env: { ...process.env, ...env, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (err.includes(`: ${stage}`)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve() : reject(new Error(`ended (${code}) before the kill: ${err}`)),
    );
  });
}

const snapshotOf = async (db: Db, runId: number) => {
  const rows = await db.kysely
    .selectFrom('findings')
    .select(['customer_id', 'rule_id', 'code', 'severity', 'message_zh'])
    .where('run_id', '=', runId)
    .execute();
  const counts = await db.kysely
    .selectFrom('finding_counts')
    .select(['station_code', 'rule_id', 'severity', 'customers', 'findings'])
    .where('run_id', '=', runId)
    .execute();
  const sorted = (xs: object[]) => xs.map((x) => JSON.stringify(x)).sort();
  return { findings: sorted(rows), counts: sorted(counts) };
};

it(
  'an incremental run killed mid-transaction is redone cleanly on restart',
  { timeout: 300_000 },
  async () => {
    const dir = scratchDir('qy-crash-inc');
    const { env, reopen } = await crashDb(dir, seed);
    const base = 1;
    if (testDbKind() === 'postgres') {
      const live = await reopen(); // the same test database, open beside the child
      const before = await snapshotOf(live, base);
      await killAtStage(env, 'written');
      // nothing of the killed transaction: the run's findings as they were, the marks all there
      expect(await snapshotOf(live, base)).toEqual(before);
    } else await killAtStage(env, 'written');
    const db = await reopen();
    try {
      const marks = await db.kysely.selectFrom('validation_dirty').select('customer_id').execute();
      expect(marks).toHaveLength(20);
      // the restart: the increment the dead process left running is redone
      const open = await findIncrementsToExecute(db.kysely);
      expect(open).toHaveLength(1);
      const result = await executeIncrement(db, open[0]!.id, { clock });
      expect(result).toMatchObject({ status: 'completed', customersChanged: 20 });
      const incremental = await snapshotOf(db, base);
      const fresh = await snapshotOf(
        db,
        await queueRun(db, PROVINCE, null, clock()).then(async (id) => {
          await executeRun(db, id, { clock, workers: 0 });
          return id;
        }),
      );
      expect(incremental).toEqual(fresh);
      expect(incremental.findings.filter((f) => f.includes('"X-01"'))).toHaveLength(20);
    } finally {
      await db.close();
    }
  },
);
