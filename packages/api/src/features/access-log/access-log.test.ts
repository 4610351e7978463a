// The access log end to end: logins (success and failure), unmasked views and exports on record,
// masked views not; the log written in the action's transaction (a broken log stops the action);
// the 审计 routes for admins and auditors (filters, daily summary, CSV export itself on record).
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../testing/clock.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { asAdmin, createTestDb, type TestDb } from '../../testing/test-db.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
const clock = testClock();
let admin: string;
let auditor: string;
let coordinator: string;
let customerId: number;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db, {}, clock);
  customerId = (await newCustomer(db.kysely, { mobile: '13911112222' })).id;
  admin = await loginAs(
    app,
    (await newUser(db.kysely, 'admin', { username: 'a-admin' })).username,
    TEST_PASSWORD,
  );
  auditor = await loginAs(
    app,
    (await newUser(db.kysely, 'auditor', { username: 'a-audit' })).username,
    TEST_PASSWORD,
  );
  coordinator = await loginAs(
    app,
    (await newUser(db.kysely, 'coordinator', { username: 'a-coord' })).username,
    TEST_PASSWORD,
  );
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const log = (action: string) =>
  db.kysely.selectFrom('access_log').selectAll().where('action', '=', action).orderBy('id').execute();
const get = (cookie: string, url: string) => app.inject({ method: 'GET', url, headers: { cookie } });

/** Makes every access-log write fail, as a full disk or a revoked grant would. */
async function withBrokenLog(fn: () => Promise<void>) {
  // a trigger on the table needs its owner: the test's own set-up, not what is under test
  await asAdmin(db, async (admin) => {
    await sql`create function access_log_broken() returns trigger language plpgsql as $$
      begin raise exception 'access log unavailable'; end $$`.execute(admin);
    await sql`create trigger access_log_broken before insert on access_log
      for each row execute function access_log_broken()`.execute(admin);
  });
  try {
    await fn();
  } finally {
    await asAdmin(db, async (admin) => {
      await sql`drop trigger access_log_broken on access_log`.execute(admin);
      await sql`drop function access_log_broken()`.execute(admin);
    });
  }
}

describe('what goes on record', () => {
  it('records every login, success and failure, with the name as typed and the address', async () => {
    const logins = await log('login');
    expect(logins.filter((l) => l.outcome === 'ok').map((l) => l.username)).toEqual(
      expect.arrayContaining(['a-admin', 'a-audit', 'a-coord']),
    );
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: 'a-admin', password: 'x' },
    });
    await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: '=HYPERLINK("x")', password: 'x' },
    });
    const failed = (await log('login')).filter((l) => l.outcome === 'failed');
    expect(failed.map((l) => [l.username, l.role])).toEqual([
      ['a-admin', 'admin'],
      ['=HYPERLINK("x")', null],
    ]);
    expect(failed[0]).toMatchObject({ route: 'POST /api/v1/auth/login', ip: '127.0.0.1' });
  });

  it('records an unmasked view with the customers shown, and not a masked one', async () => {
    expect((await get(admin, `/api/v1/customers/${customerId}`)).json().mobile).toBe('13911112222');
    expect((await get(coordinator, `/api/v1/customers/${customerId}`)).json().mobile).toBe('139****2222');
    const views = await log('view');
    expect(views.map((v) => [v.username, v.route, v.customer_ids!.map(Number)])).toEqual([
      ['a-admin', 'GET /api/v1/customers/:id', [customerId]],
    ]);
  });

  it('records a print before it happens', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/audit/prints',
      headers: { cookie: coordinator },
      payload: { page: 'dashboard', scope: { unit: TREE.kunming.city } },
    });
    expect(res.statusCode).toBe(204);
    expect((await log('print'))[0]).toMatchObject({
      username: 'a-coord',
      scope: { page: 'dashboard', unit: '5301' },
    });
  });
});

