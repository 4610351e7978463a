// DEMO_PROVINCE=44: the demo seeds Guangdong instead of Yunnan — its org tree, customers, the
// demo users' city teams and the simulated campaign all follow the province.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { login } from '../features/auth/service.ts';
import { TEST_EPOCH } from '../testing/clock.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { DEMO_PASSWORD, demoUsers, seedDemo } from './seed.ts';

let db: TestDb;

beforeAll(async () => {
  db = await createTestDb();
  const config = loadConfig({ DEMO_PROVINCE: '44' });
  await seedDemo(db, {
    customers: 1_500,
    seed: 7,
    province: config.DEMO_PROVINCE,
    now: TEST_EPOCH,
    withCampaign: true,
  });
}, 300_000);
afterAll(async () => {
  await db.close();
});

it('reads DEMO_PROVINCE, 53 by default, and refuses a code that is no province', () => {
  expect(loadConfig({}).DEMO_PROVINCE).toBe('53');
  expect(() => loadConfig({ DEMO_PROVINCE: '99' })).toThrow(/DEMO_PROVINCE/);
});

it('seeds a Guangdong org tree: 广东省电力公司 over its 21 prefectures', async () => {
  const units = await db.kysely.selectFrom('org_units').select(['code', 'name', 'level']).execute();
  expect(units.filter((u) => u.level === 'province')).toEqual([
    { code: '44', name: '广东省电力公司', level: 'province' },
  ]);
  expect(units.every((u) => u.code.startsWith('44'))).toBe(true);
  const cities = units.filter((u) => u.level === 'city');
  expect(cities).toHaveLength(21);
  expect(cities.map((c) => c.name)).toContain('广州供电公司');
  expect(cities.map((c) => c.name)).toContain('深圳供电公司');
});

it('loads Guangdong customers, with Guangdong addresses and none of Yunnan', async () => {
  const customers = await db.kysely.selectFrom('customers').select(['city_code', 'address']).execute();
  expect(customers.length).toBeGreaterThan(1_400);
  expect(customers.every((c) => c.city_code?.startsWith('44'))).toBe(true);
  expect(customers.some((c) => c.address?.startsWith('广东省'))).toBe(true);
  expect(customers.some((c) => c.address?.includes('云南'))).toBe(false);
});

it('gives the demo city teams Guangdong cities, and plays the campaign over them', async () => {
  const users = demoUsers('44');
  expect(users.filter((u) => u.role === 'city_member').map((u) => [u.username, u.cityCode])).toEqual([
    ['city1', '4401'],
    ['city2', '4402'],
  ]);
  const { principal } = await login(db.kysely, 'city1', DEMO_PASSWORD, 1, TEST_EPOCH);
  expect(principal.region.cityCode).toBe('4401');
  await expect(login(db.kysely, 'kunming', DEMO_PASSWORD, 1, TEST_EPOCH)).rejects.toThrow();
  const snapshots = await db.kysely.selectFrom('progress_snapshots').select('unit_code').execute();
  expect(snapshots.length).toBeGreaterThan(0);
  expect(snapshots.every((s) => s.unit_code.startsWith('44'))).toBe(true);
});
