// Region scope, route by route: a 曲靖 city user tries every API route against 昆明's data.
// A route added without an entry here fails the test, so no route escapes the check.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { buildTestApp, loginAs } from '../testing/test-app.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../testing/factories.ts';
import { startRun } from '../features/validation/service.ts';
import { executeRun } from '../features/validation/runner.ts';
import { createSamplingPlan } from '../features/sampling/service.ts';
import { sendSamplingPlan } from '../features/sms/send-plan.ts';
import { DEFAULT_SAMPLING_TEMPLATE } from '../features/sms/template.ts';
import type { Principal } from '../features/auth/principal.ts';
import { PROVINCE } from '../features/auth/region.ts';
import ExcelJS from 'exceljs';
import { seedCampaignForProbes } from '../features/campaign/scope-probes.testing.ts';
import { exportWorksheets } from '../features/worksheets/export.ts';
import { uploadFile } from '../features/worksheets/worksheets-helpers.testing.ts';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { TEST_EPOCH } from '../testing/clock.ts';
import { fixedClock } from '../clock.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let qujing: string;
let kunmingCustomer: { id: number; customer_no: string; name: string };
let batchId: number;
let kunmingRunId: string;
let provinceRunId: string;
let coordinator: Principal;
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
  coordinator = {
    kind: 'user',
    id: c.id,
    username: c.username,
    name: c.username,
    role: 'coordinator',
    region: PROVINCE,
  };
  kunmingRunId = (await startRun(db, coordinator, TEST_EPOCH, TREE.kunming.city)).id;
  await executeRun(db, Number(kunmingRunId), { clock: fixedClock(TEST_EPOCH) });
  provinceRunId = (await startRun(db, coordinator, TEST_EPOCH)).id;
  await executeRun(db, Number(provinceRunId), { clock: fixedClock(TEST_EPOCH) });
  const kunmingMember = {
    ...coordinator,
    role: 'city_member',
    region: { cityCode: TREE.kunming.city },
  } as const;
  const out = await exportWorksheets(
    db,
    kunmingMember,
    { findingsOnly: false, pilotOnly: false, layout: 'sheets' },
    {
      outDir: await mkdtemp(`${tmpdir()}/qy-scope-`),
      now: TEST_EPOCH,
    },
  );
  kunmingWorksheet = out.path;
  kunmingUploadId = (
    await db.kysely
      .insertInto('worksheet_uploads')
      .values({
        user_id: c.id,
        city_code: TREE.kunming.city,
        file_name: '昆明甲.xlsx',
        content_hash: 'x',
        created_at: TEST_EPOCH,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  batchId = (
    await db.kysely
      .insertInto('load_batches')
      .values({ kind: 'customers', file_name: 'k.csv', user_id: null, started_at: TEST_EPOCH })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
  await seedCampaignForProbes(db);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

type Probe = () => Promise<void>;
const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie: qujing }, ...(payload ? { payload } : {}) });
const refused =
  (method: 'GET' | 'POST' | 'PUT', url: string, payload?: object): Probe =>
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

/** 200, and nothing of 昆明 (its codes start with 5301, its names with 昆明 or its stations' names). */
const noKunmingUnits =
  (url: string): Probe =>
  async () => {
    const res = await call('GET', url);
    expect(res.statusCode, url).toBe(200);
    for (const banned of ['"5301', '昆明', '华山供电所']) expect(res.body, url).not.toContain(banned);
  };

const probes: Record<string, () => Probe> = {
  'GET /api/v1/campaign': () => noKunmingUnits('/api/v1/campaign'),
  'PUT /api/v1/campaign/phases': () => refused('PUT', '/api/v1/campaign/phases', { phases: [] }),
  'PUT /api/v1/campaign/pilot-stations': () =>
    refused('PUT', '/api/v1/campaign/pilot-stations', { stationCodes: [TREE.kunming.station] }),
  'PUT /api/v1/campaign/targets': () =>
    refused('PUT', '/api/v1/campaign/targets', {
      targets: [{ cityCode: TREE.kunming.city, phase: 'pilot', targetPct: 1, deadline: '2026-12-01' }],
    }),
  'GET /api/v1/campaign/targets/history': () => noKunmingUnits('/api/v1/campaign/targets/history'),
  'PUT /api/v1/campaign/settings': () => refused('PUT', '/api/v1/campaign/settings', {}),
  'POST /api/v1/campaign/snapshots': () => refused('POST', '/api/v1/campaign/snapshots', { kind: 'week' }),
  'GET /api/v1/campaign/work-reports': () => noKunmingUnits('/api/v1/campaign/work-reports'),
  // a city team writes only its own city's summary, and only with its own stations in the plan
  'PUT /api/v1/campaign/work-reports': () => async () => {
    const body = {
      kind: 'week',
      periodKey: '2026-W48',
      stationPlan: [{ stationCode: TREE.kunming.station, planned: 1 }],
    };
    expect((await call('PUT', '/api/v1/campaign/work-reports', body)).statusCode).toBe(400);
    await noKunmingUnits('/api/v1/campaign/work-reports')();
  },
  'GET /api/v1/reports/weekly/preview': () => refused('GET', '/api/v1/reports/weekly/preview'),
  'POST /api/v1/reports/weekly/send': () => refused('POST', '/api/v1/reports/weekly/send'),
  'GET /api/v1/reports/weekly': () => refused('GET', '/api/v1/reports/weekly'),
  'GET /api/v1/reports/export.xlsx': () => async () => {
    const res = await call('GET', '/api/v1/reports/export.xlsx?kind=week');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const text: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => text.push(JSON.stringify(row.values))));
    const all = text.join('\n');
    expect(all).toContain('曲靖');
    expect(all).not.toContain('昆明');
    expect(all).not.toContain('"5301');
  },
  ...Object.fromEntries(
    ['kpis', 'ranking', 'trend', 'quality', 'entry-gate', 'work-reports'].map((w) => [
      `GET /api/v1/dashboard/${w}`,
      () => async () => {
        await noKunmingUnits(`/api/v1/dashboard/${w}`)();
        await refused('GET', `/api/v1/dashboard/${w}?unit=${TREE.kunming.city}`)();
        await refused('GET', `/api/v1/dashboard/${w}?unit=${TREE.kunming.county}`)();
        await refused('GET', `/api/v1/dashboard/${w}?unit=${TREE.province}`)();
      },
    ]),
  ),
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
  'GET /api/v1/sampling/plans': () => withoutKunming('/api/v1/sampling/plans'),
  'POST /api/v1/sampling/plans': () =>
    refused('POST', '/api/v1/sampling/plans', { kind: 'sms', rate: 0.5, cityCodes: [TREE.kunming.city] }),
  'GET /api/v1/sampling/plans/:id': () => async () => {
    const plan = await createSamplingPlan(
      db,
      coordinator,
      { kind: 'sms', rate: 1, stratifyBy: 'station', excludeDays: 0 },
      TEST_EPOCH,
    );
    expect(plan.strata.map((s) => s.stratumCode)).toContain(TREE.kunming.station);
    const res = await call('GET', `/api/v1/sampling/plans/${plan.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().strata.map((s: { stratumCode: string }) => s.stratumCode)).toEqual([
      TREE.qujing.station,
    ]);
  },
  ...callProbes(),
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
  'GET /api/v1/sms/template': () => withoutKunming('/api/v1/sms/template'),
  'POST /api/v1/sms/plans/:id/send': () => refused('POST', '/api/v1/sms/plans/1/send', {}),
  'GET /api/v1/sms/plans/:id/stats': () => async () => {
    const plan = await createSamplingPlan(
      db,
      coordinator,
      { kind: 'sms', rate: 1, stratifyBy: 'city', excludeDays: 0 },
      TEST_EPOCH,
    );
    const sent = await sendSamplingPlan(db, plan.id, DEFAULT_SAMPLING_TEMPLATE, null, TEST_EPOCH);
    expect(sent.queued).toBeGreaterThanOrEqual(1); // 昆明甲 (曲靖乙's 13812345678 is a placeholder)
    const res = await call('GET', `/api/v1/sms/plans/${plan.id}/stats`);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toMatchObject({ code: TREE.qujing.city, total: 0 });
    expect(res.body).not.toContain(`"${TREE.kunming.city}"`);
    expect(res.body).not.toContain('昆明');
  },
};

// Call routes: the 曲靖 team member may not work the queue; a 曲靖 agent gets, saves and reads
// only 曲靖 customers; the report and plan list show no 昆明 figures.
function callProbes(): Record<string, () => Probe> {
  let plan: Promise<{ id: number; agent: string }> | undefined;
  const setUp = () =>
    (plan ??= (async () => {
      const p = await createSamplingPlan(
        db,
        coordinator,
        { kind: 'call', rate: 1, stratifyBy: 'city', excludeDays: 0 },
        TEST_EPOCH,
      );
      const u = await newUser(db.kysely, 'agent', { cityCode: TREE.qujing.city });
      return { id: p.id, agent: await loginAs(app, u.username, TEST_PASSWORD) };
    })());
  const asAgent = async (method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({ method, url, headers: { cookie: (await setUp()).agent }, ...(payload ? { payload } : {}) });
  const kunmingTask = async () =>
    db.kysely
      .selectFrom('call_tasks')
      .select('id')
      .where('plan_id', '=', (await setUp()).id)
      .where('city_code', '=', TREE.kunming.city)
      .executeTakeFirstOrThrow();
  return {
    'POST /api/v1/calls/next': () => async () => {
      await refused('POST', '/api/v1/calls/next', {})();
      for (let i = 0; i < 3; i++) {
        const res = await asAgent('POST', '/api/v1/calls/next', { planId: String((await setUp()).id) });
        expect(res.statusCode).toBe(200);
        expect(res.body).not.toContain('昆明');
        expect(res.body).not.toContain(kunmingCustomer.customer_no);
      }
    },
    'POST /api/v1/calls/:id/result': () => async () => {
      await setUp();
      const task = await kunmingTask();
      const body = { requestId: 'scope-probe-1', result: 'no_answer' };
      await refused('POST', `/api/v1/calls/${task.id}/result`, body)();
      expect((await asAgent('POST', `/api/v1/calls/${task.id}/result`, body)).statusCode).toBe(404);
    },
    'GET /api/v1/calls/plans': () => async () => {
      await setUp();
      await withoutKunming('/api/v1/calls/plans')();
    },
    'GET /api/v1/calls/report': () => async () => {
      await setUp();
      const res = await call('GET', '/api/v1/calls/report');
      expect(res.statusCode).toBe(200);
      // the plan holds 昆明 members (the result probe saved one); none of it shows here
      await kunmingTask();
      for (const c of res.json().cities as { cityCode: string }[]) expect(c.cityCode).toBe(TREE.qujing.city);
      expect(res.body).not.toContain('昆明');
      expect(res.body).not.toContain(`"${TREE.kunming.city}"`);
    },
  };
}

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
