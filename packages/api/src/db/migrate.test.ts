// Every migration runs on both databases (globalSetup migrates the template on each leg); this
// checks the result and that running the migrator again is a no-op.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { migrateToLatest } from './migrate.ts';
import { TEST_EPOCH } from '../testing/clock.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(() => db.close());

it('has every core table, and migrating again changes nothing', async () => {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables where table_schema = 'public' order by table_name`.execute(
    db.kysely,
  );
  expect(tables.rows.map((r) => r.table_name)).toEqual(
    expect.arrayContaining([
      'api_tokens',
      'customer_changes',
      'customers',
      'load_batches',
      'load_errors',
      'org_units',
      'sessions',
      'users',
    ]),
  );
  expect(await migrateToLatest(db.kysely)).toEqual([]);
});

it('keeps the city code on every large table, for a later distribution by city', async () => {
  const cols = await sql<{ table_name: string }>`
    select table_name from information_schema.columns where table_schema = 'public' and column_name = 'city_code'`.execute(
    db.kysely,
  );
  expect(cols.rows.map((r) => r.table_name)).toEqual(
    expect.arrayContaining(['customers', 'customer_changes']),
  );
});

it('bumps a customer’s version on every real change, not on a no-op update', async () => {
  await sql`insert into org_units (code, name, level, created_at, updated_at) values ('P', '省', 'province', ${TEST_EPOCH}, ${TEST_EPOCH})`.execute(
    db.kysely,
  );
  await sql`insert into org_units (code, name, level, parent_code, city_code, created_at, updated_at) values ('C', '市', 'city', 'P', 'C', ${TEST_EPOCH}, ${TEST_EPOCH})`.execute(
    db.kysely,
  );
  await sql`insert into org_units (code, name, level, parent_code, division_code, city_code, county_code, created_at, updated_at) values ('X', '县', 'county', 'C', '530102', 'C', 'X', ${TEST_EPOCH}, ${TEST_EPOCH})`.execute(
    db.kysely,
  );
  await sql`insert into org_units (code, name, level, parent_code, city_code, county_code, created_at, updated_at) values ('S', '所', 'station', 'X', 'C', 'X', ${TEST_EPOCH}, ${TEST_EPOCH})`.execute(
    db.kysely,
  );
  const { id } = await db.kysely
    .insertInto('customers')
    .values({
      customer_no: 'V1',
      name: 'a',
      customer_type: 'residential',
      cert_type: 'other',
      cert_no: '',
      mobile: '',
      landline: '',
      address: '',
      station_code: 'S',
      county_code: 'X',
      city_code: 'C',
      status: 'active',
      load_batch_id: null,
      created_at: TEST_EPOCH,
      updated_at: TEST_EPOCH,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const version = async () =>
    (await db.kysely.selectFrom('customers').select('version').where('id', '=', id).executeTakeFirstOrThrow())
      .version;
  await db.kysely.updateTable('customers').set({ name: 'a' }).where('id', '=', id).execute();
  expect(await version()).toBe(1);
  await db.kysely.updateTable('customers').set({ name: 'b' }).where('id', '=', id).execute();
  expect(await version()).toBe(2);
});
