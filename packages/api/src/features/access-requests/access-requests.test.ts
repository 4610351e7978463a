// Approval for full numbers (审批) under UNMASKED_ACCESS=approval: a city member sees numbers
// masked until an approver grants its request; the grant runs out by the injected clock; a
// refusal carries its reason; requests and decisions reach the inbox and the access log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../testing/clock.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
const clock = testClock();
let member: string;
let admin: string;
let approver: string;
let customerId: number;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db, { UNMASKED_ACCESS: 'approval' }, clock);
  customerId = (await newCustomer(db.kysely, { mobile: '13911113333' })).id;
  const login = async (role: 'admin' | 'city_member' | 'manager', username: string, city?: string) =>
    loginAs(app, (await newUser(db.kysely, role, { username, cityCode: city })).username, TEST_PASSWORD);
  member = await login('city_member', 'r-member', TREE.kunming.city);
  admin = await login('admin', 'r-admin');
  approver = await login('manager', 'r-approver');
  const put = await send(admin, 'PUT', '/api/v1/access/approvers', {
    cityCode: TREE.kunming.city,
    usernames: ['r-approver'],
  });
  expect(put.statusCode).toBe(200);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

function send(cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) {
  return app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
}
const mobile = async () => (await send(member, 'GET', `/api/v1/customers/${customerId}`)).json().mobile;
const ask = (hours = 8) =>
  send(member, 'POST', '/api/v1/access/requests', {
    scope: { kind: 'unit', unitCode: TREE.kunming.city },
    reason: '上门核实需要完整号码',
    hours,
  });
const inbox = async (cookie: string) => (await send(cookie, 'GET', '/api/v1/access/notifications')).json();

describe('approval for full numbers', () => {
  it('masks a city member without a grant, and says it may ask', async () => {
    expect(await mobile()).toBe('139****3333');
    expect((await send(member, 'GET', '/api/v1/auth/me')).json().user.canRequestUnmasked).toBe(true);
    expect((await send(admin, 'GET', '/api/v1/auth/me')).json().user.canRequestUnmasked).toBe(false);
  });

  it('grants for a time limit: full numbers until it runs out, by the clock', async () => {
    const asked = await ask();
    expect(asked.statusCode).toBe(200);
    const id = asked.json().request.id;
    expect(asked.json().request).toMatchObject({ status: 'pending', canDecide: false });
    // the city's approver is told, and may decide; the requester may not decide its own
    expect((await inbox(approver)).unread).toBe(1);
    expect((await send(member, 'POST', `/api/v1/access/requests/${id}/grant`, { hours: 2 })).statusCode).toBe(
      403,
    );
    const granted = await send(approver, 'POST', `/api/v1/access/requests/${id}/grant`, { hours: 2 });
    expect(granted.json().request).toMatchObject({ status: 'granted', decidedBy: 'r-approver' });
    expect(await mobile()).toBe('13911113333');
    expect((await inbox(member)).items[0]).toMatchObject({ kind: 'access_granted', actor: 'r-approver' });
    // deciding twice is refused
    expect(
      (await send(admin, 'POST', `/api/v1/access/requests/${id}/refuse`, { reason: '迟了' })).statusCode,
    ).toBe(409);
    clock.advance(2 * 3600_000 + 1000);
    expect(await mobile()).toBe('139****3333');
    const list = (await send(member, 'GET', '/api/v1/access/requests')).json().items;
    expect(list[0]).toMatchObject({ id, status: 'expired' });
  });

  it('refuses with a reason, and the numbers stay masked', async () => {
    const id = (await ask()).json().request.id;
    const refused = await send(admin, 'POST', `/api/v1/access/requests/${id}/refuse`, { reason: '范围过大' });
    expect(refused.json().request).toMatchObject({ status: 'refused', decisionNote: '范围过大' });
    expect(await mobile()).toBe('139****3333');
    expect((await inbox(member)).items[0]).toMatchObject({ kind: 'access_refused' });
  });

  it('puts requests, decisions and the views they allowed on the access log', async () => {
    const rows = await db.kysely
      .selectFrom('access_log')
      .select(['action', 'username', 'note'])
      .where('action', 'in', ['access_request', 'access_grant', 'access_refuse', 'view'])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => `${r.action} ${r.username}`)).toEqual([
      'access_request r-member',
      'access_grant r-approver',
      'view r-member',
      'access_request r-member',
      'access_refuse r-admin',
    ]);
    expect(rows[0]!.note).toBe('上门核实需要完整号码');
  });

  it('lets no one approve outside their cities, and marks the inbox read', async () => {
    const other = await loginAs(
      app,
      (await newUser(db.kysely, 'manager', { username: 'r-other' })).username,
      TEST_PASSWORD,
    );
    const id = (await ask()).json().request.id;
    expect((await send(other, 'POST', `/api/v1/access/requests/${id}/grant`, { hours: 1 })).statusCode).toBe(
      404,
    );
    expect((await send(approver, 'POST', '/api/v1/access/notifications/read', {})).statusCode).toBe(204);
    expect((await inbox(approver)).unread).toBe(0);
  });
});
