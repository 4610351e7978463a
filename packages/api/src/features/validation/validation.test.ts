import {
  compileRuleSet,
  crossRecordFindings,
  defaultRuleSet,
  residentIdCheckChar,
  type CustomerRecord,
} from '@qingyuan/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import {
  changeCustomer,
  newCustomer,
  newUser,
  seedOrgTree,
  TEST_PASSWORD,
  TREE,
} from '../../testing/factories.ts';
import type { Principal } from '../auth/principal.ts';
import { PROVINCE } from '../auth/region.ts';
import { revalidateCustomers } from './revalidate.ts';
import { withLock } from '../../db/coordination.ts';
import type { Db } from '../../db.ts';
import { executeRun as executeRunUnlocked, type RunOptions } from './runner.ts';
import { startRun } from './service.ts';
import { countCustomersInScope } from './queries.ts';
import { applyOverCurrent } from '../customers/changes.ts';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { TEST_EPOCH, testClock } from '../../testing/clock.ts';
import { chinaToday } from '../rule-sets/active.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
const clock = testClock(TEST_EPOCH);

// As the app's runner does, a test executes a run under the run's lock: the runner of the test app
// (which wakes every JOBS_POLL_SECONDS) then never takes up a run the test is executing itself.
async function executeRun(d: Db, id: number, opts: RunOptions) {
  const held = await withLock(d.coordination, `validation-run:${id}`, () => executeRunUnlocked(d, id, opts));
  if (!held) throw new Error(`run ${id} is being executed by the app's runner`);
  return held.value;
}
let coordinator: Principal;
const cookies: Record<string, string> = {};

const id = (first17: string) => first17 + residentIdCheckChar(first17);
let n = 0;
/** A resident customer the default rule set finds nothing wrong with. */
const clean = (city: 'kunming' | 'qujing', over: Record<string, string> = {}) => {
  n++;
  const county = TREE[city].county;
  return newCustomer(db.kysely, {
    city,
    name: ['李建国', '赵丽华', '周志强', '吴秀英', '郑国庆', '冯桂芳'][n % 6]! + (n > 6 ? '' : ''),
    cert_no: id(
      `${county}1985${String((n % 12) + 1).padStart(2, '0')}${String((n % 27) + 1).padStart(2, '0')}${String(100 + n).slice(-3)}`,
    ),
    mobile: `139${String(47_000_000 + n * 7919).padStart(8, '0')}`,
    landline: '',
    address:
      city === 'kunming'
        ? `云南省昆明市五华区华山街道翠湖社区${n}组${n}号`
        : `云南省曲靖市麒麟区南宁街道白石江社区${n}组${n}号`,
    ...over,
  });
};

