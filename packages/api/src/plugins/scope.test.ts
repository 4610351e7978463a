// Region scope, route by route: a 曲靖 city user tries every API route against 昆明's data, and a
// 五华 county user against 曲靖's and the sibling county 官渡's (scope-world.testing.ts).
// A route added without an entry here fails the test, so no route escapes the check.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { applyOverCurrent } from '../features/customers/changes.ts';
import { findDivergences, recordConflicts } from '../features/loads/merge.ts';
import { createSamplingPlan } from '../features/sampling/service.ts';
import { sendSamplingPlan } from '../features/sms/send-plan.ts';
import { DEFAULT_SAMPLING_TEMPLATE } from '../features/sms/template.ts';
import { uploadFile } from '../features/worksheets/worksheets-helpers.testing.ts';
import { TEST_EPOCH } from '../testing/clock.ts';
import { computeQualityWeek } from '../features/monitoring/compute.ts';
import { newUser, TEST_PASSWORD, TREE } from '../testing/factories.ts';
import { loginAs } from '../testing/test-app.ts';
import { buildScopeWorld, type Viewer } from './scope-world.testing.ts';

let world: Awaited<ReturnType<typeof buildScopeWorld>>;
beforeAll(async () => {
  world = await buildScopeWorld();
});
afterAll(() => world.close());

type Method = 'GET' | 'POST' | 'PUT';
let figures: Promise<unknown> | undefined;
/** The quality figures and due counts of the world, computed once for the monitoring probes. */
const ensureQualityFigures = () => (figures ??= computeQualityWeek(world.db, '2026-W49', TEST_EPOCH));
type Probe = (v: Viewer) => Promise<void>;
const call = (v: Viewer, method: Method, url: string, payload?: object) =>
  world.app.inject({ method, url, headers: { cookie: v.cookie }, ...(payload ? { payload } : {}) });
const refused = async (v: Viewer, method: Method, url: string, payload?: object) =>
  expect([403, 404], `${v.label}: ${method} ${url}`).toContain(
    (await call(v, method, url, payload)).statusCode,
  );
/** Refused for every unit outside (or wider than) the viewer's region. */
const refusedUnits = async (
  v: Viewer,
  method: Method,
  url: (unit: string) => string,
  body?: (unit: string) => object,
) => {
  for (const unit of v.refusedUnits) await refused(v, method, url(unit), body?.(unit));
};
const noForeignCustomers = (v: Viewer, body: string) => {
  for (const c of v.foreignCustomers)
    for (const banned of [c.customer_no, c.name, c.mobile]) expect(body, v.label).not.toContain(banned);
};
const withoutForeignCustomers = async (v: Viewer, url: string) => {
  const res = await call(v, 'GET', url);
  expect(res.statusCode, url).toBe(200);
  noForeignCustomers(v, res.body);
};
const noForeignUnits = (v: Viewer, body: string, what: string) => {
  for (const banned of [...v.foreignUnits, ...v.foreignStations])
    expect(body, `${v.label}: ${what}`).not.toContain(banned);
};
/** 200, and nothing of a unit outside the region (codes, names, station names). */
const withoutForeignUnits = async (v: Viewer, url: string) => {
  const res = await call(v, 'GET', url);
  expect(res.statusCode, url).toBe(200);
  noForeignUnits(v, res.body, url);
};
const ids = (body: { items: { id: string | number }[] }) => body.items.map((r) => String(r.id));

