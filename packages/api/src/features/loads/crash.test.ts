// A real crash: the CLI loader is killed with SIGKILL in the middle of a load. The database must
// hold nothing of that batch, and the next start marks the batch failed.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { expect, it } from 'vitest';
import { openPGlite, type Db } from '../../db.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedOrgTree, TREE } from '../../testing/factories.ts';
import { createTestDb, testDbKind } from '../../testing/test-db.ts';
import { failInterruptedBatches } from './service.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';

const CLI = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));

function writeCustomers(path: string, n: number) {
  const lines = ['customer_no,name,customer_type,station_code'];
  for (let i = 0; i < n; i++) lines.push(`K${i},用户${i},residential,${TREE.kunming.station}`);
  writeFileSync(path, lines.join('\n') + '\n');
}

/** Runs the CLI loader and kills it once it has written at least `killAfter` rows in its transaction. */
function loadAndKill(env: Record<string, string>, file: string, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'load', 'customers', file], {
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seen = 0;
    child.stderr.on('data', (chunk: Buffer) => {
      for (const m of chunk.toString().matchAll(/(\d+) rows/g)) seen = Math.max(seen, Number(m[1]));
      if (seen >= killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? resolve(seen) : reject(new Error(`loader ended (${code}) before it was killed`)),
    );
  });
}

it('a loader killed mid-load leaves nothing of its batch behind', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'qy-crash-'));
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
