// Field verification over the HTTP API: a station's list found by 户号, name or address; typed
// values judged by the rules as they are typed; entries that land as a worksheet row does, each
// key applied once however often a phone sends it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testClock } from '../../testing/clock.ts';
import {
  changeCustomer,
  newCustomer,
  newUser,
  seedOrgTree,
  TEST_PASSWORD,
  TREE,
} from '../../testing/factories.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { getActiveCampaign, getStates } from '../verification/service.ts';

const clock = testClock('2026-11-30T02:00:00Z', { ticking: false });
let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let km: string;
let qj: string;
const ids: Record<string, number> = {};

const send = (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const entry = (over: object) => ({ version: 1, result: 'confirmed', corrections: {}, ...over });

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  for (const [key, over] of [
    [
      'wang',
      { customer_no: '0101000001', name: '王小明', address: '云南省昆明市五华区华山街道翠湖社区3组8号' },
    ],
    ['li', { customer_no: '0101000002', name: '李四', address: '云南省昆明市五华区华山街道青云路12号' }],
    ['zhao', { customer_no: '0101000003', name: '赵六' }],
    ['qian', { customer_no: '0101000004', name: '钱七' }],
  ] as const)
    ids[key] = (await newCustomer(db.kysely, over)).id;
  ids.foreign = (await newCustomer(db.kysely, { city: 'qujing', customer_no: '0303000001' })).id;
  app = await buildTestApp(db, {}, clock);
  await newUser(db.kysely, 'city_member', { username: 'km', cityCode: TREE.kunming.city });
  await newUser(db.kysely, 'city_member', { username: 'qj', cityCode: TREE.qujing.city });
  km = await loginAs(app, 'km', TEST_PASSWORD);
  qj = await loginAs(app, 'qj', TEST_PASSWORD);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

it('lists a station and finds a customer by 户号, name or address, only in the caller’s region', async () => {
  const stations = (await send(km, 'GET', '/api/v1/field/stations')).json();
  expect(stations.items.map((s: { code: string }) => s.code)).toEqual([TREE.kunming.station]);
  const find = async (cookie: string, q: string) =>
    (
      await send(
        cookie,
        'GET',
        `/api/v1/field/customers?station=${TREE.kunming.station}&q=${encodeURIComponent(q)}`,
      )
    ).json();
  expect((await find(km, '')).total).toBe(4);
  expect((await find(km, '0101000002')).items.map((c: { name: string }) => c.name)).toEqual(['李四']);
  expect((await find(km, '小明')).items.map((c: { name: string }) => c.name)).toEqual(['王小明']);
  expect((await find(km, '青云路')).items.map((c: { name: string }) => c.name)).toEqual(['李四']);
  expect((await find(km, '%')).total).toBe(0);
  expect((await find(qj, '')).total).toBe(0);
});

it('judges typed values without writing: canonical form, errors in both languages, unchanged', async () => {
  const res = await send(km, 'POST', '/api/v1/field/check', {
    customerId: ids.wang,
    fields: { mobile: '139 5871 2643', landline: '0871-65123456', certNo: '123' },
  });
  expect(res.statusCode).toBe(200);
  const body = res.json();
  expect(body.values).toContainEqual({ field: 'mobile', value: '13958712643' });
  expect(body.unchanged).toEqual(['landline']);
  expect(body.errors.map((e: { field: string }) => e.field)).toEqual(['certNo']);
  expect(body.errors[0].zh).toMatch(/[\u4e00-\u9fff]/);
  expect(body.errors[0].en).toMatch(/[a-z]/);
  expect(
    (await send(qj, 'POST', '/api/v1/field/check', { customerId: ids.wang, fields: {} })).statusCode,
  ).toBe(404);
});

it('applies a correction as a worksheet row, once per key however often it arrives', async () => {
  const body = entry({
    key: 'phone-entry-0001',
    customerId: ids.wang,
    result: 'corrected',
    corrections: { mobile: '139 5871 2643' },
  });
  const first = await send(km, 'POST', '/api/v1/field/entries', body);
  expect(first.statusCode).toBe(200);
  expect(first.json()).toMatchObject({ outcome: 'applied', corrected: ['mobile'], isReplay: false });
  const again = await send(km, 'POST', '/api/v1/field/entries', body);
  expect(again.json()).toMatchObject({
    id: first.json().id,
    outcome: 'applied',
    corrected: ['mobile'],
    isReplay: true,
  });
  const changes = await db.kysely
    .selectFrom('customer_changes')
    .selectAll()
    .where('customer_id', '=', ids.wang!)
    .execute();
  expect(changes).toHaveLength(1);
  expect(changes[0]).toMatchObject({
    field: 'mobile',
    new_value: '13958712643',
    source: 'worksheet',
    batch_id: `field:${first.json().id}`,
  });
  const campaign = await getActiveCampaign(db.kysely);
  const states = await getStates(db, campaign!.id, [ids.wang!]);
  expect(states.get(ids.wang!)?.state).toBe('corrected');
  expect(
    await db.kysely
      .selectFrom('field_entries')
      .select('id')
      .where('entry_key', '=', 'phone-entry-0001')
      .execute(),
  ).toHaveLength(1);
  // the key is the phone's: another customer under it is refused
  const reused = await send(km, 'POST', '/api/v1/field/entries', { ...body, customerId: ids.li });
  expect(reused.statusCode).toBe(409);
});

it('refuses values the rules reject, storing nothing, so the same key can be sent again fixed', async () => {
  const bad = entry({
    key: 'phone-entry-0002',
    customerId: ids.li,
    result: 'corrected',
    corrections: { certNo: '123' },
  });
  const res = await send(km, 'POST', '/api/v1/field/entries', bad);
  expect(res.statusCode).toBe(400);
  expect(res.json().error.message).toContain('更正值未通过校验');
  const noValues = await send(km, 'POST', '/api/v1/field/entries', { ...bad, corrections: {} });
  expect(noValues.statusCode).toBe(400);
  const mixed = await send(km, 'POST', '/api/v1/field/entries', { ...bad, result: 'confirmed' });
  expect(mixed.statusCode).toBe(400);
  const fixed = await send(km, 'POST', '/api/v1/field/entries', {
    ...bad,
    corrections: { certNo: '530102199001011231' },
  });
  expect(fixed.json()).toMatchObject({ outcome: 'applied', corrected: ['certNo'] });
});

it('a customer changed since the phone read it is a conflict, kept and not applied', async () => {
  await changeCustomer(db.kysely, ids.zhao!, { name: '赵六六' });
  const res = await send(
    km,
    'POST',
    '/api/v1/field/entries',
    entry({
      key: 'phone-entry-0003',
      customerId: ids.zhao,
      result: 'corrected',
      corrections: { name: '赵陆' },
    }),
  );
  expect(res.json()).toMatchObject({ outcome: 'conflict', corrected: [] });
  const row = await db.kysely
    .selectFrom('customers')
    .select('name')
    .where('id', '=', ids.zhao!)
    .executeTakeFirstOrThrow();
  expect(row.name).toBe('赵六六');
});

it('已销户 closes the customer; entries of other regions are not found; the day’s count is the caller’s', async () => {
  const res = await send(
    km,
    'POST',
    '/api/v1/field/entries',
    entry({ key: 'phone-entry-0004', customerId: ids.qian, result: 'closed' }),
  );
  expect(res.json().outcome).toBe('applied');
  const row = await db.kysely
    .selectFrom('customers')
    .select('status')
    .where('id', '=', ids.qian!)
    .executeTakeFirstOrThrow();
  expect(row.status).toBe('closed');
  const foreign = await send(
    km,
    'POST',
    '/api/v1/field/entries',
    entry({ key: 'phone-entry-0005', customerId: ids.foreign }),
  );
  expect(foreign.statusCode).toBe(404);
  const mine = (await send(km, 'GET', '/api/v1/field/entries')).json();
  expect(mine.today).toBe(4);
  expect(mine.items.map((e: { key: string }) => e.key)).toContain('phone-entry-0003');
  expect((await send(qj, 'GET', '/api/v1/field/entries')).json()).toEqual({ items: [], today: 0 });
});