describe('the log write is part of the action', () => {
  it('a login whose record cannot be written opens no session', async () => {
    const sessions = async () =>
      Number((await sql<{ n: number }>`select count(*) as n from sessions`.execute(db.kysely)).rows[0]!.n);
    const before = await sessions();
    await withBrokenLog(async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'a-admin', password: TEST_PASSWORD },
      });
      expect(res.statusCode).toBe(500);
      expect(res.cookies.find((c) => c.name === 'qy_session')).toBeUndefined();
    });
    expect(await sessions()).toBe(before);
  });

  it('an export whose record cannot be written hands out no file and moves no customer', async () => {
    const city = await loginAs(
      app,
      (await newUser(db.kysely, 'city_member', { cityCode: TREE.kunming.city })).username,
      TEST_PASSWORD,
    );
    await withBrokenLog(async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/worksheets/exports',
        headers: { cookie: city },
        payload: { findingsOnly: false },
      });
      expect(res.statusCode).toBe(500);
    });
    const exports = await db.kysely.selectFrom('worksheet_exports').select('status').execute();
    expect(exports.map((e) => e.status)).toEqual(['failed']);
    const inField = await db.kysely.selectFrom('customer_verification').select('customer_id').execute();
    expect(inField).toEqual([]);
    // and with the log working, the export is on record: scope, rows, file
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/worksheets/exports',
      headers: { cookie: city },
      payload: { findingsOnly: false },
    });
    expect(ok.statusCode).toBe(200);
    const [entry] = await log('export');
    expect(entry).toMatchObject({ row_count: 1, scope: expect.objectContaining({ isMasked: false }) });
    expect(entry!.file_name).toMatch(/^核实表_.*\.xlsx$/);
  });
});

describe('the 审计 page', () => {
  it('is for admins and auditors only; an auditor sees no customer', async () => {
    expect((await get(coordinator, '/api/v1/audit/access-log')).statusCode).toBe(403);
    expect((await get(auditor, '/api/v1/customers')).statusCode).toBe(403);
    expect((await get(admin, '/api/v1/audit/access-log')).statusCode).toBe(200);
  });

  it('filters by user, action and Beijing day, newest first, page by page', async () => {
    const page = (await get(auditor, '/api/v1/audit/access-log?action=login&limit=2')).json();
    expect(page.items).toHaveLength(2);
    expect(Number(page.items[0].id)).toBeGreaterThan(Number(page.items[1].id));
    const next = (
      await get(auditor, `/api/v1/audit/access-log?action=login&before=${page.nextBefore}`)
    ).json();
    expect(next.items.every((i: { id: string }) => Number(i.id) < Number(page.nextBefore))).toBe(true);
    const mine = (await get(auditor, '/api/v1/audit/access-log?user=a-coord')).json();
    expect(new Set(mine.items.map((i: { username: string }) => i.username))).toEqual(new Set(['a-coord']));
    // TEST_EPOCH is 2026-11-30 10:00 in Beijing
    expect(
      (await get(auditor, '/api/v1/audit/access-log?from=2026-11-30&to=2026-11-30')).json().items.length,
    ).toBeGreaterThan(0);
    expect((await get(auditor, '/api/v1/audit/access-log?from=2026-12-01')).json().items).toEqual([]);
    const unit = (await get(auditor, `/api/v1/audit/access-log?unit=${TREE.kunming.city}`)).json();
    expect(unit.items.every((i: { cityCode: string }) => i.cityCode === TREE.kunming.city)).toBe(true);
  });

  it('sums each user’s day', async () => {
    const { items } = (await get(auditor, '/api/v1/audit/access-log/summary')).json();
    expect(items).toContainEqual(
      expect.objectContaining({
        day: '2026-11-30',
        username: 'a-admin',
        views: 1,
        logins: 1,
        failedLogins: 1,
      }),
    );
  });

  it('exports the log as CSV, guarded against formulas, and records the export', async () => {
    const res = await get(auditor, '/api/v1/audit/access-log.csv?action=login');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/access-log-20261130\.csv/);
    expect(res.body).toContain(`"'=HYPERLINK(""x"")"`);
    expect(res.body).not.toMatch(/(^|,)=HYPERLINK/m);
    const [entry] = await log('audit_export');
    expect(entry).toMatchObject({ username: 'a-audit', file_name: 'access-log-20261130.csv' });
    expect(entry!.row_count).toBe(Number(res.headers['x-export-rows']));
  });

  it('offers no way to change the log', async () => {
    const routes = app.apiRoutes.filter((r) => r.url.startsWith('/api/v1/audit'));
    expect(routes.filter((r) => r.method !== 'GET').map((r) => r.url)).toEqual(['/api/v1/audit/prints']);
  });
});
