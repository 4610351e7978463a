// Cross-site requests and security headers (plugins/security.ts), issue 18 finding 7 and part of 8.
import { defaultRuleSet } from '@qingyuan/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { newUser, seedOrgTree, TEST_PASSWORD } from '../testing/factories.ts';
import { buildTestApp, loginAs } from '../testing/test-app.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let cookie: string;
const HOST = 'qingyuan.example:3000';

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db);
  const u = await newUser(db.kysely, 'coordinator');
  cookie = await loginAs(app, u.username, TEST_PASSWORD);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const isActive = async (version: number) =>
  (
    await db.kysely
      .selectFrom('rule_sets')
      .select('is_active')
      .where('version', '=', version)
      .executeTakeFirstOrThrow()
  ).is_active;

describe('cross-site requests', () => {
  let version: number;
  beforeAll(async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/rule-sets',
      headers: { cookie, host: HOST, origin: `http://${HOST}` },
      payload: { document: defaultRuleSet, note: 'candidate' },
    });
    expect(res.statusCode, res.body).toBe(200);
    version = res.json().version;
  });
  const activate = (headers: Record<string, string>, payload?: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/rule-sets/${version}/activate`,
      headers: { cookie, host: HOST, ...headers },
      ...(payload === undefined ? {} : { payload }),
    });

  it('refuses a text/plain POST from another site, and the rule set stays inactive', async () => {
    const res = await activate({ origin: 'https://evil.example', 'content-type': 'text/plain' }, 'x');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('Cross-site');
    expect(await isActive(version)).toBe(false);
  });

  it('refuses another site by its Referer when there is no Origin, and a sandboxed "null" origin', async () => {
    expect((await activate({ referer: 'https://evil.example/page' })).statusCode).toBe(403);
    expect((await activate({ origin: 'null' })).statusCode).toBe(403);
    expect(await isActive(version)).toBe(false);
  });

  it('accepts only JSON or multipart bodies, even from the app itself', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await activate({ origin: `http://${HOST}`, 'content-type': type }, 'a=1');
      expect(res.statusCode, type).toBe(415);
      expect(res.json().error.code).toBe('unsupported_media_type');
    }
    expect(await isActive(version)).toBe(false);
  });

  it('lets the app itself, and clients that send no Origin (CLI, integrations), act', async () => {
    expect((await activate({ origin: `http://${HOST}` })).statusCode).toBe(200);
    expect(await isActive(version)).toBe(true);
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/rule-sets/1/activate',
      headers: { cookie, 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(again.statusCode).toBe(200);
  });

  it('leaves Twilio’s signed form posts to their signature check', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/sms/twilio/inbound',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      payload: 'MessageSid=SM1&Body=1',
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toContain('Twilio');
  });
});

describe('security headers', () => {
  it('sends a CSP that forbids framing, nosniff, and no-store on API answers', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/v1/customers', headers: { cookie } });
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    const file = await app.inject({
      method: 'GET',
      url: '/api/v1/validation/runs/1/findings.csv',
      headers: { cookie },
    });
    expect(file.headers['cache-control']).toBe('no-store');
    // the pages get helmet's whole set: scripts from our own origin only
    const page = await app.inject({ method: 'GET', url: '/' });
    const pageCsp = String(page.headers['content-security-policy']);
    expect(pageCsp).toContain("script-src 'self'");
    expect(pageCsp).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
  });

  it('sends HSTS when cookies are Secure (behind HTTPS)', async () => {
    const secure = await buildTestApp(db, { COOKIE_SECURE: 'true' });
    try {
      const res = await secure.inject({ method: 'GET', url: '/healthz' });
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      const api = await secure.inject({ method: 'GET', url: '/api/v1/auth/me' });
      expect(api.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await secure.close();
    }
  });
});

describe('configuration defaults for production', () => {
  it('turns Secure cookies on whenever DATABASE_URL is set, and keeps demo data off there', () => {
    const prod = loadConfig({ DATABASE_URL: 'postgres://app@db/qingyuan' });
    expect(prod.COOKIE_SECURE).toBe(true);
    expect(prod.DEMO_DATA).toBe('off');
    expect(loadConfig({}).COOKIE_SECURE).toBe(false);
    expect(
      loadConfig({ DATABASE_URL: 'postgres://app@db/qingyuan', COOKIE_SECURE: 'false' }).COOKIE_SECURE,
    ).toBe(false);
  });

  it('reads TRUST_PROXY as on, off, a hop count or proxy addresses', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.0.0.2' }).TRUST_PROXY).toEqual(['10.0.0.1', '10.0.0.2']);
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/);
  });
});
