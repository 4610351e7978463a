// Customers in scope per station are kept by statement triggers on customers, so the dashboard
// never counts customers per request: inserts, moves between stations and deletes keep them equal
// to a recount.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { newCustomer, seedOrgTree, TREE } from '../../testing/factories.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
});
afterAll(() => db.close());

const kept = async () =>
  Object.fromEntries(
    (await db.kysely.selectFrom('station_customer_counts').select(['station_code', 'customers']).execute())
      .filter((r) => Number(r.customers) !== 0)
      .map((r) => [r.station_code, Number(r.customers)]),
  );
const recount = async () =>
  Object.fromEntries(
    (
      await db.kysely
        .selectFrom('customers')
        .select(['station_code', db.kysely.fn.countAll<number>().as('n')])
        .groupBy('station_code')
        .execute()
    ).map((r) => [r.station_code, Number(r.n)]),
  );

it('follows inserts, moves, unrelated updates and deletes', async () => {
  const a = await newCustomer(db.kysely, { city: 'kunming' });
  await newCustomer(db.kysely, { city: 'kunming' });
  await newCustomer(db.kysely, { city: 'qujing' });
  expect(await kept()).toEqual({ [TREE.kunming.station]: 2, [TREE.qujing.station]: 1 });
  await db.kysely.updateTable('customers').set({ name: '李四' }).execute();
  expect(await kept()).toEqual(await recount());
  await db.kysely
    .updateTable('customers')
    .set({ station_code: TREE.qujing.station, county_code: TREE.qujing.county, city_code: TREE.qujing.city })
    .where('id', '=', a.id)
    .execute();
  expect(await kept()).toEqual({ [TREE.kunming.station]: 1, [TREE.qujing.station]: 2 });
  await db.kysely.deleteFrom('customers').where('city_code', '=', TREE.qujing.city).execute();
  expect(await kept()).toEqual({ [TREE.kunming.station]: 1 });
  expect(await kept()).toEqual(await recount());
});
