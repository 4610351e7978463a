// vitest globalSetup for the database projects. TEST_DB picks the leg:
// - pglite: migrate once in memory and dump the data folder; each test file starts from it;
// - postgres: start a real PostgreSQL 15 cluster, migrate a template database; each test file
//   gets its own database cloned from the template.
// Neither leg is ever skipped: a missing PostgreSQL is an error, not a pass.
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { createPostgres, openPGlite } from '../db.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { startPgCluster, type PgCluster } from './pg-cluster.ts';
import './test-db.ts'; // the ProvidedContext keys

export const TEMPLATE_DB = 'qy_template';

export default async function setup(project: TestProject) {
  const kind = project.config.env?.TEST_DB ?? process.env.TEST_DB ?? 'pglite';
  if (kind === 'postgres') {
    const cluster: PgCluster = await startPgCluster();
    const admin = new pg.Client(cluster.url);
    await admin.connect();
    await admin.query(`create database ${TEMPLATE_DB} template template0 encoding 'UTF8' locale 'C.UTF-8'`);
    await admin.end();
    const url = cluster.url.replace(/\/postgres$/, `/${TEMPLATE_DB}`);
    const db = createPostgres(url, 1);
    await migrateToLatest(db.kysely);
    await db.close();
    project.provide('postgresUrl', cluster.url);
    project.provide('pgliteSnapshot', '');
    return () => cluster.stop();
  }
  const dir = mkdtempSync(join(tmpdir(), 'qy-pglite-'));
  const pglite = await PGlite.create({ extensions: { pg_trgm } });
  const db = openPGlite(pglite);
  await migrateToLatest(db.kysely);
  const dump = await pglite.dumpDataDir('none');
  const file = join(dir, 'snapshot.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteSnapshot', file);
  project.provide('postgresUrl', '');
  return () => rmSync(dir, { recursive: true, force: true });
}
