// The masking matrix: every API route × every role (admin, coordinator, city member, county
// member, agent, manager, integration token). Each route's row sends its requests as each role;
// every answer — JSON, and the text inside each downloaded csv, xlsx or zip — is searched for
// the world's phone and ID numbers in full and for customers outside the caller's region.
// A role that may not see a number in full must never get it (masking.ts decides who may), and
// a role outside a route's access gets 403. Routes come from the app itself (apiRoutes, filled by
// onRoute): a route added without a row here fails the test.
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import yauzl from 'yauzl';
import type { LightMyRequestResponse } from 'fastify';
import { masker } from '../features/auth/masking.ts';
import { applyOverCurrent } from '../features/customers/changes.ts';
import { findDivergences, recordConflicts } from '../features/loads/merge.ts';
import type { PrincipalRole } from '../features/auth/principal.ts';
import { createApiToken } from '../features/auth/service.ts';
import { runLoad } from '../features/loads/service.ts';
import { multipart } from '../features/worksheets/worksheets-helpers.testing.ts';
import { TEST_EPOCH } from '../testing/clock.ts';
import { newUser, TEST_PASSWORD, TREE } from '../testing/factories.ts';
import { loginAs } from '../testing/test-app.ts';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildScopeWorld } from './scope-world.testing.ts';

/** the folder of the load the matrix's world adds, removed after the file */
let loadDir: string | undefined;
type World = Awaited<ReturnType<typeof buildScopeWorld>>;
let world: World;

interface Secret {
  customerId: number;
  customerNo: string;
  name: string;
  cityCode: string;
  countyCode: string;
  kind: 'phone' | 'cert';
  value: string;
}

interface Caller {
  label: string;
  role: PrincipalRole;
  headers: Record<string, string>;
  /** null: the whole province */
  region: { cityCode: string; countyCode?: string } | null;
  userId?: number;
}

let secrets: Secret[] = [];
const callers: Caller[] = [];
let loadBatchId = 0;
const uploadIds: string[] = [];
const uploader = new Map<string, string>();

