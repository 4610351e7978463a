import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { createApiToken } from './service.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { TEST_EPOCH, testClock } from '../../testing/clock.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('passwords', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('秘密-secret');
    expect(hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword('秘密-secret', hash)).toBe(true);
    expect(await verifyPassword('secret', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });
});

describe('login and sessions', () => {
  it('logs in with an httpOnly cookie and answers /me with the scope', async () => {
    const user = await newUser(db.kysely, 'city_member', { cityCode: TREE.kunming.city });
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'qy_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const me = await app.inject({
      method: 'GET',
      url: '/api/v1/auth/me',
      headers: { cookie: `qy_session=${cookie.value}` },
    });
    expect(me.json().user).toMatchObject({
      username: user.username,
      role: 'city_member',
      cityCode: '5301',
      scopeName: '昆明供电公司',
    });
  });

  it('refuses a wrong password and an unknown user alike, in Chinese and English', async () => {
    const user = await newUser(db.kysely, 'coordinator');
    for (const payload of [
      { username: user.username, password: 'wrong' },
      { username: 'nobody', password: 'wrong' },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('invalid_credentials');
      expect(res.json().error.message).toContain('用户名或密码错误');
      expect(res.cookies).toHaveLength(0);
    }
  });

  it('rejects an invalid body with the issues listed', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: '' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
    expect(res.json().error.details.length).toBeGreaterThan(0);
  });

  it('ends the session on logout', async () => {
    const user = await newUser(db.kysely, 'manager');
    const cookie = await loginAs(app, user.username, TEST_PASSWORD);
    expect(
      (await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } })).statusCode,
    ).toBe(200);
    expect(
      (await app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(204);
    const after = await app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('unauthenticated');
  });

  it('refuses requests without a session and with a forged one', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/v1/customers' })).statusCode).toBe(401);
    const forged = await app.inject({
      method: 'GET',
      url: '/api/v1/customers',
      headers: { cookie: 'qy_session=forged' },
    });
    expect(forged.statusCode).toBe(401);
  });

  it('does not let an inactive user in', async () => {
    const user = await newUser(db.kysely, 'agent');
    await db.kysely.updateTable('users').set({ is_active: false }).where('id', '=', user.id).execute();
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password: TEST_PASSWORD },
    });
    expect(res.statusCode).toBe(401);
  });
});

describe('API tokens', () => {
  it('authenticates an integration by bearer token, stored only as a hash', async () => {
    const { token } = await createApiToken(db.kysely, 'marketing-system', null, null, TEST_EPOCH);
    const stored = await db.kysely.selectFrom('api_tokens').select('token_hash').execute();
    expect(stored.map((r) => r.token_hash)).not.toContain(token);
    // integrations may not read the customer list (they call the entry gate), so 403, not 401
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/customers',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(403);
    const bad = await app.inject({
      method: 'GET',
      url: '/api/v1/customers',
      headers: { authorization: 'Bearer qy_nope' },
    });
    expect(bad.statusCode).toBe(401);
  });
});

describe('health and docs', () => {
  it('answers /healthz and serves the OpenAPI document', async () => {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.json()).toEqual({ ok: true, database: db.kind });
    const docs = await app.inject({ method: 'GET', url: '/docs/json' });
    expect(docs.statusCode).toBe(200);
    expect(Object.keys(docs.json().paths)).toContain('/api/v1/customers/');
  });
});

// issue 18, finding 8: the login limit was per address only; no account was ever locked
describe('per-account lockout', () => {
  it('locks an account after repeated failures, longer each time, and unlocks on time', async () => {
    const clock = testClock(TEST_EPOCH, { ticking: false });
    const locking = await buildTestApp(db, { LOGIN_LOCKOUT_AFTER: '3', LOGIN_LOCKOUT_SECONDS: '60' }, clock);
    try {
      const user = await newUser(db.kysely, 'coordinator');
      // each attempt from another address: the per-address limit cannot help here
      const attempt = (password: string, i = 0) =>
        locking.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          remoteAddress: `10.0.0.${i + 1}`,
          payload: { username: user.username, password },
        });
      for (let i = 0; i < 3; i++) expect((await attempt('wrong', i)).statusCode).toBe(401);
      const refused = await attempt(TEST_PASSWORD, 9); // even the right password, while locked
      expect(refused.statusCode).toBe(429);
      expect(refused.json().error.code).toBe('too_many_requests');
      expect(refused.json().error.message).toMatch(/锁定.*locked/);
      clock.advance(61_000);
      expect((await attempt('wrong')).statusCode).toBe(401); // the 4th failure: locked for 120 s
      clock.advance(61_000);
      expect((await attempt(TEST_PASSWORD)).statusCode).toBe(429);
      clock.advance(60_000);
      expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
      // a success starts the count again
      for (let i = 0; i < 2; i++) expect((await attempt('wrong', i)).statusCode).toBe(401);
      expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
    } finally {
      await locking.close();
    }
  });
});
