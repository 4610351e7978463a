import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import {
  changeCustomer,
  newCustomer,
  newUser,
  seedOrgTree,
  TEST_PASSWORD,
  TREE,
} from '../../testing/factories.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db);
  for (const [key, role, cityCode] of [
    ['kunming', 'city_member', TREE.kunming.city],
    ['qujing', 'city_member', TREE.qujing.city],
    ['coordinator', 'coordinator', undefined],
    ['agent', 'agent', undefined],
  ] as const) {
    const u = await newUser(db.kysely, role, { cityCode });
    cookies[key] = await loginAs(app, u.username, TEST_PASSWORD);
  }
  await newCustomer(db.kysely, {
    name: '李明',
    mobile: '13812345678',
    cert_no: '530102199001011234',
    city: 'kunming',
  });
  await newCustomer(db.kysely, { name: '李华', mobile: '13987654321', city: 'kunming' });
  await newCustomer(db.kysely, { name: '王芳', mobile: '13700001111', city: 'qujing' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const get = (url: string, who: string) =>
  app.inject({ method: 'GET', url, headers: { cookie: cookies[who]! } });

describe('customer list', () => {
  it('shows a city user only their own city', async () => {
    const res = await get('/api/v1/customers', 'kunming');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(2);
    expect(body.items.map((c: { cityName: string }) => c.cityName)).toEqual(['昆明供电公司', '昆明供电公司']);
  });

  it('shows the coordinator the province, with phone and ID masked', async () => {
    const body = (await get('/api/v1/customers?pageSize=10', 'coordinator')).json();
    expect(body.total).toBe(3);
    const li = body.items.find((c: { name: string }) => c.name === '李明');
    expect(li.mobile).toBe('138****5678');
    expect(li.certNo).toBe('5301**********1234');
  });

  // issue 18, finding 4: an agent paged through the province with full mobiles
  it('shows a call agent masked numbers: full phones only for the customer it holds (calls.test.ts)', async () => {
    const li = (await get('/api/v1/customers?q=李明', 'agent')).json().items[0];
    expect(li.mobile).toBe('138****5678');
    expect(li.certNo).toBe('5301**********1234');
  });

  it('searches by name prefix, phone and customer number, within scope', async () => {
    expect((await get('/api/v1/customers?q=李', 'kunming')).json().total).toBe(2);
    expect((await get('/api/v1/customers?q=13987654321', 'kunming')).json().items[0].name).toBe('李华');
    expect((await get(`/api/v1/customers?q=${encodeURIComponent('王芳')}`, 'kunming')).json().total).toBe(0);
    expect((await get('/api/v1/customers?q=13700001111', 'qujing')).json().total).toBe(1);
    // LIKE wildcards in the query are literal
    expect((await get('/api/v1/customers?q=%25', 'coordinator')).json().total).toBe(0);
  });

  // issue 18, finding 3: exact phone search let a masked role recover 138****5678 in 10⁴ tries
  it('matches phone numbers only for roles that see them in full', async () => {
    expect((await get('/api/v1/customers?q=13812345678', 'kunming')).json().total).toBe(1);
    for (const who of ['coordinator', 'agent'])
      expect((await get('/api/v1/customers?q=13812345678', who)).json().total, who).toBe(0);
  });

  it('limits searches per user a minute, with a 429 in Chinese and English', async () => {
    const limitedApp = await buildTestApp(db, { SEARCH_RATE_PER_MINUTE: '3' });
    try {
      const u = await newUser(db.kysely, 'coordinator');
      const other = await newUser(db.kysely, 'coordinator');
      const cookie = await loginAs(limitedApp, u.username, TEST_PASSWORD);
      const search = (c: string) =>
        limitedApp.inject({ method: 'GET', url: '/api/v1/customers?q=李', headers: { cookie: c } });
      for (let i = 0; i < 3; i++) expect((await search(cookie)).statusCode).toBe(200);
      const refused = await search(cookie);
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('too_many_requests');
      expect(refused.json().error.message).toMatch(/请求过于频繁.*Too many requests/);
      // per user, not per address: another user from the same address still searches
      const otherCookie = await loginAs(limitedApp, other.username, TEST_PASSWORD);
      expect((await search(otherCookie)).statusCode).toBe(200);
    } finally {
      await limitedApp.close();
    }
  });

  it('pages', async () => {
    const p2 = (await get('/api/v1/customers?pageSize=2&page=2', 'coordinator')).json();
    expect(p2).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(p2.items).toHaveLength(1);
    expect((await get('/api/v1/customers?pageSize=1000', 'coordinator')).statusCode).toBe(400);
  });
});

describe('customer detail', () => {
  it('returns the customer with its change history, and 404 outside the caller’s city', async () => {
    const c = await newCustomer(db.kysely, { name: '周杰', city: 'qujing' });
    await changeCustomer(db.kysely, c.id, { mobile: '13600000000' });
    const mine = await get(`/api/v1/customers/${c.id}`, 'qujing');
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      name: '周杰',
      version: 2,
      changes: [{ field: 'mobile', oldValue: c.mobile, newValue: '13600000000', source: 'manual' }],
    });
    const theirs = await get(`/api/v1/customers/${c.id}`, 'kunming');
    expect(theirs.statusCode).toBe(404);
    expect(theirs.json().error.code).toBe('not_found');
    const masked = (await get(`/api/v1/customers/${c.id}`, 'coordinator')).json();
    expect(masked.changes[0].newValue).toBe('136****0000');
  });
});
