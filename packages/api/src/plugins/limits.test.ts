// Per-user download limit (plugins/limits.ts): one allowance across every download route.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { newUser, seedOrgTree, TEST_PASSWORD } from '../testing/factories.ts';
import { buildTestApp, loginAs } from '../testing/test-app.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db, { DOWNLOAD_RATE_PER_MINUTE: '2' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

it('counts every export and download route of a user against one allowance', async () => {
  const u = await newUser(db.kysely, 'coordinator');
  const cookie = await loginAs(app, u.username, TEST_PASSWORD);
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie } });
  // answered or not (nothing to export yet), each counts
  expect((await get('/api/v1/reports/export.xlsx?kind=week')).statusCode).not.toBe(429);
  expect((await get('/api/v1/loads/1/errors.csv')).statusCode).toBe(404);
  const third = await get('/api/v1/validation/runs/1/findings.csv');
  expect(third.statusCode).toBe(429);
  expect(third.json().error).toMatchObject({ code: 'too_many_requests' });
  expect(third.json().error.message).toMatch(/请求过于频繁.*Too many requests/);
  // the search allowance is another one
  expect((await get('/api/v1/customers')).statusCode).toBe(200);
});