const probes: Record<string, Probe> = {
  'GET /api/v1/audit/access-log': (v) => refused(v, 'GET', '/api/v1/audit/access-log'),
  'GET /api/v1/audit/access-log/summary': (v) => refused(v, 'GET', '/api/v1/audit/access-log/summary'),
  'GET /api/v1/audit/access-log.csv': (v) => refused(v, 'GET', '/api/v1/audit/access-log.csv'),
  'POST /api/v1/audit/prints': async (v) =>
    expect((await call(v, 'POST', '/api/v1/audit/prints', { page: 'dashboard', scope: {} })).statusCode).toBe(
      204,
    ),
  // asking for full numbers of a unit or customers outside the region: refused as such
  'POST /api/v1/access/requests': async (v) => {
    const ask = (scope: object) => ({ scope, reason: '核对号码需要', hours: 1 });
    for (const unitCode of v.refusedUnits)
      await refused(v, 'POST', '/api/v1/access/requests', ask({ kind: 'unit', unitCode }));
    for (const c of v.foreignCustomers)
      await refused(v, 'POST', '/api/v1/access/requests', ask({ kind: 'customers', customerIds: [c.id] }));
  },
  'GET /api/v1/access/requests': (v) => withoutForeignCustomers(v, '/api/v1/access/requests'),
  'POST /api/v1/access/requests/:id/grant': (v) =>
    refused(v, 'POST', '/api/v1/access/requests/999999999/grant', { hours: 1 }),
  'POST /api/v1/access/requests/:id/refuse': (v) =>
    refused(v, 'POST', '/api/v1/access/requests/999999999/refuse', { reason: '不需要' }),
  'GET /api/v1/access/approvers': (v) => refused(v, 'GET', '/api/v1/access/approvers'),
  'PUT /api/v1/access/approvers': (v) =>
    refused(v, 'PUT', '/api/v1/access/approvers', { cityCode: TREE.kunming.city, usernames: [] }),
  'GET /api/v1/access/notifications': (v) => withoutForeignCustomers(v, '/api/v1/access/notifications'),
  'POST /api/v1/access/notifications/read': async (v) =>
    expect((await call(v, 'POST', '/api/v1/access/notifications/read', {})).statusCode).toBe(204),
  'GET /api/v1/campaign': (v) => withoutForeignUnits(v, '/api/v1/campaign'),
  'PUT /api/v1/campaign/phases': (v) => refused(v, 'PUT', '/api/v1/campaign/phases', { phases: [] }),
  'PUT /api/v1/campaign/pilot-stations': (v) =>
    refused(v, 'PUT', '/api/v1/campaign/pilot-stations', { stationCodes: v.foreignStations }),
  'PUT /api/v1/campaign/targets': (v) =>
    refused(v, 'PUT', '/api/v1/campaign/targets', {
      targets: [{ cityCode: TREE.kunming.city, phase: 'pilot', targetPct: 1, deadline: '2026-12-01' }],
    }),
  'GET /api/v1/campaign/targets/history': (v) => withoutForeignUnits(v, '/api/v1/campaign/targets/history'),
  'PUT /api/v1/campaign/settings': (v) => refused(v, 'PUT', '/api/v1/campaign/settings', {}),
  'POST /api/v1/campaign/snapshots': (v) =>
    refused(v, 'POST', '/api/v1/campaign/snapshots', { kind: 'week' }),
  'GET /api/v1/campaign/work-reports': (v) => withoutForeignUnits(v, '/api/v1/campaign/work-reports'),
  // a city team writes only its own city's summary, and only with its own stations in the plan
  'PUT /api/v1/campaign/work-reports': async (v) => {
    for (const stationCode of v.foreignStations) {
      const body = { kind: 'week', periodKey: '2026-W48', stationPlan: [{ stationCode, planned: 1 }] };
      expect((await call(v, 'PUT', '/api/v1/campaign/work-reports', body)).statusCode).toBe(400);
    }
    await withoutForeignUnits(v, '/api/v1/campaign/work-reports');
  },
  'GET /api/v1/campaign/cycles': (v) => withoutForeignUnits(v, '/api/v1/campaign/cycles'),
  'POST /api/v1/campaign/cycles': (v) => refused(v, 'POST', '/api/v1/campaign/cycles', { name: '越权' }),
  'POST /api/v1/campaign/cycles/:id/activate': (v) =>
    refused(v, 'POST', '/api/v1/campaign/cycles/1/activate'),
  'POST /api/v1/campaign/cycles/:id/close': (v) => refused(v, 'POST', '/api/v1/campaign/cycles/1/close'),
  'GET /api/v1/campaign/customers/:id/verifications': async (v) => {
    for (const c of v.foreignCustomers)
      await refused(v, 'GET', `/api/v1/campaign/customers/${c.id}/verifications`);
  },
  ...Object.fromEntries(
    ['overview', 'trend', 'rules', 'due'].map((w): [string, Probe] => [
      `GET /api/v1/monitoring/${w}`,
      async (v) => {
        await ensureQualityFigures();
        await withoutForeignUnits(v, `/api/v1/monitoring/${w}`);
        await refusedUnits(v, 'GET', (unit) => `/api/v1/monitoring/${w}?unit=${unit}`);
      },
    ]),
  ),
  // province-wide thresholds: the same for everyone, no unit in them
  'GET /api/v1/monitoring/settings': (v) => withoutForeignUnits(v, '/api/v1/monitoring/settings'),
  'PUT /api/v1/monitoring/settings': (v) => refused(v, 'PUT', '/api/v1/monitoring/settings', {}),
  'GET /api/v1/monitoring/settings/history': (v) => refused(v, 'GET', '/api/v1/monitoring/settings/history'),
  'POST /api/v1/monitoring/refresh': (v) => refused(v, 'POST', '/api/v1/monitoring/refresh'),
  'GET /api/v1/reports/weekly/preview': (v) => refused(v, 'GET', '/api/v1/reports/weekly/preview'),
  'POST /api/v1/reports/weekly/send': (v) => refused(v, 'POST', '/api/v1/reports/weekly/send'),
  'GET /api/v1/reports/weekly': (v) => refused(v, 'GET', '/api/v1/reports/weekly'),
  'GET /api/v1/reports/export.xlsx': async (v) => {
    const res = await call(v, 'GET', '/api/v1/reports/export.xlsx?kind=week');
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const text: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((row) => text.push(JSON.stringify(row.values))));
    const all = text.join('\n');
    expect(all).toContain(v.ownName);
    noForeignUnits(v, all, 'export.xlsx');
  },
  ...Object.fromEntries(
    ['kpis', 'ranking', 'trend', 'round-trip', 'quality', 'entry-gate', 'work-reports'].map(
      (w): [string, Probe] => [
        `GET /api/v1/dashboard/${w}`,
        async (v) => {
          await withoutForeignUnits(v, `/api/v1/dashboard/${w}`);
          if (w === 'ranking' || w === 'trend')
            await withoutForeignUnits(v, `/api/v1/dashboard/${w}?period=month`);
          await refusedUnits(v, 'GET', (unit) => `/api/v1/dashboard/${w}?unit=${unit}`);
        },
      ],
    ),
  ),
  'GET /api/v1/auth/me': async (v) => {
    expect((await call(v, 'GET', '/api/v1/auth/me')).json().user).toMatchObject({
      cityCode: v.region.cityCode,
      countyCode: v.region.countyCode ?? null,
    });
  },
  'GET /api/v1/customers': (v) => withoutForeignCustomers(v, '/api/v1/customers?pageSize=200'),
  'GET /api/v1/customers/:id': async (v) => {
    for (const c of v.foreignCustomers) await refused(v, 'GET', `/api/v1/customers/${c.id}`);
  },
  'POST /api/v1/loads/customers': (v) => refused(v, 'POST', '/api/v1/loads/customers'),
  'POST /api/v1/loads/org-units': (v) => refused(v, 'POST', '/api/v1/loads/org-units'),
  'GET /api/v1/loads': (v) => refused(v, 'GET', '/api/v1/loads'),
  // users and tokens are province-wide administration: admins only
  'GET /api/v1/admin/users': (v) => refused(v, 'GET', '/api/v1/admin/users'),
  'POST /api/v1/admin/users': (v) =>
    refused(v, 'POST', '/api/v1/admin/users', {
      username: 'scope-new',
      role: 'city_member',
      cityCode: TREE.kunming.city,
    }),
  'PUT /api/v1/admin/users/:id': (v) =>
    refused(v, 'PUT', '/api/v1/admin/users/1', { displayName: 'x', role: 'admin', isActive: true }),
  'POST /api/v1/admin/users/:id/reset': (v) => refused(v, 'POST', '/api/v1/admin/users/1/reset'),
  'GET /api/v1/admin/tokens': (v) => refused(v, 'GET', '/api/v1/admin/tokens'),
  'POST /api/v1/admin/tokens': (v) =>
    refused(v, 'POST', '/api/v1/admin/tokens', { name: 'scope', cityCode: TREE.kunming.city }),
  'POST /api/v1/admin/tokens/:id/revoke': (v) => refused(v, 'POST', '/api/v1/admin/tokens/1/revoke'),
  // one's own password only: a wrong current password changes nothing
  'POST /api/v1/auth/password': async (v) => {
    const res = await call(v, 'POST', '/api/v1/auth/password', {
      currentPassword: 'not-the-password',
      newPassword: 'another-pass-2026',
    });
    expect(res.statusCode).toBe(400);
  },
  // retention is province-wide administration: admins only
  'GET /api/v1/retention/policy': (v) => refused(v, 'GET', '/api/v1/retention/policy'),
  'PUT /api/v1/retention/policy': (v) =>
    refused(v, 'PUT', '/api/v1/retention/policy', { highYears: 1, lowYears: 1 }),
  'GET /api/v1/retention/dry-run': (v) => refused(v, 'GET', '/api/v1/retention/dry-run'),
  'GET /api/v1/retention/runs': (v) => refused(v, 'GET', '/api/v1/retention/runs'),
  'POST /api/v1/retention/runs': (v) => refused(v, 'POST', '/api/v1/retention/runs'),
  'GET /api/v1/loads/:id': (v) => refused(v, 'GET', `/api/v1/loads/${world.batchId}`),
  'GET /api/v1/loads/:id/errors.csv': (v) => refused(v, 'GET', `/api/v1/loads/${world.batchId}/errors.csv`),
  // rule sets are province-wide configuration: readable by all staff, written by coordinators only
  'GET /api/v1/rule-sets': (v) => withoutForeignCustomers(v, '/api/v1/rule-sets'),
  'GET /api/v1/rule-sets/:version': (v) => withoutForeignCustomers(v, '/api/v1/rule-sets/1'),
  'POST /api/v1/rule-sets': (v) => refused(v, 'POST', '/api/v1/rule-sets', { document: { rules: [] } }),
  'POST /api/v1/rule-sets/:version/preview': (v) => refused(v, 'POST', '/api/v1/rule-sets/1/preview', {}),
  'POST /api/v1/rule-sets/:version/activate': (v) => refused(v, 'POST', '/api/v1/rule-sets/1/activate'),
  'POST /api/v1/validation/runs': (v) =>
    refusedUnits(
      v,
      'POST',
      () => '/api/v1/validation/runs',
      (unitCode) => ({ unitCode }),
    ),
  'GET /api/v1/validation/runs': async (v) => {
    const res = await call(v, 'GET', '/api/v1/validation/runs');
    expect(res.statusCode).toBe(200);
    for (const id of v.hiddenRuns) expect(ids(res.json())).not.toContain(id);
    // a run covering the viewer's region is listed: they see their own part of it (probes below)
    for (const id of v.visibleRuns) expect(ids(res.json())).toContain(id);
  },
  'GET /api/v1/validation/runs/:id': async (v) => {
    for (const id of v.hiddenRuns) await refused(v, 'GET', `/api/v1/validation/runs/${id}`);
  },
  'GET /api/v1/validation/runs/:id/summary': async (v) => {
    for (const id of v.hiddenRuns) await refused(v, 'GET', `/api/v1/validation/runs/${id}/summary`);
    for (const id of v.visibleRuns)
      for (const level of ['city', 'county', 'station'])
        await withoutForeignUnits(v, `/api/v1/validation/runs/${id}/summary?level=${level}`);
  },
  'GET /api/v1/validation/runs/:id/findings': async (v) => {
    for (const id of v.hiddenRuns) await refused(v, 'GET', `/api/v1/validation/runs/${id}/findings`);
    for (const id of v.visibleRuns)
      await withoutForeignCustomers(v, `/api/v1/validation/runs/${id}/findings?pageSize=200`);
  },
  'GET /api/v1/validation/runs/:id/findings.csv': async (v) => {
    for (const id of v.hiddenRuns) await refused(v, 'GET', `/api/v1/validation/runs/${id}/findings.csv`);
    for (const id of v.visibleRuns)
      await withoutForeignCustomers(v, `/api/v1/validation/runs/${id}/findings.csv`);
  },
  // plans that drew in the viewer's region only, with its members counted in the region
  'GET /api/v1/sampling/plans': async (v) => {
    await withoutForeignCustomers(v, '/api/v1/sampling/plans');
    const res = await call(v, 'GET', '/api/v1/sampling/plans');
    for (const id of v.hiddenPlans) expect(ids(res.json())).not.toContain(String(id));
  },
  'POST /api/v1/sampling/plans': (v) =>
    refused(v, 'POST', '/api/v1/sampling/plans', { kind: 'sms', rate: 0.5, cityCodes: [TREE.kunming.city] }),
  'GET /api/v1/sampling/plans/:id': async (v) => {
    const plan = await createSamplingPlan(
      world.db,
      world.coordinator,
      { kind: 'sms', rate: 1, stratifyBy: 'station', excludeDays: 0 },
      TEST_EPOCH,
    );
    // the plan does draw outside the viewer's region
    expect(plan.strata.some((s) => v.foreignStations.includes(s.stratumCode))).toBe(true);
    const res = await call(v, 'GET', `/api/v1/sampling/plans/${plan.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().strata.map((s: { stratumCode: string }) => s.stratumCode)).toEqual([v.ownStation]);
  },
  ...callProbes(),
  ...fieldProbes(),
  ...writebackProbes(),
  'GET /api/v1/worksheets/units': async (v) => {
    const res = await call(v, 'GET', '/api/v1/worksheets/units');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(v.ownStation);
    for (const s of v.foreignStations) expect(res.body).not.toContain(s);
  },
  'POST /api/v1/worksheets/exports': async (v) => {
    await refusedUnits(
      v,
      'POST',
      () => '/api/v1/worksheets/exports',
      (unitCode) => ({ unitCode }),
    );
    for (const s of v.foreignStations)
      await refused(v, 'POST', '/api/v1/worksheets/exports', { stationCodes: [s] });
  },
  'GET /api/v1/worksheets/exports': async (v) => {
    const res = await call(v, 'GET', '/api/v1/worksheets/exports');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([]);
  },
  // 供电所进度: the viewer's stations only (a wider export may hold them), no customer in it
  'GET /api/v1/worksheets/stations': async (v) => {
    const res = await call(v, 'GET', '/api/v1/worksheets/stations');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(v.ownStation);
    noForeignUnits(v, res.body, 'GET /api/v1/worksheets/stations');
    noForeignCustomers(v, res.body);
  },
  // none of the world's exports is the viewer's (the list above is empty): none can be made again
  'POST /api/v1/worksheets/exports/:id/again': async (v) => {
    const exports = await world.db.kysely.selectFrom('worksheet_exports').select('id').execute();
    expect(exports.length).toBeGreaterThan(0);
    for (const e of exports) await refused(v, 'POST', `/api/v1/worksheets/exports/${e.id}/again`);
  },
  // a 昆明 worksheet uploaded by the viewer: every row outside its region refused, none shown back
  'POST /api/v1/worksheets/uploads': async (v) => {
    const res = await uploadFile(world.app, v.cookie, world.worksheet);
    expect(res.statusCode).toBe(200);
    expect(res.json().upload.rowsUpdate).toBe(0);
    const rows = await call(v, 'GET', `/api/v1/worksheets/uploads/${res.json().upload.id}/rows`);
    for (const c of v.foreignCustomers) expect(rows.body).not.toContain(c.mobile);
  },
  'GET /api/v1/worksheets/uploads': (v) => withoutForeignCustomers(v, '/api/v1/worksheets/uploads'),
  'GET /api/v1/worksheets/uploads/:id': (v) => refusedUploads(v, ''),
  'GET /api/v1/worksheets/uploads/:id/rows': (v) => refusedUploads(v, '/rows'),
  'GET /api/v1/worksheets/uploads/:id/errors.xlsx': (v) => refusedUploads(v, '/errors.xlsx'),
  'POST /api/v1/worksheets/uploads/:id/commit': (v) => refusedUploads(v, '/commit', 'POST'),
  'POST /api/v1/worksheets/uploads/:id/discard': (v) => refusedUploads(v, '/discard', 'POST'),
  'POST /api/v1/validate': async (v) => {
    for (const stationCode of v.foreignStations)
      await refused(v, 'POST', '/api/v1/validate', { name: '昆明甲', stationCode });
  },
  'GET /api/v1/sms/template': (v) => withoutForeignCustomers(v, '/api/v1/sms/template'),
  'POST /api/v1/sms/plans/:id/send': (v) => refused(v, 'POST', '/api/v1/sms/plans/1/send', {}),
  'GET /api/v1/sms/replies': async (v) => {
    await foreignReply(v);
    await withoutForeignCustomers(v, '/api/v1/sms/replies');
  },
  'POST /api/v1/sms/replies/:id/correction': async (v) =>
    refused(v, 'POST', `/api/v1/sms/replies/${await foreignReply(v)}/correction`, {
      version: 1,
      fields: { address: '云南省昆明市五华区华山街道翠湖社区9组9号' },
    }),
  'POST /api/v1/sms/replies/:id/no-action': async (v) =>
    refused(v, 'POST', `/api/v1/sms/replies/${await foreignReply(v)}/no-action`, {}),
  'GET /api/v1/sms/plans/:id/stats': async (v) => {
    const plan = await createSamplingPlan(
      world.db,
      world.coordinator,
      { kind: 'sms', rate: 1, stratifyBy: 'city', excludeDays: 0 },
      TEST_EPOCH,
    );
    const sent = await sendSamplingPlan(world.db, plan.id, DEFAULT_SAMPLING_TEMPLATE, null, TEST_EPOCH);
    expect(sent.queued).toBeGreaterThanOrEqual(1); // 昆明甲 (曲靖乙's 13812345678 is a placeholder)
    const res = await call(v, 'GET', `/api/v1/sms/plans/${plan.id}/stats`);
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toMatchObject({ code: v.region.cityCode, total: v.smsInRegion });
    noForeignUnits(v, res.body, 'sms stats');
  },
};

/** An open reply (not a plain 1/2) from each customer outside the viewer's region; the last one's id. */
let replySeq = 0;
async function foreignReply(v: Viewer): Promise<number> {
  let id = 0;
  for (const c of v.foreignCustomers) {
    const codes = await world.db.kysely
      .selectFrom('customers')
      .select(['city_code', 'county_code'])
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    const message = await world.db.kysely
      .insertInto('sms_messages')
      .values({
        idempotency_key: `scope-reply:${++replySeq}`,
        purpose: 'sampling',
        customer_id: c.id,
        city_code: codes.city_code,
        county_code: codes.county_code,
        to_number: `+86${c.mobile}`,
        body: '核对短信',
        status: 'delivered',
        created_at: TEST_EPOCH,
        updated_at: TEST_EPOCH,
        next_attempt_at: TEST_EPOCH,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = (
      await world.db.kysely
        .insertInto('sms_inbound')
        .values({
          provider_sid: `scope-reply:${replySeq}`,
          from_number: `+86${c.mobile}`,
          body: `${c.name}：地址已搬到新路`,
          message_id: message.id,
          customer_id: c.id,
          city_code: codes.city_code,
          county_code: codes.county_code,
          action: 'ignored',
          review_state: 'open',
          received_at: TEST_EPOCH,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }
  return id;
}

const refusedUploads = async (v: Viewer, tail: string, method: Method = 'GET') => {
  for (const id of v.foreignUploads) await refused(v, method, `/api/v1/worksheets/uploads/${id}${tail}`);
};

// Call routes: a team member may not work the queue; an agent of the viewer's region gets, saves
// and reads only customers of that region; the report and plan list show nothing from outside.
function fieldProbes(): Record<string, Probe> {
  return {
    'GET /api/v1/field/stations': (v) => withoutForeignUnits(v, '/api/v1/field/stations'),
    'GET /api/v1/field/customers': async (v) => {
      const own = await call(v, 'GET', `/api/v1/field/customers?station=${v.ownStation}&limit=200`);
      expect(own.statusCode).toBe(200);
      expect(own.body).toContain(v.ownCustomers[0]);
      for (const station of v.foreignStations) {
        const res = await call(v, 'GET', `/api/v1/field/customers?station=${station}&limit=200`);
        expect(res.statusCode).toBe(200);
        expect(res.json().total, `${v.label}: field list of ${station}`).toBe(0);
        noForeignCustomers(v, res.body);
      }
    },
    'POST /api/v1/field/check': async (v) => {
      for (const c of v.foreignCustomers)
        await refused(v, 'POST', '/api/v1/field/check', { customerId: c.id, fields: { name: '王五' } });
    },
    'POST /api/v1/field/entries': async (v) => {
      for (const c of v.foreignCustomers)
        await refused(v, 'POST', '/api/v1/field/entries', {
          key: `scope-probe-${c.id}`,
          customerId: c.id,
          version: 1,
          result: 'not_found',
        });
      const stored = await world.db.kysely
        .selectFrom('field_entries')
        .select('id')
        .where(
          'customer_id',
          'in',
          v.foreignCustomers.map((c) => c.id),
        )
        .execute();
      expect(stored).toHaveLength(0);
    },
    'GET /api/v1/field/entries': (v) => withoutForeignCustomers(v, '/api/v1/field/entries'),
  };
}

function callProbes(): Record<string, Probe> {
  let plan: Promise<number> | undefined;
  const agents = new Map<Viewer, Promise<string>>();
  const planId = () =>
    (plan ??= (async () =>
      (
        await createSamplingPlan(
          world.db,
          world.coordinator,
          { kind: 'call', rate: 1, stratifyBy: 'city', excludeDays: 0 },
          TEST_EPOCH,
        )
      ).id)());
  const agentOf = (v: Viewer) => {
    if (!agents.has(v))
      agents.set(
        v,
        (async () => {
          const u = await newUser(world.db.kysely, 'agent', v.region);
          return loginAs(world.app, u.username, TEST_PASSWORD);
        })(),
      );
    return agents.get(v)!;
  };
  const asAgent = async (v: Viewer, method: Method, url: string, payload?: object) =>
    world.app.inject({ method, url, headers: { cookie: await agentOf(v) }, ...(payload ? { payload } : {}) });
  /** A task of the plan outside the viewer's region. */
  const foreignTask = async (v: Viewer) =>
    world.db.kysely
      .selectFrom('call_tasks')
      .select('id')
      .where('plan_id', '=', await planId())
      .where(
        'customer_id',
        'in',
        v.foreignCustomers.map((c) => c.id),
      )
      .orderBy('id')
      .executeTakeFirstOrThrow();
  return {
    'POST /api/v1/calls/next': async (v) => {
      await refused(v, 'POST', '/api/v1/calls/next', {});
      for (let i = 0; i < 3; i++) {
        const res = await asAgent(v, 'POST', '/api/v1/calls/next', { planId: String(await planId()) });
        expect(res.statusCode).toBe(200);
        noForeignUnits(v, res.body, 'calls/next');
        noForeignCustomers(v, res.body);
      }
    },
    'POST /api/v1/calls/:id/result': async (v) => {
      const task = await foreignTask(v);
      const body = { requestId: `scope-probe-${v.label}`, result: 'no_answer' };
      await refused(v, 'POST', `/api/v1/calls/${task.id}/result`, body);
      expect((await asAgent(v, 'POST', `/api/v1/calls/${task.id}/result`, body)).statusCode).toBe(404);
    },
    'POST /api/v1/calls/:id/release': async (v) => {
      const task = await foreignTask(v);
      await refused(v, 'POST', `/api/v1/calls/${task.id}/release`, {});
      expect((await asAgent(v, 'POST', `/api/v1/calls/${task.id}/release`, {})).statusCode).toBe(404);
    },
    'GET /api/v1/calls/plans': async (v) => {
      await planId();
      await withoutForeignCustomers(v, '/api/v1/calls/plans');
    },
    'GET /api/v1/calls/report': async (v) => {
      await planId();
      const res = await call(v, 'GET', '/api/v1/calls/report');
      expect(res.statusCode).toBe(200);
      // the plan holds members outside the region (the result probe saved one); none of it shows here
      await foreignTask(v);
      for (const c of res.json().cities as { cityCode: string }[]) expect(c.cityCode).toBe(v.region.cityCode);
      noForeignUnits(v, res.body, 'calls/report');
    },
  };
}

/** Every non-public route, each with its probe: a route without one fails the test. */
const routesToProbe = () => {
  const routes = world.app.apiRoutes.filter((r) => r.access !== 'public');
  expect(routes.length).toBeGreaterThan(5);
  const missing = routes.map((r) => `${r.method} ${r.url}`).filter((k) => !probes[k]);
  expect(missing, 'routes without a scope probe').toEqual([]);
  return routes.map((r) => probes[`${r.method} ${r.url}`]!);
};

it('a city user can reach no other city’s data through any API route', async () => {
  const v = world.viewers.city;
  for (const probe of routesToProbe()) await probe(v);
  // and the positive side: the 曲靖 user does see 曲靖's customers
  const names = (await call(v, 'GET', '/api/v1/customers')).json().items.map((c: { name: string }) => c.name);
  expect(names).toEqual(v.ownCustomers);
});

it('a county user can reach no other county’s data, in its city or beyond, through any API route', async () => {
  const v = world.viewers.county;
  for (const probe of routesToProbe()) await probe(v);
  const names = (await call(v, 'GET', '/api/v1/customers')).json().items.map((c: { name: string }) => c.name);
  expect(names).toEqual(v.ownCustomers);
});

// The round trip (回写, 冲突处理): every customer of the world has a correction queued for the
// marketing system and an open conflict; nothing of another region's shows or can be acted on.
function writebackProbes(): Record<string, Probe> {
  let ready: Promise<void> | undefined;
  const setup = () =>
    (ready ??= (async () => {
      const customers = await world.db.kysely.selectFrom('customers').select(['id', 'mobile']).execute();
      const ids = customers.map((c) => Number(c.id));
      await world.db.kysely.transaction().execute(async (trx) => {
        await applyOverCurrent(
          trx,
          customers.map((c, i) => ({
            customerId: Number(c.id),
            fields: { landline: `0871-6${String(i).padStart(7, '0')}` },
          })),
          { source: { kind: 'call', ref: 'scope', userId: null }, now: TEST_EPOCH },
        );
        const divergences = await findDivergences(trx, ids);
        await recordConflicts(
          trx,
          ids.map((id, i) => ({
            customerId: id,
            field: 'landline' as const,
            base: divergences.get(id)!.get('landline')!.base,
            ours: `0871-6${String(i).padStart(7, '0')}`,
            theirs: '0871-69999999',
            divergence: divergences.get(id)!.get('landline')!,
          })),
          world.batchId,
          TEST_EPOCH,
        );
      });
    })());
  const foreignConflicts = async (v: Viewer) =>
    (
      await world.db.kysely
        .selectFrom('source_conflicts')
        .select('id')
        .where(
          'customer_id',
          'in',
          v.foreignCustomers.map((c) => c.id),
        )
        .execute()
    ).map((r) => Number(r.id));
  return {
    'GET /api/v1/changes': (v) => refused(v, 'GET', '/api/v1/changes'),
    'POST /api/v1/changes/ack': async (v) => {
      await setup();
      await refused(v, 'POST', '/api/v1/changes/ack', { items: [{ id: 1, status: 'applied' }] });
    },
    'GET /api/v1/changes/summary': async (v) => {
      await setup();
      await withoutForeignCustomers(v, '/api/v1/changes/summary');
      await withoutForeignUnits(v, '/api/v1/changes/summary');
    },
    'GET /api/v1/changes/file': async (v) => {
      await setup();
      const res = await call(v, 'GET', '/api/v1/changes/file?format=csv&after=0');
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(v.ownStation);
      noForeignCustomers(v, res.body);
      noForeignUnits(v, res.body, 'changes/file');
      await refusedUnits(v, 'GET', (unit) => `/api/v1/changes/file?unit=${unit}`);
    },
    'GET /api/v1/conflicts': async (v) => {
      await setup();
      const res = await call(v, 'GET', '/api/v1/conflicts?pageSize=200');
      expect(res.statusCode).toBe(200);
      expect(res.json().total).toBeGreaterThan(0);
      noForeignCustomers(v, res.body);
      noForeignUnits(v, res.body, 'conflicts');
      await refusedUnits(v, 'GET', (unit) => `/api/v1/conflicts?unit=${unit}`);
    },
    'GET /api/v1/conflicts/summary': async (v) => {
      await setup();
      await withoutForeignUnits(v, '/api/v1/conflicts/summary');
    },
    'POST /api/v1/conflicts/resolve': async (v) => {
      await setup();
      const foreign = await foreignConflicts(v);
      expect(foreign.length).toBeGreaterThan(0);
      const res = await call(v, 'POST', '/api/v1/conflicts/resolve', { ids: foreign, action: 'take_source' });
      expect(res.statusCode).toBe(200);
      expect(res.json().resolved).toBe(0);
      const open = await world.db.kysely
        .selectFrom('source_conflicts')
        .select('id')
        .where('status', '=', 'open')
        .where('id', 'in', foreign)
        .execute();
      expect(open).toHaveLength(foreign.length);
    },
  };
}