beforeAll(async () => {
  world = await buildScopeWorld();
  const { db, app } = world;
  const session = async (
    role: 'admin' | 'coordinator' | 'manager' | 'agent' | 'auditor',
    region?: { cityCode: string },
  ) => {
    const u = await newUser(db.kysely, role, region ?? {});
    return { cookie: await loginAs(app, u.username, TEST_PASSWORD), id: u.id };
  };
  const admin = await session('admin');
  const coordinator = await session('coordinator');
  const manager = await session('manager');
  const auditor = await session('auditor');
  const agent = await session('agent', { cityCode: TREE.kunming.city });
  const { token } = await createApiToken(db.kysely, 'matrix-integration', null, null, TEST_EPOCH);
  callers.push(
    { label: 'admin', role: 'admin', headers: { cookie: admin.cookie }, region: null },
    { label: 'coordinator', role: 'coordinator', headers: { cookie: coordinator.cookie }, region: null },
    {
      label: 'city member (曲靖)',
      role: 'city_member',
      headers: { cookie: world.viewers.city.cookie },
      region: world.viewers.city.region,
    },
    {
      label: 'county member (五华)',
      role: 'city_member',
      headers: { cookie: world.viewers.county.cookie },
      region: world.viewers.county.region,
    },
    {
      label: 'agent (昆明)',
      role: 'agent',
      headers: { cookie: agent.cookie },
      region: { cityCode: TREE.kunming.city },
      userId: agent.id,
    },
    { label: 'manager', role: 'manager', headers: { cookie: manager.cookie }, region: null },
    { label: 'auditor', role: 'auditor', headers: { cookie: auditor.cookie }, region: null },
    {
      label: 'integration token',
      role: 'integration',
      headers: { authorization: `Bearer ${token}` },
      region: null,
    },
  );
  // the round trip: every customer has a correction queued for the marketing system (a landline
  // of its own, so the change feed and the change file carry numbers) and an open conflict
  const all = await db.kysely.selectFrom('customers').select('id').orderBy('id').execute();
  const corrected = (i: number) => `0871-6${String(i).padStart(7, '0')}`;
  await db.kysely.transaction().execute(async (trx) => {
    await applyOverCurrent(
      trx,
      all.map((c, i) => ({ customerId: c.id, fields: { landline: corrected(i) } })),
      { source: { kind: 'call', ref: 'matrix', userId: null }, now: TEST_EPOCH },
    );
    const divergences = await findDivergences(
      trx,
      all.map((c) => c.id),
    );
    await recordConflicts(
      trx,
      all.map((c, i) => ({
        customerId: c.id,
        field: 'landline' as const,
        base: divergences.get(c.id)!.get('landline')!.base,
        ours: corrected(i),
        theirs: '0871-69999999',
        divergence: divergences.get(c.id)!.get('landline')!,
      })),
      world.batchId,
      TEST_EPOCH,
    );
  });
  const customers = await db.kysely
    .selectFrom('customers')
    .select(['id', 'customer_no', 'name', 'city_code', 'county_code', 'mobile', 'landline', 'cert_no'])
    .execute();
  // a number several customers share (the factories' default landline) tells no one apart
  const counts = new Map<string, number>();
  for (const c of customers)
    for (const v of [c.mobile, c.landline, c.cert_no]) counts.set(v, (counts.get(v) ?? 0) + 1);
  secrets = customers.flatMap((c) =>
    (
      [
        ['phone', c.mobile],
        ['phone', c.landline],
        ['cert', c.cert_no],
      ] as const
    )
      .filter(([, v]) => v.replace(/\D/g, '').length >= 7 && counts.get(v) === 1)
      .map(([kind, value]) => ({
        customerId: c.id,
        customerNo: c.customer_no,
        name: c.name,
        cityCode: c.city_code,
        countyCode: c.county_code,
        kind,
        value,
      })),
  );
  // a load whose rejected rows quote the 昆明 customer's numbers (its raw line goes to errors.csv)
  const dir = (loadDir = await mkdtemp(join(tmpdir(), 'qy-matrix-')));
  const k = world.customers.kunming;
  const csv = join(dir, 'bad.csv');
  await writeFile(
    csv,
    'customer_no,name,customer_type,cert_type,cert_no,mobile,landline,address,station_code,status\n' +
      `${k.customer_no},${k.name},residential,resident_id,530102198807150012,${k.mobile},,地址,${TREE.kunming.station},gone\n`,
  );
  const { batch } = await runLoad(db, {
    kind: 'customers',
    path: csv,
    fileName: 'bad.csv',
    userId: admin.id,
    now: TEST_EPOCH,
  });
  loadBatchId = Number(batch.id);
  uploadIds.push(...Object.values(world.uploads).map(String));
}, 300_000);

afterAll(async () => {
  await world.close();
  if (loadDir) await rm(loadDir, { recursive: true, force: true });
});

type Method = 'GET' | 'POST' | 'PUT';
interface Req {
  method: Method;
  url: string;
  payload?: object | string | Buffer;
  headers?: Record<string, string>;
  /** the caller who sent the file this answer is about: its own input may name anyone */
  uploadedBy?: string;
}
const get = (url: string): Req => ({ method: 'GET', url });
const post = (url: string, payload?: object): Req => ({
  method: 'POST',
  url,
  ...(payload ? { payload } : {}),
});
const put = (url: string, payload: object): Req => ({ method: 'PUT', url, payload });

/** What a row sends; `after` sees each answer (to learn ids the next rows use). */
interface Row {
  requests: () => Req[] | Promise<Req[]>;
  after?: (caller: Caller, res: LightMyRequestResponse) => void;
}

/** What the admin rows made, for the rows after them. */
const adminTarget = { user: '0', token: '0' };
const customerIds = () => Object.values(world.customers).map((c) => c.id);
const runIds = () => Object.values(world.runs);
const ws = (tail: string) => `/api/v1/worksheets${tail}`;

