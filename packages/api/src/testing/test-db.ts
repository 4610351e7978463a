// A fresh, migrated database per test file, on the leg the vitest project chose (TEST_DB).
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import type { Kysely } from 'kysely';
import { createPostgres, openPGlite, type Db } from '../db.ts';
import type { Database } from '../db/schema.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresUrl: string;
  }
}

export const testDbKind = (): 'pglite' | 'postgres' =>
  process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

export interface TestDb extends Db {
  /** Connection string of this test's own database (PostgreSQL leg only), as the application's role. */
  url?: string;
  /** …as the superuser that made it (asAdmin). */
  adminUrl?: string;
}

/** The role the server connects as in production (README, "Production"; migration 2026_12_06_1820). */
export const APP_ROLE = 'qingyuan_app';

/** A connection string whose every connection runs under `role` (set at start-up, for the pool and any child process given it). */
export function withRole(url: string, role: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c role=${role}`);
  return u.toString();
}

/**
 * Runs `fn` as the superuser that made the test's database (PostgreSQL leg; on PGlite, its one
 * user): for a test's own set-up that needs the tables' owner (a trigger that fails on purpose,
 * TRUNCATE between cases, ANALYZE). What is under test runs as the application's role.
 */
export async function asAdmin<T>(db: TestDb, fn: (k: Kysely<Database>) => Promise<T>): Promise<T> {
  if (!db.adminUrl) return fn(db.kysely);
  const admin = createPostgres(db.adminUrl, 1);
  try {
    return await fn(admin.kysely);
  } finally {
    await admin.close();
  }
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
    const adminUrl = serverUrl.replace(/\/postgres$/, `/${name}`);
    // As in production, every connection of the test (and of any process it starts with `url`)
    // runs under the application's role: a privilege the server lacks fails here too.
    const url = withRole(adminUrl, APP_ROLE);
    return Object.assign(createPostgres(url, 5), { url, adminUrl });
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
