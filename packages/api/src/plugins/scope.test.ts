// Region scope, route by route: a 曲靖 city user tries every API route against 昆明's data.
// A route added without an entry here fails the test, so no route escapes the check.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { buildTestApp, loginAs } from '../testing/test-app.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../testing/factories.ts';
import { startRun } from '../features/validation/service.ts';
import { executeRun } from '../features/validation/runner.ts';
import { exportWorksheets } from '../features/worksheets/export.ts';
import { uploadFile } from '../features/worksheets/worksheets-helpers.testing.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let qujing: string;
let kunmingCustomer: { id: number; customer_no: string; name: string };
let batchId: number;
let kunmingRunId: string;
let provinceRunId: string;
let kunmingWorksheet: string;
let kunmingUploadId: number;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db);
  const user = await newUser(db.kysely, 'city_member', { cityCode: TREE.qujing.city });
  qujing = await loginAs(app, user.username, TEST_PASSWORD);
  kunmingCustomer = await newCustomer(db.kysely, { name: '昆明甲', mobile: '13811112222', city: 'kunming' });
  await newCustomer(db.kysely, { name: '曲靖乙', city: 'qujing' });
  const c = await newUser(db.kysely, 'coordinator');
  const coordinator = {
    kind: 'user',
    id: c.id,
    username: c.username,
    name: c.username,
    role: 'coordinator',
    cityCode: null,
    countyCode: null,
  } as const;
  kunmingRunId = (await startRun(db, coordinator, TREE.kunming.city)).id;
  await executeRun(db, Number(kunmingRunId));
  provinceRunId = (await startRun(db, coordinator)).id;
  await executeRun(db, Number(provinceRunId));
  const kunmingMember = { ...coordinator, role: 'city_member', cityCode: TREE.kunming.city } as const;
  const out = await exportWorksheets(
    db,
    kunmingMember,
    { findingsOnly: false, pilotOnly: false, layout: 'sheets' },
    {
      outDir: await mkdtemp(`${tmpdir()}/qy-scope-`),
    },
  );
  kunmingWorksheet = out.path;
  kunmingUploadId = (
    await db.kysely
      .insertInto('worksheet_uploads')
      .values({ user_id: c.id, city_code: TREE.kunming.city, file_name: '昆明甲.xlsx', content_hash: 'x' })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  batchId = (
    await db.kysely
      .insertInto('load_batches')
      .values({ kind: 'customers', file_name: 'k.csv', user_id: null })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await app.close();
  await db.close();
});

type Probe = () => Promise<void>;
const call = (method: 'GET' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie: qujing }, ...(payload ? { payload } : {}) });
const refused =
  (method: 'GET' | 'POST', url: string, payload?: object): Probe =>
  async () => {
    expect([403, 404]).toContain((await call(method, url, payload)).statusCode);
  };
const withoutKunming =
  (url: string): Probe =>
  async () => {
    const res = await call('GET', url);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(kunmingCustomer.customer_no);
    expect(res.body).not.toContain('昆明甲');
  };

