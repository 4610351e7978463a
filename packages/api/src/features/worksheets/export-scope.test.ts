// What an export covers beyond the region: "pilot stations only" (the chosen scope cut to the
// campaign's pilot stations, picked by the coordinator) and, with "findings only", the customers
// whose number an SMS or a call found bad (their flag is printed for the field team).
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { insertFlags } from '../sms/flags.ts';
import { readRows } from './fill.testing.ts';
import { exportTo } from './worksheets-helpers.testing.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { scratchDir } from '../../testing/scratch.ts';

const SECOND_STATION = '53010299';
let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let kunming: string;
let coordinator: string;
let flagged: Awaited<ReturnType<typeof newCustomer>>;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  await db.kysely
    .insertInto('org_units')
    .values({
      code: SECOND_STATION,
      name: '第二供电所',
      level: 'station',
      parent_code: TREE.kunming.county,
      division_code: null,
      city_code: TREE.kunming.city,
      county_code: TREE.kunming.county,
      created_at: TEST_EPOCH,
      updated_at: TEST_EPOCH,
    })
    .execute();
  app = await buildTestApp(db);
  kunming = await loginAs(
    app,
    (await newUser(db.kysely, 'city_member', { cityCode: TREE.kunming.city })).username,
    TEST_PASSWORD,
  );
  coordinator = await loginAs(app, (await newUser(db.kysely, 'coordinator')).username, TEST_PASSWORD);
  for (let i = 0; i < 3; i++) await newCustomer(db.kysely, { city: 'kunming' });
  for (let i = 0; i < 2; i++) await newCustomer(db.kysely, { city: 'kunming', station_code: SECOND_STATION });
  await newCustomer(db.kysely, { city: 'qujing' });
  flagged = await newCustomer(db.kysely, { city: 'qujing', mobile: '13987654321', name: '赵六' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

it('exports only the pilot stations of the caller’s scope once the coordinator has chosen them', async () => {
  const dir = scratchDir('qy-pilot');
  const all = await exportTo(app, kunming, { findingsOnly: false }, join(dir, 'all.xlsx'));
  expect(all.rows).toBe(5);

  const res = await app.inject({
    method: 'PUT',
    url: '/api/v1/campaign/pilot-stations',
    headers: { cookie: coordinator },
    payload: { stationCodes: [TREE.kunming.station, TREE.qujing.station] },
  });
  expect(res.statusCode, res.body).toBe(200);

  // the 昆明 team's pilot: its one pilot station, not 曲靖's
  const pilot = await exportTo(
    app,
    kunming,
    { findingsOnly: false, pilotOnly: true },
    join(dir, 'pilot.xlsx'),
  );
  expect(pilot.rows).toBe(3);
  const record = await db.kysely
    .selectFrom('worksheet_exports')
    .select(['stations', 'rows'])
    .where('id', '=', pilot.exportId)
    .executeTakeFirstOrThrow();
  expect(record).toEqual({ stations: 1, rows: 3 });
});

it('with findings only, brings the customers whose number an SMS or a call found bad, saying why', async () => {
  const dir = scratchDir('qy-flags');
  const qujing = await loginAs(
    app,
    (await newUser(db.kysely, 'city_member', { cityCode: TREE.qujing.city })).username,
    TEST_PASSWORD,
  );
  // no validation run yet: nothing to check in 曲靖 but the flagged number
  await db.kysely.transaction().execute((trx) =>
    insertFlags(
      trx,
      [
        {
          customerId: flagged.id,
          kind: 'sms_failed',
          value: '13987654321',
          reason: '短信未送达 (30005)：空号 / undelivered (30005): empty number',
          ref: 'sms:1',
        },
      ],
      TEST_EPOCH,
    ),
  );
  const file = join(dir, 'q.xlsx');
  const out = await exportTo(app, qujing, { findingsOnly: true }, file);
  expect(out.rows).toBe(1);
  const [row] = await readRows(file);
  expect(row!['户号']).toBe(flagged.customer_no);
  expect(row!['待核实问题']).toBe('手机号13987654321：短信未送达 (30005)：空号');
  // only the exported customer went to the field: the filter holds for the states too
  const moved = await db.kysely
    .selectFrom('customer_verification')
    .select(['customer_id', 'state'])
    .where('ref', '=', String(out.exportId))
    .execute();
  expect(moved).toEqual([{ customer_id: flagged.id, state: 'in_field' }]);
});