const rows: Record<string, Row> = {
  'POST /api/v1/auth/login': {
    requests: () => [post('/api/v1/auth/login', { username: 'nobody', password: 'x' })],
  },
  // with a session of its own: the caller's must outlive the matrix
  'POST /api/v1/auth/logout': {
    requests: () => [{ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie: 'qy_session=other' } }],
  },
  'GET /api/v1/auth/me': { requests: () => [get('/api/v1/auth/me')] },
  // a wrong code: refused, nothing set
  'POST /api/v1/auth/setup-password': {
    requests: () => [
      post('/api/v1/auth/setup-password', { username: 'nobody', code: 'AAAAA-AAAAA', password: 'x' }),
    ],
  },
  // a wrong current password: refused, the callers' passwords stay
  'POST /api/v1/auth/password': {
    requests: () => [
      post('/api/v1/auth/password', { currentPassword: 'wrong-one', newPassword: 'another-pass-2026' }),
    ],
  },
  'GET /api/v1/admin/users': { requests: () => [get('/api/v1/admin/users')] },
  // a user of its own for the rows below (only the admin's request succeeds)
  'POST /api/v1/admin/users': {
    requests: () => [post('/api/v1/admin/users', { username: 'matrix-new', role: 'manager' })],
    after: (_caller, res) => {
      if (res.statusCode === 200) adminTarget.user = res.json().user.id;
    },
  },
  'PUT /api/v1/admin/users/:id': {
    requests: () => [
      put(`/api/v1/admin/users/${adminTarget.user}`, {
        displayName: '矩阵',
        role: 'manager',
        isActive: true,
      }),
    ],
  },
  'POST /api/v1/admin/users/:id/reset': {
    requests: () => [post(`/api/v1/admin/users/${adminTarget.user}/reset`)],
  },
  'GET /api/v1/admin/tokens': { requests: () => [get('/api/v1/admin/tokens')] },
  'POST /api/v1/admin/tokens': {
    requests: () => [post('/api/v1/admin/tokens', { name: 'matrix-extra', channel: 'matrix' })],
    after: (_caller, res) => {
      if (res.statusCode === 200) adminTarget.token = res.json().item.id;
    },
  },
  // the token made above, never the callers' own
  'POST /api/v1/admin/tokens/:id/revoke': {
    requests: () => [post(`/api/v1/admin/tokens/${adminTarget.token}/revoke`)],
  },
  'GET /api/v1/customers': {
    requests: () => [
      get('/api/v1/customers?pageSize=200'),
      ...secrets
        .filter((s) => s.kind === 'phone')
        .map((s) => get(`/api/v1/customers?q=${encodeURIComponent(s.value)}`)),
    ],
  },
  'GET /api/v1/customers/:id': { requests: () => customerIds().map((id) => get(`/api/v1/customers/${id}`)) },
  'POST /api/v1/loads/customers': {
    requests: () => [
      {
        method: 'POST',
        url: '/api/v1/loads/customers',
        ...multipartCsv(
          'customer_no,name,customer_type,cert_type,cert_no,mobile,landline,address,station_code,status\n' +
            `X1,某某,residential,resident_id,${world.customers.qujing.cert_no},${world.customers.qujing.mobile},,地址,00000000,active\n`,
        ),
      },
    ],
  },
  'POST /api/v1/loads/org-units': {
    requests: () => [
      {
        method: 'POST',
        url: '/api/v1/loads/org-units',
        ...multipartCsv('code,name,level,parent_code,division_code\n99990101,孤儿供电所,station,999999,\n'),
      },
    ],
  },
  'GET /api/v1/loads': { requests: () => [get('/api/v1/loads')] },
  'GET /api/v1/retention/policy': { requests: () => [get('/api/v1/retention/policy')] },
  // the same years again: the matrix's customers are not closed, nothing is anonymised
  'PUT /api/v1/retention/policy': {
    requests: () => [put('/api/v1/retention/policy', { highYears: 5, lowYears: 3 })],
  },
  'GET /api/v1/retention/dry-run': { requests: () => [get('/api/v1/retention/dry-run')] },
  'GET /api/v1/retention/runs': { requests: () => [get('/api/v1/retention/runs')] },
  'POST /api/v1/retention/runs': { requests: () => [post('/api/v1/retention/runs')] },
  'GET /api/v1/loads/:id': { requests: () => [get(`/api/v1/loads/${loadBatchId}`)] },
  'GET /api/v1/loads/:id/errors.csv': { requests: () => [get(`/api/v1/loads/${loadBatchId}/errors.csv`)] },
  'GET /api/v1/rule-sets': { requests: () => [get('/api/v1/rule-sets')] },
  'GET /api/v1/rule-sets/:version': { requests: () => [get('/api/v1/rule-sets/1')] },
  'POST /api/v1/rule-sets': { requests: () => [post('/api/v1/rule-sets', { document: { rules: [] } })] },
  'POST /api/v1/rule-sets/:version/preview': { requests: () => [post('/api/v1/rule-sets/1/preview', {})] },
  'POST /api/v1/rule-sets/:version/activate': { requests: () => [post('/api/v1/rule-sets/1/activate')] },
  'POST /api/v1/validation/runs': { requests: () => [post('/api/v1/validation/runs', {})] },
  'GET /api/v1/validation/runs': { requests: () => [get('/api/v1/validation/runs')] },
  'GET /api/v1/validation/runs/:id': {
    requests: () => runIds().map((id) => get(`/api/v1/validation/runs/${id}`)),
  },
  'GET /api/v1/validation/runs/:id/summary': {
    requests: () => runIds().map((id) => get(`/api/v1/validation/runs/${id}/summary?level=station`)),
  },
  'GET /api/v1/validation/runs/:id/findings': {
    requests: () => runIds().map((id) => get(`/api/v1/validation/runs/${id}/findings?pageSize=200`)),
  },
  'GET /api/v1/validation/runs/:id/findings.csv': {
    requests: () => runIds().map((id) => get(`/api/v1/validation/runs/${id}/findings.csv`)),
  },
  'GET /api/v1/sampling/plans': { requests: () => [get('/api/v1/sampling/plans')] },
  'POST /api/v1/sampling/plans': {
    requests: () => [
      post('/api/v1/sampling/plans', { kind: 'call', rate: 1, stratifyBy: 'city', excludeDays: 0 }),
    ],
  },
  'GET /api/v1/sampling/plans/:id': {
    requests: () => Object.values(world.plans).map((id) => get(`/api/v1/sampling/plans/${id}`)),
  },
  'POST /api/v1/validate': {
    requests: () => [
      post('/api/v1/validate', {
        name: '新户',
        mobile: '13900001111',
        certNo: '530102199001011234',
        stationCode: TREE.kunming.station,
      }),
    ],
  },
  'GET /api/v1/sms/template': { requests: () => [get('/api/v1/sms/template')] },
  'POST /api/v1/sms/plans/:id/send': {
    requests: () => [post(`/api/v1/sms/plans/${world.plans.kunming}/send`, {})],
  },
  'GET /api/v1/sms/plans/:id/stats': {
    requests: () => Object.values(world.plans).map((id) => get(`/api/v1/sms/plans/${id}/stats`)),
  },
  'POST /api/v1/sms/twilio/status': { requests: () => [twilioForm('/api/v1/sms/twilio/status')] },
  'POST /api/v1/sms/twilio/inbound': { requests: () => [twilioForm('/api/v1/sms/twilio/inbound')] },
  'GET /api/v1/sms/replies': { requests: () => [get('/api/v1/sms/replies')] },
  'POST /api/v1/sms/replies/:id/correction': {
    requests: () => [
      post('/api/v1/sms/replies/999999999/correction', { version: 1, fields: { mobile: '13900001111' } }),
    ],
  },
  'POST /api/v1/sms/replies/:id/no-action': {
    requests: () => [post('/api/v1/sms/replies/999999999/no-action', { note: '无需处理' })],
  },
  // without the callback token: refused, nothing stored
  'POST /api/v1/sms/aliyun/report': { requests: () => [post('/api/v1/sms/aliyun/report', [])] },
  'POST /api/v1/sms/aliyun/reply': { requests: () => [post('/api/v1/sms/aliyun/reply', [])] },
  'POST /api/v1/calls/next': { requests: () => [post('/api/v1/calls/next', {})] },
  'POST /api/v1/calls/:id/result': {
    requests: async () => {
      const task = await world.db.kysely
        .selectFrom('call_tasks')
        .select('id')
        .orderBy('id')
        .executeTakeFirst();
      return task
        ? [post(`/api/v1/calls/${task.id}/result`, { requestId: 'matrix', result: 'no_answer' })]
        : [];
    },
  },
  // nobody holds this id: refused, nothing released
  'POST /api/v1/calls/:id/release': { requests: () => [post('/api/v1/calls/999999999/release', {})] },
  'GET /api/v1/calls/plans': { requests: () => [get('/api/v1/calls/plans')] },
  'GET /api/v1/calls/report': { requests: () => [get('/api/v1/calls/report')] },
  'GET /api/v1/campaign': { requests: () => [get('/api/v1/campaign')] },
  'PUT /api/v1/campaign/phases': { requests: () => [put('/api/v1/campaign/phases', { phases: [] })] },
  'PUT /api/v1/campaign/pilot-stations': {
    requests: () => [put('/api/v1/campaign/pilot-stations', { stationCodes: [TREE.kunming.station] })],
  },
  'PUT /api/v1/campaign/targets': {
    requests: () => [
      put('/api/v1/campaign/targets', {
        targets: [{ cityCode: TREE.kunming.city, phase: 'pilot', targetPct: 1, deadline: '2026-12-01' }],
      }),
    ],
  },
  'GET /api/v1/campaign/targets/history': { requests: () => [get('/api/v1/campaign/targets/history')] },
  'PUT /api/v1/campaign/settings': { requests: () => [put('/api/v1/campaign/settings', {})] },
  'POST /api/v1/campaign/snapshots': {
    requests: () => [post('/api/v1/campaign/snapshots', { kind: 'week' })],
  },
  'GET /api/v1/campaign/work-reports': { requests: () => [get('/api/v1/campaign/work-reports')] },
  'PUT /api/v1/campaign/work-reports': {
    requests: () => [
      put('/api/v1/campaign/work-reports', { kind: 'week', periodKey: '2026-W48', stationPlan: [] }),
    ],
  },
  'GET /api/v1/campaign/cycles': { requests: () => [get('/api/v1/campaign/cycles')] },
  'POST /api/v1/campaign/cycles': { requests: () => [post('/api/v1/campaign/cycles', { name: '矩阵周期' })] },
  // unknown cycles: the access check is what is probed; the running cycle stays open for the other rows
  'POST /api/v1/campaign/cycles/:id/activate': {
    requests: () => [post('/api/v1/campaign/cycles/999999999/activate')],
  },
  'POST /api/v1/campaign/cycles/:id/close': {
    requests: () => [post('/api/v1/campaign/cycles/999999999/close')],
  },
  'GET /api/v1/campaign/customers/:id/verifications': {
    requests: () => customerIds().map((id) => get(`/api/v1/campaign/customers/${id}/verifications`)),
  },
  ...Object.fromEntries(
    ['overview', 'trend', 'rules', 'due', 'settings', 'settings/history'].map((w): [string, Row] => [
      `GET /api/v1/monitoring/${w}`,
      { requests: () => [get(`/api/v1/monitoring/${w}`)] },
    ]),
  ),
  'PUT /api/v1/monitoring/settings': {
    requests: () => [
      put('/api/v1/monitoring/settings', {
        targetScore: 95,
        redScoreMargin: 5,
        newDefectsYellowPerMille: 5,
        newDefectsRedPerMille: 20,
        gateRiseYellowPts: 2,
        gateRiseRedPts: 5,
        reverifyMonths: 12,
      }),
    ],
  },
  'POST /api/v1/monitoring/refresh': { requests: () => [post('/api/v1/monitoring/refresh')] },
  'GET /api/v1/reports/weekly/preview': { requests: () => [get('/api/v1/reports/weekly/preview')] },
  'POST /api/v1/reports/weekly/send': { requests: () => [post('/api/v1/reports/weekly/send')] },
  'GET /api/v1/reports/weekly': { requests: () => [get('/api/v1/reports/weekly')] },
  'GET /api/v1/reports/export.xlsx': { requests: () => [get('/api/v1/reports/export.xlsx?kind=week')] },
  ...Object.fromEntries(
    ['kpis', 'ranking', 'trend', 'round-trip', 'quality', 'entry-gate', 'work-reports'].map(
      (w): [string, Row] => [
        `GET /api/v1/dashboard/${w}`,
        { requests: () => [get(`/api/v1/dashboard/${w}`)] },
      ],
    ),
  ),
  'GET /api/v1/changes': { requests: () => [get('/api/v1/changes?after=0&limit=1000')] },
  'GET /api/v1/changes/summary': { requests: () => [get('/api/v1/changes/summary')] },
  'GET /api/v1/changes/file': {
    requests: () => [get('/api/v1/changes/file?format=csv&after=0'), get('/api/v1/changes/file?format=xlsx')],
  },
  // an unknown id: refused whole, by id
  'POST /api/v1/changes/ack': {
    requests: () => [post('/api/v1/changes/ack', { items: [{ id: 999_999_999, status: 'applied' }] })],
  },
  'GET /api/v1/conflicts': { requests: () => [get('/api/v1/conflicts?pageSize=200')] },
  'GET /api/v1/conflicts/summary': { requests: () => [get('/api/v1/conflicts/summary')] },
  'POST /api/v1/conflicts/resolve': {
    requests: async () => {
      const open = await world.db.kysely.selectFrom('source_conflicts').select('id').execute();
      return [post('/api/v1/conflicts/resolve', { ids: open.map((c) => Number(c.id)), action: 'keep_ours' })];
    },
  },
  'GET /api/v1/field/stations': { requests: () => [get('/api/v1/field/stations')] },
  'GET /api/v1/field/customers': {
    requests: () =>
      [TREE.kunming.station, TREE.qujing.station].map((s) =>
        get(`/api/v1/field/customers?station=${s}&limit=200`),
      ),
  },
  'POST /api/v1/field/check': {
    requests: () =>
      customerIds().map((id) => post('/api/v1/field/check', { customerId: id, fields: { name: '王五' } })),
  },
  // an unknown customer: refused by id, nothing written
  'POST /api/v1/field/entries': {
    requests: () => [
      post('/api/v1/field/entries', {
        key: 'matrix-entry',
        customerId: 999_999_999,
        version: 1,
        result: 'confirmed',
      }),
    ],
  },
  'GET /api/v1/field/entries': { requests: () => [get('/api/v1/field/entries')] },
  // the access log (审计): it names customers by id and searches masked, never a number in full
  'GET /api/v1/audit/access-log': { requests: () => [get('/api/v1/audit/access-log?limit=500')] },
  'GET /api/v1/audit/access-log/summary': { requests: () => [get('/api/v1/audit/access-log/summary')] },
  'GET /api/v1/audit/access-log.csv': { requests: () => [get('/api/v1/audit/access-log.csv')] },
  'POST /api/v1/audit/prints': {
    requests: () => [post('/api/v1/audit/prints', { page: 'dashboard', scope: {} })],
  },
  // approvals (审批): asked for, never granted here (a grant would widen what the row expects)
  'POST /api/v1/access/requests': {
    requests: () => [
      post('/api/v1/access/requests', {
        scope: { kind: 'customers', customerIds: customerIds() },
        reason: '核对号码需要',
        hours: 1,
      }),
    ],
  },
  'GET /api/v1/access/requests': { requests: () => [get('/api/v1/access/requests')] },
  'POST /api/v1/access/requests/:id/grant': {
    requests: () => [post('/api/v1/access/requests/999999999/grant', { hours: 1 })],
  },
  'POST /api/v1/access/requests/:id/refuse': {
    requests: () => [post('/api/v1/access/requests/999999999/refuse', { reason: '不需要' })],
  },
  'GET /api/v1/access/approvers': { requests: () => [get('/api/v1/access/approvers')] },
  'PUT /api/v1/access/approvers': {
    requests: () => [put('/api/v1/access/approvers', { cityCode: TREE.kunming.city, usernames: [] })],
  },
  'GET /api/v1/access/notifications': { requests: () => [get('/api/v1/access/notifications')] },
  'POST /api/v1/access/notifications/read': {
    requests: () => [post('/api/v1/access/notifications/read', {})],
  },
  'GET /api/v1/worksheets/units': { requests: () => [get(ws('/units'))] },
  'POST /api/v1/worksheets/exports': {
    requests: () => [
      post(ws('/exports'), { findingsOnly: false }),
      post(ws('/exports'), { layout: 'files' }),
    ],
  },
  'GET /api/v1/worksheets/exports': { requests: () => [get(ws('/exports'))] },
  'GET /api/v1/worksheets/stations': { requests: () => [get(ws('/stations'))] },
  'POST /api/v1/worksheets/exports/:id/again': {
    requests: async () => {
      const rows = await world.db.kysely
        .selectFrom('worksheet_exports')
        .select('id')
        .orderBy('id')
        .limit(3)
        .execute();
      return rows.map((r) => post(ws(`/exports/${r.id}/again`)));
    },
  },
  // the uploader sends a 昆明 worksheet with every number in full: nothing it may not see comes back
  'POST /api/v1/worksheets/uploads': {
    requests: async () => {
      const { payload, contentType } = multipart(await readFile(world.worksheet));
      return [{ method: 'POST', url: ws('/uploads'), payload, headers: { 'content-type': contentType } }];
    },
    after: (caller, res) => {
      if (res.statusCode !== 200) return;
      uploadIds.push(String(res.json().upload.id));
      uploader.set(String(res.json().upload.id), caller.label);
    },
  },
  'GET /api/v1/worksheets/uploads': { requests: () => [get(ws('/uploads'))] },
  'GET /api/v1/worksheets/uploads/:id': { requests: () => perUpload((id) => get(ws(`/uploads/${id}`))) },
  'GET /api/v1/worksheets/uploads/:id/rows': {
    requests: () => perUpload((id) => get(ws(`/uploads/${id}/rows?limit=500`))),
  },
  'GET /api/v1/worksheets/uploads/:id/errors.xlsx': {
    requests: () => perUpload((id) => get(ws(`/uploads/${id}/errors.xlsx`))),
  },
  'POST /api/v1/worksheets/uploads/:id/commit': {
    requests: () => perUpload((id) => post(ws(`/uploads/${id}/commit`))),
  },
  'POST /api/v1/worksheets/uploads/:id/discard': {
    requests: () => perUpload((id) => post(ws(`/uploads/${id}/discard`))),
  },
};