const probes: Record<string, () => Probe> = {
  'GET /api/v1/auth/me': () => async () => {
    expect((await call('GET', '/api/v1/auth/me')).json().user.cityCode).toBe(TREE.qujing.city);
  },
  'GET /api/v1/customers': () => withoutKunming('/api/v1/customers?pageSize=200'),
  'GET /api/v1/customers/:id': () => refused('GET', `/api/v1/customers/${kunmingCustomer.id}`),
  'POST /api/v1/loads/customers': () => refused('POST', '/api/v1/loads/customers'),
  'POST /api/v1/loads/org-units': () => refused('POST', '/api/v1/loads/org-units'),
  'GET /api/v1/loads': () => refused('GET', '/api/v1/loads'),
  'GET /api/v1/loads/:id': () => refused('GET', `/api/v1/loads/${batchId}`),
  'GET /api/v1/loads/:id/errors.csv': () => refused('GET', `/api/v1/loads/${batchId}/errors.csv`),
  // rule sets are province-wide configuration: readable by all staff, written by coordinators only
  'GET /api/v1/rule-sets': () => withoutKunming('/api/v1/rule-sets'),
  'GET /api/v1/rule-sets/:version': () => withoutKunming('/api/v1/rule-sets/1'),
  'POST /api/v1/rule-sets': () => refused('POST', '/api/v1/rule-sets', { document: { rules: [] } }),
  'POST /api/v1/rule-sets/:version/preview': () => refused('POST', '/api/v1/rule-sets/1/preview', {}),
  'POST /api/v1/rule-sets/:version/activate': () => refused('POST', '/api/v1/rule-sets/1/activate'),
  'POST /api/v1/validation/runs': () => async () => {
    await refused('POST', '/api/v1/validation/runs', { unitCode: TREE.kunming.city })();
    await refused('POST', '/api/v1/validation/runs', { unitCode: TREE.kunming.county })();
    await refused('POST', '/api/v1/validation/runs', { unitCode: TREE.province })();
  },
  'GET /api/v1/validation/runs': () => async () => {
    const res = await call('GET', '/api/v1/validation/runs');
    expect(res.statusCode).toBe(200);
    const ids = res.json().items.map((r: { id: string }) => r.id);
    expect(ids).not.toContain(kunmingRunId);
    // a province-wide run is listed: the 曲靖 team sees its own part of it (probes below)
    expect(ids).toContain(provinceRunId);
  },
  'GET /api/v1/validation/runs/:id': () => refused('GET', `/api/v1/validation/runs/${kunmingRunId}`),
  'GET /api/v1/validation/runs/:id/summary': () => async () => {
    await refused('GET', `/api/v1/validation/runs/${kunmingRunId}/summary`)();
    for (const level of ['city', 'county', 'station']) {
      const res = await call('GET', `/api/v1/validation/runs/${provinceRunId}/summary?level=${level}`);
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain(`"${TREE.kunming.city}"`);
      expect(res.body).not.toContain(TREE.kunming.station);
      expect(res.body).not.toContain('昆明');
    }
  },
  'GET /api/v1/validation/runs/:id/findings': () => async () => {
    await refused('GET', `/api/v1/validation/runs/${kunmingRunId}/findings`)();
    await withoutKunming(`/api/v1/validation/runs/${provinceRunId}/findings?pageSize=200`)();
  },
  'GET /api/v1/validation/runs/:id/findings.csv': () => async () => {
    await refused('GET', `/api/v1/validation/runs/${kunmingRunId}/findings.csv`)();
    await withoutKunming(`/api/v1/validation/runs/${provinceRunId}/findings.csv`)();
  },
  'GET /api/v1/worksheets/units': () => async () => {
    const res = await call('GET', '/api/v1/worksheets/units');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(TREE.qujing.station);
    expect(res.body).not.toContain(TREE.kunming.station);
  },
  'POST /api/v1/worksheets/exports': () => async () => {
    await refused('POST', '/api/v1/worksheets/exports', { unitCode: TREE.kunming.city })();
    await refused('POST', '/api/v1/worksheets/exports', { stationCodes: [TREE.kunming.station] })();
    await refused('POST', '/api/v1/worksheets/exports', { unitCode: TREE.province })();
  },
  'GET /api/v1/worksheets/exports': () => async () => {
    const res = await call('GET', '/api/v1/worksheets/exports');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  },
  // a 昆明 worksheet uploaded by the 曲靖 user: every row refused, nothing of 昆明 shown back
  'POST /api/v1/worksheets/uploads': () => async () => {
    const res = await uploadFile(app, qujing, kunmingWorksheet);
    expect(res.statusCode).toBe(200);
    expect(res.json().upload.rowsUpdate).toBe(0);
    const rows = await call('GET', `/api/v1/worksheets/uploads/${res.json().upload.id}/rows`);
    expect(rows.body).not.toContain('13811112222');
  },
  'GET /api/v1/worksheets/uploads': () => async () => {
    const res = await call('GET', '/api/v1/worksheets/uploads');
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('昆明甲');
  },
  'GET /api/v1/worksheets/uploads/:id': () => refused('GET', `/api/v1/worksheets/uploads/${kunmingUploadId}`),
  'GET /api/v1/worksheets/uploads/:id/rows': () =>
    refused('GET', `/api/v1/worksheets/uploads/${kunmingUploadId}/rows`),
  'GET /api/v1/worksheets/uploads/:id/errors.xlsx': () =>
    refused('GET', `/api/v1/worksheets/uploads/${kunmingUploadId}/errors.xlsx`),
  'POST /api/v1/worksheets/uploads/:id/commit': () =>
    refused('POST', `/api/v1/worksheets/uploads/${kunmingUploadId}/commit`),
  'POST /api/v1/validate': () =>
    refused('POST', '/api/v1/validate', { name: '昆明甲', stationCode: TREE.kunming.station }),
};

it('a city user can reach no other city’s data through any API route', async () => {
  const routes = app.apiRoutes.filter((r) => r.access !== 'public');
  expect(routes.length).toBeGreaterThan(5);
  const missing = routes.map((r) => `${r.method} ${r.url}`).filter((k) => !probes[k]);
  expect(missing, 'routes without a scope probe').toEqual([]);
  for (const r of routes) await probes[`${r.method} ${r.url}`]!()();
  // and the positive side: the 曲靖 user does see 曲靖's customers
  expect((await call('GET', '/api/v1/customers')).json().items.map((c: { name: string }) => c.name)).toEqual([
    '曲靖乙',
  ]);
});
