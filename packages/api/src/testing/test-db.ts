// A fresh, migrated database per test file, on the leg the vitest project chose (TEST_DB).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { createPostgres, openPGlite, type Db } from '../db.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresUrl: string;
  }
}

export const testDbKind = (): 'pglite' | 'postgres' =>
  process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDb extends Db {
  /** Connection string of this test's own database (PostgreSQL leg only). */
  url?: string;
}

export async function createTestDb(): Promise<TestDb> {
  if (testDbKind() === 'postgres') {
    const serverUrl = inject('postgresUrl');
    if (!serverUrl) throw new Error('postgres leg without a server: globalSetup did not run');
    const name = `qy_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client(serverUrl);
    await admin.connect();
    try {
      await retry(() => admin.query(`create database ${name} template qy_template`));
    } finally {
      await admin.end();
    }
    const url = serverUrl.replace(/\/postgres$/, `/${name}`);
    return Object.assign(createPostgres(url, 5), { url });
  }
  const snapshot = readFileSync(inject('pgliteSnapshot'));
  const pglite = await PGlite.create({ loadDataDir: new Blob([snapshot]), extensions: { pg_trgm } });
  return openPGlite(pglite);
}

// Two files cloning the template at the same instant can collide ("being accessed by other users").
async function retry<T>(fn: () => Promise<T>, attempts = 10): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts || !/being accessed by other users/.test(String(err))) throw err;
      await new Promise((r) => setTimeout(r, 100 * i));
    }
  }
}