const perUpload = (req: (id: string) => Req): Req[] =>
  uploadIds.map((id) => ({ ...req(id), uploadedBy: uploader.get(id) }));

function multipartCsv(csv: string): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----qy-matrix';
  const payload = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="m.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
  );
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

function twilioForm(url: string): Req {
  return {
    method: 'POST',
    url,
    payload: `MessageSid=SM${'0'.repeat(32)}&From=%2B86${world.customers.kunming.mobile}&Body=1`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  };
}

/** Every string an answer carries: the body, or every part of a downloaded xlsx or zip. */
async function textOf(res: LightMyRequestResponse): Promise<string> {
  const raw = res.rawPayload;
  if (raw.length >= 4 && raw.readUInt32LE(0) === 0x04034b50) return unzipText(raw);
  return res.body;
}

async function unzipText(buf: Buffer): Promise<string> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, z) => (err || !z ? reject(err) : resolve(z))),
  );
  const parts: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const data = Buffer.concat(chunks);
          const nested = data.length >= 4 && data.readUInt32LE(0) === 0x04034b50;
          const text = nested ? unzipText(data) : Promise.resolve(xmlText(data.toString('utf8')));
          text.then((t) => {
            parts.push(t);
            zip.readEntry();
          }, reject);
        });
      });
    });
    zip.readEntry();
  });
  return parts.join('\n');
}

