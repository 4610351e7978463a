// The full demo (`pnpm start`): what a new user meets on first sign-in must not be empty.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { login } from '../features/auth/service.ts';
import { exportWorksheets } from '../features/worksheets/export.ts';
import { DEMO_PASSWORD, seedDemo } from './seed.ts';
import { TEST_EPOCH } from '../testing/clock.ts';

let db: TestDb;
let dir: string;

beforeAll(async () => {
  db = await createTestDb();
  dir = await mkdtemp(join(tmpdir(), 'qy-demo-test-'));
  await seedDemo(db, { customers: 2_000, seed: 7, now: TEST_EPOCH, withCampaign: true });
}, 300_000);
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

it('starts with a completed province-wide validation run, so a findings-only export has rows', async () => {
  const runs = await db.kysely
    .selectFrom('validation_runs')
    .select(['id', 'status', 'city_code', 'county_code', 'rows_done'])
    .execute();
  expect(runs).toHaveLength(1);
  expect(runs[0]).toMatchObject({ status: 'completed', city_code: null, county_code: null });
  const findings = await db.kysely
    .selectFrom('findings')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('run_id', '=', runs[0]!.id)
    .executeTakeFirstOrThrow();
  expect(Number(findings.n)).toBeGreaterThan(0);

  // the Kunming team signs in with the demo password and exports with the worksheet page's defaults
  const { principal } = await login(db.kysely, 'kunming', DEMO_PASSWORD, 1, TEST_EPOCH);
  const out = await exportWorksheets(
    db,
    principal,
    { findingsOnly: true, pilotOnly: false, layout: 'sheets' },
    { outDir: dir, now: TEST_EPOCH },
  );
  expect(out.rows).toBeGreaterThan(0);
});
