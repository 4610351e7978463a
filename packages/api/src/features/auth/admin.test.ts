// Users and API tokens administered in the app: an admin creates a user, who sets a password at
// first login with the one-time code (the password rules apply); reset, disable and role changes
// take effect at once; a user changes their own password; tokens carry a channel, a city and an
// expiry, and a revoked token is refused on its next call. Every action is in the access log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../testing/clock.ts';
import { newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { passwordProblem } from './password-policy.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let admin: string;
const clock = testClock();

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db, {}, clock);
  await newUser(db.kysely, 'admin', { username: 'boss' });
  admin = await loginAs(app, 'boss', TEST_PASSWORD);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const as = (cookie: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
const setup = (username: string, code: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/setup-password', payload: { username, code, password } });
const login = (username: string, password: string) =>
  app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
const actions = async () =>
  (
    await db.kysely.selectFrom('access_log').select(['action', 'username', 'note']).orderBy('id').execute()
  ).map((r) => `${r.action} ${r.username}: ${r.note}`);

describe('users', () => {
  it('creates a user who sets their own password at first login with the one-time code', async () => {
    const created = await as(admin, 'POST', '/api/v1/admin/users', {
      username: 'liwei',
      displayName: '李伟',
      role: 'city_member',
      cityCode: TREE.kunming.city,
    });
    expect(created.statusCode, created.body).toBe(200);
    const { setupCode, user } = created.json();
    expect(setupCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(user).toMatchObject({ username: 'liwei', hasPassword: false, scopeName: '昆明供电公司' });
    // nothing to log in with yet; a wrong code is refused
    expect((await login('liwei', '')).statusCode).toBe(400);
    expect((await setup('liwei', 'AAAAA-AAAAA', 'a-good-passphrase')).statusCode).toBe(401);
    // the rules, in both languages
    for (const [password, rule] of [
      ['short', 'too_short'],
      ['liwei-2026-x', 'contains_username'],
      ['woaini1314', 'common'],
    ]) {
      const res = await setup('liwei', setupCode, password!);
      expect(res.statusCode, password).toBe(400);
      expect(res.json().error.details, password).toMatchObject({ rule });
    }
    // typed in lower case without the dash: still the code
    const ok = await setup('liwei', setupCode.replace('-', '').toLowerCase(), 'hills-and-rivers-9');
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().user).toMatchObject({ username: 'liwei', role: 'city_member' });
    const cookie = `qy_session=${ok.cookies.find((c) => c.name === 'qy_session')!.value}`;
    expect((await as(cookie, 'GET', '/api/v1/auth/me')).statusCode).toBe(200);
    // used once
    expect((await setup('liwei', setupCode, 'hills-and-rivers-10')).statusCode).toBe(401);
    expect((await login('liwei', 'hills-and-rivers-9')).statusCode).toBe(200);
  });

  it('changes role and region, disables and resets, effective at once', async () => {
    const list = (await as(admin, 'GET', '/api/v1/admin/users')).json().items;
    const liwei = list.find((u: { username: string }) => u.username === 'liwei');
    const session = await loginAs(app, 'liwei', 'hills-and-rivers-9');
    const moved = await as(admin, 'PUT', `/api/v1/admin/users/${liwei.id}`, {
      displayName: '李伟',
      role: 'city_member',
      cityCode: TREE.qujing.city,
      isActive: true,
    });
    expect(moved.json()).toMatchObject({ cityCode: TREE.qujing.city, scopeName: '曲靖供电公司' });
    expect((await as(session, 'GET', '/api/v1/auth/me')).statusCode).toBe(401); // sessions ended
    const again = await loginAs(app, 'liwei', 'hills-and-rivers-9');
    await as(admin, 'PUT', `/api/v1/admin/users/${liwei.id}`, {
      displayName: '李伟',
      role: 'city_member',
      cityCode: TREE.qujing.city,
      isActive: false,
    });
    expect((await as(again, 'GET', '/api/v1/auth/me')).statusCode).toBe(401);
    expect((await login('liwei', 'hills-and-rivers-9')).statusCode).toBe(401);
    await as(admin, 'PUT', `/api/v1/admin/users/${liwei.id}`, {
      displayName: '李伟',
      role: 'city_member',
      cityCode: TREE.qujing.city,
      isActive: true,
    });
    const reset = await as(admin, 'POST', `/api/v1/admin/users/${liwei.id}/reset`);
    expect(reset.json().user).toMatchObject({ hasPassword: false });
    expect((await login('liwei', 'hills-and-rivers-9')).statusCode).toBe(401);
    expect((await setup('liwei', reset.json().setupCode, 'new-hills-rivers-7')).statusCode).toBe(200);
    // an admin cannot lock themselves out
    const me = list.find((u: { username: string }) => u.username === 'boss');
    const self = await as(admin, 'PUT', `/api/v1/admin/users/${me.id}`, {
      displayName: 'boss',
      role: 'admin',
      isActive: false,
    });
    expect(self.statusCode).toBe(400);
    // a city team member needs a city of the tree
    const bad = await as(admin, 'POST', '/api/v1/admin/users', { username: 'x1', role: 'city_member' });
    expect(bad.statusCode).toBe(400);
  });

  it('lets a user change their own password, under the same rules', async () => {
    const cookie = await loginAs(app, 'liwei', 'new-hills-rivers-7');
    const change = (currentPassword: string, newPassword: string) =>
      as(cookie, 'POST', '/api/v1/auth/password', { currentPassword, newPassword });
    expect((await change('wrong', 'another-long-one-1')).statusCode).toBe(400);
    expect((await change('new-hills-rivers-7', 'qingyuan2026')).statusCode).toBe(400);
    expect((await change('new-hills-rivers-7', 'another-long-one-1')).statusCode).toBe(204);
    expect((await login('liwei', 'another-long-one-1')).statusCode).toBe(200);
    expect((await as(cookie, 'GET', '/api/v1/auth/me')).statusCode).toBe(200); // this session stays
  });

  it('records every action in the access log', async () => {
    const log = await actions();
    for (const action of [
      'user_create boss',
      'password_set liwei',
      'user_update boss',
      'user_reset boss',
      'password_change liwei',
    ])
      expect(
        log.some((l) => l.startsWith(action)),
        action,
      ).toBe(true);
    expect(log.find((l) => l.startsWith('user_update'))).toContain(
      `region ${TREE.kunming.city} → ${TREE.qujing.city}`,
    );
  });
});

describe('API tokens', () => {
  const good = { name: '李建国', customerType: 'residential', stationCode: TREE.kunming.station };
  const gate = (token: string, payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/validate',
      headers: { authorization: `Bearer ${token}` },
      payload,
    });

  it('creates (secret once), lists, holds a city token to its stations, and revokes at once', async () => {
    const created = await as(admin, 'POST', '/api/v1/admin/tokens', {
      name: '昆明营销系统',
      channel: 'marketing',
      cityCode: TREE.kunming.city,
      expiresOn: '2027-06-30',
    });
    expect(created.statusCode, created.body).toBe(200);
    const { token, item } = created.json();
    expect(item).toMatchObject({ channel: 'marketing', cityName: '昆明供电公司', state: 'active' });
    expect((await as(admin, 'GET', '/api/v1/admin/tokens')).body).not.toContain(token);

    expect((await gate(token, good)).statusCode).toBe(200);
    const foreign = await gate(token, { ...good, stationCode: TREE.qujing.station });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().error.message).toContain(TREE.qujing.station);

    const revoked = await as(admin, 'POST', `/api/v1/admin/tokens/${item.id}/revoke`);
    expect(revoked.json()).toMatchObject({ state: 'revoked' });
    expect((await gate(token, good)).statusCode).toBe(401);
    const log = await actions();
    expect(log.some((l) => l.startsWith('token_create boss: 昆明营销系统'))).toBe(true);
    expect(log.some((l) => l.startsWith('token_revoke boss: 昆明营销系统'))).toBe(true);
  });

  it('counts calls under the token channel, whatever the body says, and stops at expiry', async () => {
    const { token } = (
      await as(admin, 'POST', '/api/v1/admin/tokens', {
        name: '95598',
        channel: 'call-centre',
        expiresOn: '2026-12-31',
      })
    ).json();
    expect((await gate(token, { ...good, channel: 'somebody-else' })).statusCode).toBe(200);
    clock.set('2027-01-01T00:00:00+08:00');
    expect((await gate(token, good)).statusCode).toBe(401);
    await app.close(); // flushes the entry gate's counters
    const counts = await db.kysely.selectFrom('entry_gate_counts').select(['channel', 'records']).execute();
    expect(counts.map((c) => c.channel)).toContain('call-centre');
    expect(counts.map((c) => c.channel)).not.toContain('somebody-else');
  });
});

it('knows the password rules', () => {
  expect(passwordProblem('abc', 'u')).toBe('too_short');
  expect(passwordProblem('Woaini1314', 'u')).toBe('common');
  expect(passwordProblem('zhangsan-123', 'ZhangSan')).toBe('contains_username');
  expect(passwordProblem('hills-and-rivers', 'zhangsan')).toBeUndefined();
});
