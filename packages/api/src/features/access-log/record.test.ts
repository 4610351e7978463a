// The access log's one write: a row per access, in the caller's transaction (rolled back with it).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { recordAccess } from './record.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.close();
});

const actor = {
  kind: 'user' as const,
  id: 7,
  username: 'li',
  role: 'city_member' as const,
  region: { cityCode: '5301', countyCode: '530102' },
};

it('records who, when, what and from where', async () => {
  await db.kysely.transaction().execute((trx) =>
    recordAccess(trx, {
      at: TEST_EPOCH,
      actor,
      action: 'view',
      route: 'GET /api/v1/customers/:id',
      customerIds: [3, 4],
      ip: '10.0.0.1',
    }),
  );
  await db.kysely.transaction().execute((trx) =>
    recordAccess(trx, {
      at: TEST_EPOCH,
      actor: { kind: 'anonymous', username: 'nobody' },
      action: 'login',
      route: 'POST /api/v1/auth/login',
      outcome: 'failed',
    }),
  );
  const rows = await db.kysely.selectFrom('access_log').selectAll().orderBy('id').execute();
  expect(rows).toHaveLength(2);
  expect(rows[0]).toMatchObject({
    user_id: 7,
    token_id: null,
    username: 'li',
    role: 'city_member',
    city_code: '5301',
    county_code: '530102',
    action: 'view',
    outcome: 'ok',
    ip: '10.0.0.1',
  });
  expect(rows[0]!.customer_ids!.map(Number)).toEqual([3, 4]);
  expect(new Date(rows[0]!.at).toISOString()).toBe(TEST_EPOCH.toISOString());
  expect(rows[1]).toMatchObject({ user_id: null, username: 'nobody', role: null, outcome: 'failed' });
});

it('is rolled back with the action it records', async () => {
  const before = await db.kysely.selectFrom('access_log').select('id').execute();
  await expect(
    db.kysely.transaction().execute(async (trx) => {
      await recordAccess(trx, { at: TEST_EPOCH, actor, action: 'export', route: 'x', rowCount: 5 });
      throw new Error('the export failed');
    }),
  ).rejects.toThrow('the export failed');
  expect(await db.kysely.selectFrom('access_log').select('id').execute()).toEqual(before);
});
