// 供电所进度 over the HTTP API on a real database: an export to two stations shows as out, held by
// the person who exported it; rows applied from an upload and from a phone move the figures, which
// match the database; a fully returned file drops off; other cities and counties never appear.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StationProgress } from '@qingyuan/contract/worksheets';
import { TEST_EPOCH, testClock } from '../../testing/clock.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { unit } from '../../plugins/scope-world.testing.ts';
import { fillWorkbook } from './fill.testing.ts';
import { exportTo, uploadFile } from './worksheets-helpers.testing.ts';

const clock = testClock();
const GUANDU = { county: '530103', station: '53010301' };
let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let dir: string;
const cookies: Record<'city' | 'county' | 'qujing', string> = { city: '', county: '', qujing: '' };
let cityUserName = '';
type Customer = Awaited<ReturnType<typeof newCustomer>>;
let huashan: Customer[] = [];
let guanshang: Customer[] = [];
let qujingOne: Customer;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  // a second county of 昆明 with a station of its own: what a 五华 county user must not see
  await db.kysely
    .insertInto('org_units')
    .values([
      unit(GUANDU.county, '官渡区供电公司', 'county', TREE.kunming.city, GUANDU.county),
      unit(GUANDU.station, '关上供电所', 'station', GUANDU.county, GUANDU.county),
    ])
    .execute();
  for (let i = 0; i < 4; i++)
    huashan.push(await newCustomer(db.kysely, { customer_no: `HS${i}`, name: `华山客户${i}` }));
  for (let i = 0; i < 2; i++)
    guanshang.push(
      await newCustomer(db.kysely, {
        customer_no: `GS${i}`,
        name: `关上客户${i}`,
        county_code: GUANDU.county,
        station_code: GUANDU.station,
      }),
    );
  qujingOne = await newCustomer(db.kysely, { customer_no: 'QJ0', name: '曲靖客户', city: 'qujing' });
  app = await buildTestApp(db, {}, clock);
  const city = await newUser(db.kysely, 'city_member', { cityCode: TREE.kunming.city });
  cityUserName = city.display_name;
  const county = await newUser(db.kysely, 'city_member', {
    cityCode: TREE.kunming.city,
    countyCode: TREE.kunming.county,
  });
  const qujing = await newUser(db.kysely, 'city_member', { cityCode: TREE.qujing.city });
  cookies.city = await loginAs(app, city.username, TEST_PASSWORD);
  cookies.county = await loginAs(app, county.username, TEST_PASSWORD);
  cookies.qujing = await loginAs(app, qujing.username, TEST_PASSWORD);
  dir = await mkdtemp(join(tmpdir(), 'qy-ws-stations-'));
});
afterAll(async () => {
  await app.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

async function progress(who: keyof typeof cookies) {
  const res = await app.inject({
    method: 'GET',
    url: '/api/v1/worksheets/stations',
    headers: { cookie: cookies[who] },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { body: res.body, items: res.json().items as StationProgress[] };
}

/** The station's figures as the database holds them: states of the cycle, returned rows of the export. */
async function fromDatabase(station: string, exportId: number) {
  const states = await db.kysely
    .selectFrom('customer_verification')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('station_code', '=', station)
    .groupBy('state')
    .execute();
  const n = (...of: string[]) =>
    states.filter((s) => of.includes(s.state)).reduce((a, s) => a + Number(s.n), 0);
  const uploaded = await db.kysely
    .selectFrom('worksheet_applied_rows as a')
    .innerJoin('customers as c', 'c.id', 'a.customer_id')
    .select('a.customer_id')
    .where('a.export_id', '=', exportId)
    .where('c.station_code', '=', station)
    .execute();
  const byPhone = await db.kysely
    .selectFrom('field_entries')
    .select('customer_id')
    .where('export_id', '=', exportId)
    .where('station_code', '=', station)
    .where('outcome', '=', 'applied')
    .execute();
  return {
    verified: n('confirmed', 'corrected', 'closed', 'not_found'),
    inField: n('in_field'),
    returned: new Set([...uploaded, ...byPhone].map((r) => Number(r.customer_id))).size,
  };
}

const fieldEntry = (customer: Customer, key: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/field/entries',
    headers: { cookie: cookies.city },
    payload: { key, customerId: customer.id, version: customer.version, result: 'confirmed' },
  });

it('shows who holds which file, and the counts move as rows come back by upload and by phone', async () => {
  const before = (await progress('city')).items;
  expect(before.map((s) => s.code)).toEqual([TREE.kunming.station, GUANDU.station]);
  expect(before[0]).toMatchObject({ customers: 4, verified: 0, inField: 0, notStarted: 4, openExports: [] });

  const file = join(dir, 'export.xlsx');
  const { exportId, rows } = await exportTo(
    app,
    cookies.city,
    { stationCodes: [TREE.kunming.station, GUANDU.station], findingsOnly: false },
    file,
  );
  expect(rows).toBe(6);
  const out = (await progress('city')).items;
  const held = { id: String(exportId), userName: cityUserName, createdAt: expect.stringMatching(/Z$/) };
  expect(out[0]).toMatchObject({ inField: 4, notStarted: 0, completionPct: 0 });
  expect(out[0]!.openExports).toEqual([{ ...held, rows: 4, returned: 0 }]);
  expect(out[1]!.openExports).toEqual([{ ...held, rows: 2, returned: 0 }]);

  // two 华山 rows come back in the spreadsheet, a third by phone
  const filled = join(dir, 'filled.xlsx');
  await fillWorkbook(file, filled, {
    HS0: { result: '核实无误' },
    HS1: { result: '已更正', newMobile: '13912345678' },
  });
  const upload = await uploadFile(app, cookies.city, filled);
  expect(upload.statusCode, upload.body).toBe(200);
  const commit = await app.inject({
    method: 'POST',
    url: `/api/v1/worksheets/uploads/${upload.json().upload.id}/commit`,
    headers: { cookie: cookies.city },
  });
  expect(commit.json().applied).toBe(2);
  expect((await fieldEntry(huashan[2]!, 'stations-hs2-0001')).json().outcome).toBe('applied');

  const moved = (await progress('city')).items;
  const hs = moved[0]!;
  expect(hs).toMatchObject({ customers: 4, verified: 3, inField: 1, notStarted: 0, completionPct: 75 });
  expect(hs.openExports).toMatchObject([{ id: String(exportId), rows: 4, returned: 3 }]);
  const db1 = await fromDatabase(TREE.kunming.station, exportId);
  expect({ verified: hs.verified, inField: hs.inField, returned: hs.openExports[0]!.returned }).toEqual(db1);
  // the other station's share of the file is untouched
  expect(moved[1]!.openExports).toMatchObject([{ rows: 2, returned: 0 }]);

  // both 关上 rows back by phone: that station's part of the file is no longer out
  for (const [i, c] of guanshang.entries())
    expect((await fieldEntry(c, `stations-gs${i}-0001`)).json().outcome).toBe('applied');
  const done = (await progress('city')).items[1]!;
  expect(done).toMatchObject({ verified: 2, completionPct: 100, openExports: [] });
  expect(await fromDatabase(GUANDU.station, exportId)).toEqual({ verified: 2, inField: 0, returned: 2 });
});

it('shows a county its own stations only, another city none of these, and no customer at all', async () => {
  const county = await progress('county');
  expect(county.items.map((s) => s.code)).toEqual([TREE.kunming.station]);
  expect(county.items[0]!.openExports).toHaveLength(1);
  expect(county.body).not.toContain(GUANDU.station);
  expect(county.body).not.toContain('关上');

  const qujing = await progress('qujing');
  expect(qujing.items).toEqual([
    expect.objectContaining({ code: TREE.qujing.station, customers: 1, openExports: [] }),
  ]);
  for (const banned of [TREE.kunming.station, GUANDU.station, '华山', '关上', cityUserName])
    expect(qujing.body).not.toContain(banned);

  const city = await progress('city');
  for (const c of [...huashan, ...guanshang, qujingOne])
    for (const banned of [c.customer_no, c.name, c.mobile, c.cert_no])
      expect(city.body).not.toContain(banned);
});