const recordOf = (c: Awaited<ReturnType<typeof clean>>): CustomerRecord => ({
  ...c,
  region: { provinceCode: '53', cityCode: c.county_code.slice(0, 4), countyCode: c.county_code },
});

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db, {}, clock);
  const c = await newUser(db.kysely, 'coordinator');
  coordinator = {
    kind: 'user',
    id: c.id,
    username: c.username,
    name: c.username,
    role: 'coordinator',
    region: PROVINCE,
  };
  cookies.coordinator = await loginAs(app, c.username, TEST_PASSWORD);
  for (const [key, city] of [
    ['kunming', TREE.kunming.city],
    ['qujing', TREE.qujing.city],
  ] as const) {
    const u = await newUser(db.kysely, 'city_member', { cityCode: city });
    cookies[key] = await loginAs(app, u.username, TEST_PASSWORD);
  }
  // 昆明: 10 clean, 2 placeholder mobiles, 1 bad checksum, a mobile shared by 5 holders,
  // one cert under two names, and a likely duplicate pair. 曲靖: 4 clean, 1 placeholder name.
  for (let i = 0; i < 10; i++) await clean('kunming');
  await clean('kunming', { mobile: '13800000000' });
  await clean('kunming', { mobile: '11111111111' });
  await clean('kunming', { cert_no: '530102199001011234' });
  // the members of each group written in other surface forms too: the keys (and the hashes the
  // database keeps of them) are what groups them, not the text
  for (const mobile of ['13987001234', '13987001234', '13987001234', '+86 139-8700-1234', '0086 13987001234'])
    await clean('kunming', { mobile });
  const shared = id('53010219800305211');
  await clean('kunming', { cert_no: shared, name: '孙文华' });
  await clean('kunming', { cert_no: shared, name: '白文华' });
  await clean('kunming', {
    name: '钱 多多',
    address: '云南省昆明市五华区华山街道翠湖社区9组 99号。',
    cert_no: '',
    cert_type: 'other',
  });
  await clean('kunming', {
    name: '钱多多',
    address: '云南省昆明市五华区华山街道翠湖社区9组99号',
    cert_no: '',
    cert_type: 'other',
  });
  for (let i = 0; i < 4; i++) await clean('qujing');
  await clean('qujing', { name: '户主' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

type Row = {
  customer_id: number;
  rule_id: string;
  field: string;
  code: string;
  severity: string;
  message_zh: string;
  suggested: string | null;
};
const findingsOf = async (runId: number): Promise<Row[]> =>
  db.kysely
    .selectFrom('findings')
    .select(['customer_id', 'rule_id', 'field', 'code', 'severity', 'message_zh', 'suggested'])
    .where('run_id', '=', runId)
    .orderBy('customer_id')
    .orderBy('rule_id')
    .orderBy('code')
    .execute();
const key = (r: Row) =>
  JSON.stringify([r.customer_id, r.rule_id, r.field, r.code, r.severity, r.message_zh, r.suggested]);

/** A run's summary as its pages and cross-record pass counted it, against one counted afresh from its findings. */
async function expectSummaryOfFindings(runId: number) {
  const counted = await sql`select station_code, field, rule_id, severity, customers, findings
    from finding_counts where run_id = ${runId} order by 1, 2, 3, 4`.execute(db.kysely);
  const fromFindings = await sql`select station_code, field, rule_id, severity,
      count(distinct customer_id)::int as customers, count(*)::int as findings
    from findings where run_id = ${runId} group by 1, 2, 3, 4 order by 1, 2, 3, 4`.execute(db.kysely);
  expect(counted.rows.length).toBeGreaterThan(0);
  expect(counted.rows).toEqual(fromFindings.rows);
  const errors =
    await sql`select u.station_code, u.customers_with_error as counted, coalesce(e.n, 0) as expected
    from unit_counts u left join (
      select station_code, count(distinct customer_id)::int as n from findings
      where run_id = ${runId} and severity = 'error' group by station_code) e using (station_code)
    where u.run_id = ${runId} order by 1`.execute(db.kysely);
  expect(errors.rows.length).toBeGreaterThan(0);
  for (const r of errors.rows as { counted: number; expected: number }[]) expect(r.counted).toBe(r.expected);
}

describe('a validation run', () => {
  let runId: number;
  beforeAll(async () => {
    runId = Number((await startRun(db, coordinator, TEST_EPOCH)).id);
    await executeRun(db, runId, { pageSize: 4, clock });
  });

  it('checks every customer and records per-record findings as the engine does', async () => {
    const run = await db.kysely
      .selectFrom('validation_runs')
      .selectAll()
      .where('id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'completed', rows_total: 27, rows_done: 27, rule_set_version: 1 });
    const customers = await db.kysely.selectFrom('customers').selectAll().orderBy('id').execute();
    const rules = compileRuleSet({ ...defaultRuleSet, version: 1 }, { today: chinaToday(TEST_EPOCH) });
    const expected = customers
      .flatMap((c) => rules.check(recordOf(c)).map((f) => `${c.id}:${f.ruleId}:${f.code}`))
      .sort();
    const stored = (await findingsOf(runId))
      .filter((f) => !f.rule_id.startsWith('X-'))
      .map((f) => `${f.customer_id}:${f.rule_id}:${f.code}`)
      .sort();
    expect(stored).toEqual(expected);
    expect(stored.some((s) => s.endsWith('mobile.placeholder'))).toBe(true);
    expect(stored.some((s) => s.endsWith('name.placeholder'))).toBe(true);
  });

  it('adds the cross-record findings X-01…03, agreeing with the library', async () => {
    const customers = await db.kysely.selectFrom('customers').selectAll().execute();
    const byNo = new Map(customers.map((c) => [c.customer_no, c.id]));
    const expected = crossRecordFindings(customers.map(recordOf))
      .map((f) => `${byNo.get(f.customerNo)}:${f.ruleId}:${f.severity}`)
      .sort();
    const stored = (await findingsOf(runId))
      .filter((f) => f.rule_id.startsWith('X-'))
      .map((f) => `${f.customer_id}:${f.rule_id}:${f.severity}`)
      .sort();
    expect(stored).toEqual(expected);
    // the five holders of one mobile, the two names of one ID, the later of the duplicate pair
    const count = (rule: string) => stored.filter((s) => s.split(':')[1] === rule).length;
    expect([count('X-01'), count('X-02'), count('X-03')]).toEqual([5, 2, 1]);
  });

  it('summarises by unit × field × rule × severity with a score per unit', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/validation/runs/${runId}/summary?level=city`,
      headers: { cookie: cookies.coordinator! },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const units = Object.fromEntries(body.units.map((u: { code: string }) => [u.code, u]));
    expect(units[TREE.kunming.city]).toMatchObject({ customersChecked: 22 });
    expect(units[TREE.qujing.city]).toMatchObject({ customersChecked: 5, customersWithError: 1, score: 0.8 });
    const all = await findingsOf(runId);
    const total = body.counts.reduce((s: number, c: { findings: number }) => s + c.findings, 0);
    expect(total).toBe(all.length);
    const x01 = body.counts.find((c: { ruleId: string }) => c.ruleId === 'X-01');
    expect(x01).toMatchObject({
      cityCode: TREE.kunming.city,
      field: 'mobile',
      severity: 'warning',
      customers: 5,
      findings: 5,
    });
    const station = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/validation/runs/${runId}/summary?level=station`,
        headers: { cookie: cookies.coordinator! },
      })
    ).json();
    expect(station.units.map((u: { code: string }) => u.code).sort()).toEqual([
      TREE.kunming.station,
      TREE.qujing.station,
    ]);
    await expectSummaryOfFindings(runId);
  });

  it('lists findings with filters and exports them as CSV', async () => {
    const get = (url: string) =>
      app.inject({ method: 'GET', url, headers: { cookie: cookies.coordinator! } });
    const page = (await get(`/api/v1/validation/runs/${runId}/findings?ruleId=X-01&pageSize=2`)).json();
    expect(page.total).toBe(5);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toMatchObject({ ruleId: 'X-01', field: 'mobile', severity: 'warning' });
    const errors = (
      await get(`/api/v1/validation/runs/${runId}/findings?severity=error&stationCode=${TREE.qujing.station}`)
    ).json();
    expect(errors.items.map((f: { code: string }) => f.code)).toEqual(['name.placeholder']);
    const csv = await get(`/api/v1/validation/runs/${runId}/findings.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\n');
    expect(lines).toHaveLength(1 + (await findingsOf(runId)).length);
    expect(lines[0]).toContain('customer_no');
  });

  it('scopes runs and findings to a city user', async () => {
    const k = await app.inject({
      method: 'POST',
      url: '/api/v1/validation/runs',
      headers: { cookie: cookies.kunming! },
      payload: {},
    });
    expect(k.statusCode).toBe(200);
    const kRun = k.json().run;
    expect(kRun).toMatchObject({ cityCode: TREE.kunming.city, rowsTotal: 22 });
    for (let i = 0; i < 100; i++) {
      const r = (
        await app.inject({
          method: 'GET',
          url: `/api/v1/validation/runs/${kRun.id}`,
          headers: { cookie: cookies.kunming! },
        })
      ).json().run;
      if (r.status === 'completed' || r.status === 'failed') break;
      await new Promise((res) => setTimeout(res, 50));
    }
    const done = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/validation/runs/${kRun.id}`,
        headers: { cookie: cookies.kunming! },
      })
    ).json().run;
    expect(done).toMatchObject({ status: 'completed', rowsDone: 22, etaSeconds: null });
    const mine = (
      await app.inject({
        method: 'GET',
        url: '/api/v1/validation/runs',
        headers: { cookie: cookies.kunming! },
      })
    ).json().items;
    expect(mine.map((r: { id: string }) => r.id)).toContain(kRun.id);
    // besides its own runs, a city team sees the province-wide ones (cut to its city row by row)
    for (const r of mine) expect([null, TREE.kunming.city]).toContain(r.cityCode);
    const theirs = await app.inject({
      method: 'GET',
      url: `/api/v1/validation/runs/${kRun.id}/findings`,
      headers: { cookie: cookies.qujing! },
    });
    expect(theirs.statusCode).toBe(404);
    const other = await app.inject({
      method: 'POST',
      url: '/api/v1/validation/runs',
      headers: { cookie: cookies.qujing! },
      payload: { unitCode: TREE.kunming.county },
    });
    expect(other.statusCode).toBe(403);
  });

  it('refuses a second run for a region while one is queued', async () => {
    const first = await startRun(db, coordinator, TEST_EPOCH, TREE.qujing.city);
    await expect(startRun(db, coordinator, TEST_EPOCH, TREE.qujing.city)).rejects.toMatchObject({
      code: 'conflict',
    });
    await executeRun(db, Number(first.id), { clock });
  });
});

