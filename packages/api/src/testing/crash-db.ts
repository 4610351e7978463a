// A database a child process can open and a test can kill it over: PGlite in a folder of its own
// (closed here, so the child owns it), or a PostgreSQL test database; set up by `seed`.
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { openPGlite, type Db } from '../db.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { seedOrgTree } from './factories.ts';
import { createTestDb, testDbKind } from './test-db.ts';

/** A database (PGlite in a folder of its own, or a PostgreSQL test database) set up by `seed`. */
export async function crashDb(
  dir: string,
  seed: (db: Db) => Promise<void>,
): Promise<{ env: Record<string, string>; reopen: () => Promise<Db> }> {
  if (testDbKind() === 'postgres') {
    const test = await createTestDb();
    await seedOrgTree(test.kysely);
    await seed(test);
    return { env: { DATABASE_URL: test.url! }, reopen: async () => test as Db };
  }
  const dataDir = join(dir, 'pglite');
  const seeded = openPGlite(await PGlite.create({ dataDir, extensions: { pg_trgm } }));
  await migrateToLatest(seeded.kysely);
  await seedOrgTree(seeded.kysely);
  await seed(seeded);
  await seeded.close();
  return {
    env: { DATA_DIR: dataDir },
    reopen: async () => openPGlite(await PGlite.create({ dataDir, extensions: { pg_trgm } })),
  };
}