const xmlText = (xml: string) => xml.replace(/&#(\d+);/g, (_m, n: string) => String.fromCodePoint(Number(n)));

const inRegion = (caller: Caller, s: Secret) =>
  !caller.region ||
  (s.cityCode === caller.region.cityCode &&
    (!caller.region.countyCode || s.countyCode === caller.region.countyCode));

async function heldBy(caller: Caller): Promise<Set<number>> {
  if (caller.role !== 'agent' || !caller.userId) return new Set();
  const rows = await world.db.kysely
    .selectFrom('call_tasks')
    .select('customer_id')
    .where('leased_by', '=', caller.userId)
    .where('status', '=', 'open')
    .execute();
  return new Set(rows.map((r) => r.customer_id));
}

/** No number the caller may not see in full, and nothing of a customer outside its region. */
async function assertClean(caller: Caller, what: string, text: string, isOwnInput: boolean) {
  const mask = masker(caller, { heldCustomerIds: await heldBy(caller) });
  for (const s of secrets) {
    const m = mask.forCustomer(s.customerId);
    const mayFull = s.kind === 'phone' ? m.isFullPhone : m.isFullCert;
    const isForeign = !inRegion(caller, s) && !isOwnInput;
    if (!mayFull || isForeign)
      expect(text.includes(s.value), `${caller.label}: ${what} shows ${s.kind} ${s.value} of ${s.name}`).toBe(
        false,
      );
    if (isForeign) {
      expect(text.includes(s.customerNo), `${caller.label}: ${what} shows customer ${s.customerNo}`).toBe(
        false,
      );
      expect(text.includes(s.name), `${caller.label}: ${what} shows ${s.name}`).toBe(false);
    }
  }
}

/** For checking that the matrix is not vacuous: which answers showed a number masked or in full. */
const seen = { masked: new Set<string>(), full: new Set<string>() };

it('every route × every role: region scope and masking on every answer and every file', async () => {
  const routes = world.app.apiRoutes;
  expect(routes.length).toBeGreaterThan(40);
  const keys = routes.map((r) => `${r.method} ${r.url}`);
  expect(
    keys.filter((k) => !rows[k]),
    'routes without a row in the masking matrix',
  ).toEqual([]);
  expect(
    Object.keys(rows).filter((k) => !keys.includes(k)),
    'rows for routes that are gone',
  ).toEqual([]);
  for (const route of routes) {
    const key = `${route.method} ${route.url}`;
    const row = rows[key]!;
    for (const caller of callers) {
      for (const req of await row.requests()) {
        const res = await world.app.inject({
          method: req.method,
          url: req.url,
          headers: { ...caller.headers, ...req.headers },
          ...(req.payload === undefined ? {} : { payload: req.payload }),
        });
        const what = `${req.method} ${req.url} → ${res.statusCode}`;
        if (route.access !== 'public' && !route.access.includes(caller.role))
          expect(res.statusCode, `${caller.label}: ${what} outside the route's access`).toBe(403);
        expect(res.statusCode, `${caller.label}: ${what} ${res.body.slice(0, 300)}`).toBeLessThan(500);
        const text = await textOf(res);
        await assertClean(caller, what, text, req.uploadedBy === caller.label);
        for (const s of secrets) {
          if (s.kind !== 'phone') continue;
          if (text.includes(s.value)) seen.full.add(`${caller.role} ${key}`);
          if (text.includes(masker({ role: 'coordinator' }).phone(s.value)))
            seen.masked.add(`${caller.role} ${key}`);
        }
        row.after?.(caller, res);
      }
    }
  }
  // not vacuous: the files that carry numbers were read, masked for some and in full for others
  for (const key of [
    'GET /api/v1/customers',
    'GET /api/v1/loads/:id/errors.csv',
    'GET /api/v1/worksheets/uploads/:id/errors.xlsx',
    'POST /api/v1/worksheets/exports',
    'GET /api/v1/changes/file',
    'GET /api/v1/conflicts',
  ]) {
    expect(seen.masked, key).toContain(`coordinator ${key}`);
    expect(seen.full, key).toContain(`admin ${key}`);
  }
  expect(seen.full).toContain('agent POST /api/v1/calls/next');
}, 600_000);

// the extractor itself: a number inside an xlsx is found
it('reads the numbers inside an xlsx as the matrix does', async () => {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('s').addRow(['13811112222', '证件 530102198807150012']);
  const text = await unzipText(Buffer.from(await wb.xlsx.writeBuffer()));
  expect(text).toContain('13811112222');
  expect(text).toContain('530102198807150012');
});