describe("a run's size", () => {
  it("is the scope's active customers, however they have been written since the load", async () => {
    const active = async (trx: Kysely<Database>, city?: string) =>
      Number(
        (
          await trx
            .selectFrom('customers')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('status', '=', 'active')
            .$if(!!city, (q) => q.where('city_code', '=', city!))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await active(db.kysely);
    const rolledBack = new Error('rolled back');
    await expect(
      db.kysely.transaction().execute(async (trx) => {
        expect(await countCustomersInScope(trx, PROVINCE)).toBe(await active(trx));
        const [first, second] = await trx
          .selectFrom('customers')
          .select('id')
          .orderBy('id')
          .limit(2)
          .execute();
        // one customer closed (through the write path), one deleted, one added: the province's
        // count follows in the same transaction
        const closed = await applyOverCurrent(
          trx,
          [{ customerId: Number(first!.id), fields: { status: 'closed', closed_on: '2026-11-30' } }],
          { source: { kind: 'manual', ref: null, userId: null }, now: TEST_EPOCH },
        );
        expect(closed.applied).toHaveLength(1);
        await trx.deleteFrom('customers').where('id', '=', second!.id).execute();
        await newCustomer(trx, { city: 'qujing' });
        const after = await active(trx);
        expect(after).toBe(before - 1);
        expect(await countCustomersInScope(trx, PROVINCE)).toBe(after);
        const city = TREE.kunming.city;
        expect(await countCustomersInScope(trx, { cityCode: city })).toBe(await active(trx, city));
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
  });
});

describe('crash and resume', () => {
  it('resumes after the last committed page: no finding duplicated or missing', async () => {
    const cleanRun = Number((await startRun(db, coordinator, TEST_EPOCH)).id);
    await executeRun(db, cleanRun, { pageSize: 3, clock });
    const crashed = Number((await startRun(db, coordinator, TEST_EPOCH)).id);
    await expect(executeRun(db, crashed, { pageSize: 3, failAfterPages: 4, clock })).rejects.toThrow(
      /simulated crash/,
    );
    const mid = await db.kysely
      .selectFrom('validation_runs')
      .selectAll()
      .where('id', '=', crashed)
      .executeTakeFirstOrThrow();
    expect(mid).toMatchObject({ status: 'failed', rows_done: 12 });
    // a page that was checked but not committed left nothing behind (the cross-record pass may
    // have committed on its own connection: resuming replaces those, checked just below)
    const partial = (await findingsOf(crashed)).filter((f) => !f.rule_id.startsWith('X-'));
    expect(partial.every((f) => f.customer_id <= mid.last_customer_id)).toBe(true);
    await executeRun(db, crashed, { pageSize: 3, clock });
    const after = await db.kysely
      .selectFrom('validation_runs')
      .selectAll()
      .where('id', '=', crashed)
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ status: 'completed', rows_done: 27, error: null });
    expect((await findingsOf(crashed)).map(key)).toEqual((await findingsOf(cleanRun)).map(key));
    const counts = (id: number) =>
      db.kysely
        .selectFrom('unit_counts')
        .select(['station_code', 'customers_checked', 'customers_with_error'])
        .where('run_id', '=', id)
        .orderBy('station_code')
        .execute();
    expect(await counts(crashed)).toEqual(await counts(cleanRun));
    await expectSummaryOfFindings(cleanRun);
    await expectSummaryOfFindings(crashed);
  });
});

describe('worker threads', () => {
  // PostgreSQL: workers check pages of the run's COPY read; PGlite: a checker pool.
  it('give the same findings as the inline loop, and resume after a crash too', async () => {
    const inline = Number((await startRun(db, coordinator, TEST_EPOCH)).id);
    await executeRun(db, inline, { pageSize: 5, workers: 0, clock });
    const threaded = Number((await startRun(db, coordinator, TEST_EPOCH)).id);
    await expect(
      executeRun(db, threaded, { pageSize: 5, workers: 2, failAfterPages: 2, waitForWorkers: true, clock }),
    ).rejects.toThrow(/simulated crash/);
    await executeRun(db, threaded, { pageSize: 5, workers: 2, waitForWorkers: true, clock });
    expect((await findingsOf(threaded)).map(key)).toEqual((await findingsOf(inline)).map(key));
    await expectSummaryOfFindings(inline);
    await expectSummaryOfFindings(threaded);
  });

  // PostgreSQL reads the run in COPY segments of ids; pages run across their ends (PGlite: ignored).
  it('read in short id segments, give the same findings and resume after a crash', async () => {
    const inline = Number((await startRun(db, coordinator, TEST_EPOCH)).id);
    await executeRun(db, inline, { pageSize: 5, workers: 0, clock });
    const segmented = Number((await startRun(db, coordinator, TEST_EPOCH)).id);
    const opts = { pageSize: 5, workers: 1, segmentIds: 7, waitForWorkers: true, clock };
    await expect(executeRun(db, segmented, { ...opts, failAfterPages: 3 })).rejects.toThrow(
      /simulated crash/,
    );
    await executeRun(db, segmented, opts);
    expect((await findingsOf(segmented)).map(key)).toEqual((await findingsOf(inline)).map(key));
    const done = await db.kysely
      .selectFrom('validation_runs')
      .select('rows_done')
      .where('id', '=', segmented)
      .executeTakeFirstOrThrow();
    expect(done.rows_done).toBe(27);
  });
});

describe('re-validation', () => {
  it('replaces a changed customer’s findings in the latest completed run', async () => {
    const runId = Number((await startRun(db, coordinator, TEST_EPOCH)).id);
    await executeRun(db, runId, { clock });
    const bad = await db.kysely
      .selectFrom('customers')
      .select(['id', 'station_code'])
      .where('mobile', '=', '13800000000')
      .executeTakeFirstOrThrow();
    const before = (await findingsOf(runId)).filter((f) => f.customer_id === bad.id);
    expect(before.map((f) => f.code)).toContain('mobile.placeholder');
    await changeCustomer(db.kysely, bad.id, { mobile: '13945678123' });
    const result = await db.kysely
      .transaction()
      .execute((trx) => revalidateCustomers(trx, [bad.id], TEST_EPOCH));
    expect(result).toMatchObject({ customers: 1, runs: { [String(bad.id)]: runId } });
    const after = (await findingsOf(runId)).filter((f) => f.customer_id === bad.id);
    expect(after.map((f) => f.code)).not.toContain('mobile.placeholder');
    const counted = await db.kysely
      .selectFrom('finding_counts')
      .select((eb) => eb.fn.sum<number>('findings').as('n'))
      .where('run_id', '=', runId)
      .executeTakeFirstOrThrow();
    expect(Number(counted.n)).toBe((await findingsOf(runId)).length);
  });
});

describe("a run's summary", () => {
  it('is counted as its pages are committed, and equals one counted from its findings', async () => {
    // an ID under two names (X-02, an error), one of whose holders has a per-record error too:
    // a customer with an error is counted once
    const cert = id('53010219750607321');
    const both = await clean('kunming', { cert_no: cert, name: '杨丽', mobile: '13800000000' });
    await clean('kunming', { cert_no: cert, name: '杨莉' });
    for (const workers of [0, 2]) {
      const runId = Number((await startRun(db, coordinator, TEST_EPOCH)).id);
      await executeRun(db, runId, { pageSize: 4, workers, waitForWorkers: true, clock });
      const errorsOf = (await findingsOf(runId)).filter(
        (f) => f.customer_id === Number(both.id) && f.severity === 'error',
      );
      expect(errorsOf.map((f) => f.rule_id).sort()).toEqual(['MOB-02', 'X-02']);
      await expectSummaryOfFindings(runId);
    }
  });
});
