// Call verification through the HTTP API on both database legs: the queue under concurrency,
// leases that run out, idempotent saves, corrections judged by the rules engine, version
// conflicts, verification states, and the per-city error-rate report.
import { findFlaggedCustomers } from '../sms/flags.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { loadConfig } from '../../config.ts';
import { createPostgres, type Db } from '../../db.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { login } from '../auth/service.ts';
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
import { ensureDefaultRuleSet } from '../rule-sets/active.ts';
import { createFindingsPartition } from '../validation/partitions.queries.ts';
import { createSamplingPlan } from '../sampling/service.ts';

let db: TestDb;
let wide: Db; // 20 connections on PostgreSQL: the claims really run side by side
let app: Awaited<ReturnType<typeof buildApp>>;
let now = new Date('2026-11-28T02:00:00Z');
let planId: number;
const agents: string[] = [];
const agentIds: number[] = [];
let provinceAgent: string;
let qujingAgent: string;
let qujingMember: string;
let coordinator: string;
const customerCity = new Map<string, string>();

// Sessions straight from the login service: 24 logins through the route would hit its rate limit.
const sessionOf = async (username: string) =>
  `qy_session=${(await login(db.kysely, username, TEST_PASSWORD, 24, now)).token}`;

const mobileOf = (city: number, i: number) => `139${city}${String(4_000_000 + i * 7919).padStart(7, '0')}`;

beforeAll(async () => {
  db = await createTestDb();
  wide = db.kind === 'postgres' ? createPostgres(db.url!, 20) : db;
  await seedOrgTree(db.kysely);
  for (let i = 0; i < 40; i++) await newCustomer(db.kysely, { city: 'kunming', mobile: mobileOf(1, i) });
  for (let i = 0; i < 6; i++)
    await newCustomer(db.kysely, {
      city: 'qujing',
      mobile: mobileOf(2, i),
      address: '云南省曲靖市麒麟区南宁街道南关社区3组12号',
    });
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
    CALL_LEASE_MINUTES: '10',
    SMS_DISPATCHER: 'off',
  });
  app = await buildApp(config, { db: wide, clock: () => now });
  const c = await newUser(db.kysely, 'coordinator');
  const principal: Principal = {
    kind: 'user',
    id: c.id,
    username: c.username,
    name: c.username,
    role: 'coordinator',
    region: PROVINCE,
  };
  const plan = await createSamplingPlan(
    db,
    principal,
    { kind: 'call', sizePerStratum: 600, stratifyBy: 'city', excludeDays: 0, seed: 'calls-test' },
    now,
  );
  planId = plan.id;
  coordinator = await sessionOf(c.username);
  for (let i = 0; i < 20; i++) {
    const u = await newUser(db.kysely, 'agent', { username: `agent-${i}`, cityCode: TREE.kunming.city });
    agents.push(await sessionOf(u.username));
    agentIds.push(u.id);
  }
  const pa = await newUser(db.kysely, 'agent', { username: 'province-agent' });
  provinceAgent = await sessionOf(pa.username);
  const qa = await newUser(db.kysely, 'agent', { cityCode: TREE.qujing.city });
  qujingAgent = await sessionOf(qa.username);
  const qm = await newUser(db.kysely, 'city_member', { cityCode: TREE.qujing.city });
  qujingMember = await sessionOf(qm.username);
  for (const row of await db.kysely.selectFrom('customers').select(['id', 'city_code']).execute())
    customerCity.set(String(row.id), row.city_code);
}, 120_000);

afterAll(async () => {
  await app?.close();
  if (wide !== db) await wide?.close();
  await db?.close();
});

const next = (cookie: string, body: object = { planId: String(planId) }) =>
  app.inject({ method: 'POST', url: '/api/v1/calls/next', headers: { cookie }, payload: body });

const save = (cookie: string, callId: string, body: object) =>
  app.inject({ method: 'POST', url: `/api/v1/calls/${callId}/result`, headers: { cookie }, payload: body });

let requestSeq = 0;
const rid = () => `req-${process.pid}-${++requestSeq}`;

async function claim(cookie: string) {
  const res = await next(cookie);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().call as { id: string; customerId: string; mobile: string; version: number } | null;
}

const changesOf = (customerId: string) =>
  db.kysely
    .selectFrom('customer_changes')
    .select(['field', 'old_value', 'new_value', 'source', 'batch_id'])
    .where('customer_id', '=', Number(customerId))
    .where('source', '=', 'call')
    .execute();

const stateOf = async (customerId: string) =>
  (
    await db.kysely
      .selectFrom('customer_verification')
      .select('state')
      .where('customer_id', '=', Number(customerId))
      .executeTakeFirst()
  )?.state;

describe('the call queue', () => {
  it('hands 20 agents claiming at once 20 different customers, and each gets theirs back on retry', async () => {
    const first = await Promise.all(agents.map((a) => claim(a)));
    const ids = first.map((c) => c!.customerId);
    expect(new Set(ids).size).toBe(20);
    // a second round at once: everyone still holds a live lease and gets the same customer
    const again = await Promise.all(agents.map((a) => claim(a)));
    expect(again.map((c) => c!.customerId)).toEqual(ids);
    const leased = await db.kysely
      .selectFrom('call_tasks')
      .select(['leased_by', 'customer_id'])
      .where('plan_id', '=', planId)
      .where('leased_by', 'is not', null)
      .execute();
    expect(leased).toHaveLength(20);
    expect(new Set(leased.map((l) => l.leased_by)).size).toBe(20);
    // agents see full phone numbers: they dial them
    expect(first[0]!.mobile).toMatch(/^1\d{10}$/);
  });

  it('gives a city’s agent only that city’s customers, and nothing once the city is done', async () => {
    // the 20 agents above are 昆明's: 曲靖's customers are all still open
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const call = await claim(qujingAgent);
      expect(call, `claim ${i}`).not.toBeNull();
      expect(customerCity.get(call!.customerId)).toBe(TREE.qujing.city);
      seen.add(call!.customerId);
      const res = await save(qujingAgent, call!.id, { requestId: rid(), result: 'no_answer' });
      expect(res.statusCode, res.body).toBe(200);
    }
    expect(seen.size).toBe(6);
    const res = await next(qujingAgent);
    expect(res.json()).toEqual({ call: null, remaining: 0, doneToday: 6 });
    // a province agent works wherever customers are left: only 昆明 now
    const p = await claim(provinceAgent);
    expect(customerCity.get(p!.customerId)).toBe(TREE.kunming.city);
  });

  it('returns an abandoned customer to the queue when the lease runs out', async () => {
    const holders = new Map(
      (
        await db.kysely
          .selectFrom('call_tasks')
          .innerJoin('users', 'users.id', 'call_tasks.leased_by')
          .select(['call_tasks.id', 'users.username'])
          .where('call_tasks.status', '=', 'open')
          .execute()
      ).map((r) => [String(r.id), r.username]),
    );
    const u = await newUser(db.kysely, 'agent', { username: 'late-agent', cityCode: TREE.kunming.city });
    const late = await sessionOf(u.username);
    // before the timeout the newcomer gets a customer nobody holds
    const fresh = await claim(late);
    expect(holders.has(fresh!.id)).toBe(false);
    await save(late, fresh!.id, { requestId: rid(), result: 'no_answer' });

    now = new Date(now.getTime() + 11 * 60_000);
    // after it, the first task in draw order is one whose lease ran out
    const taken = await claim(late);
    const previous = holders.get(taken!.id);
    expect(previous, 'an abandoned task was handed out again').toBeDefined();
    const claims = await db.kysely
      .selectFrom('call_tasks')
      .select('claims')
      .where('id', '=', Number(taken!.id))
      .executeTakeFirstOrThrow();
    expect(claims.claims).toBe(2);
    // its first agent comes back too late: the save is refused, and "next" gives them another customer
    const agent = agents[Number(previous!.replace('agent-', ''))]!;
    const refused = await save(agent, taken!.id, { requestId: rid(), result: 'no_answer' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.details.reason).toBe('lease_lost');
    expect(refused.json().error.message).toMatch(/租约|领取已超时/);
    const other = await claim(agent);
    expect(other!.id).not.toBe(taken!.id);
    await save(late, taken!.id, { requestId: rid(), result: 'refused' });
  });
});

describe('saving a call', () => {
  it('confirms a customer whose fields are all correct', async () => {
    const call = await claim(agents[2]!);
    const res = await save(agents[2]!, call!.id, {
      requestId: rid(),
      result: 'answered',
      fields: {
        name: { verdict: 'correct' },
        mobile: { verdict: 'correct' },
        landline: { verdict: 'unreachable' },
        address: { verdict: 'correct' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ state: 'confirmed', corrected: [], isReplay: false });
    expect(await stateOf(call!.customerId)).toBe('confirmed');
    expect(await changesOf(call!.customerId)).toEqual([]);
  });

  it('applies a correction once, however often the save is retried', async () => {
    const call = await claim(agents[3]!);
    const body = {
      requestId: rid(),
      result: 'answered',
      fields: {
        name: { verdict: 'correct' },
        mobile: { verdict: 'wrong', value: '139 5871 2643' },
        address: { verdict: 'wrong', value: '云南省昆明市五华区华山街道翠湖社区2组8号' },
      },
    };
    const responses = await Promise.all([save(agents[3]!, call!.id, body), save(agents[3]!, call!.id, body)]);
    const third = await save(agents[3]!, call!.id, body);
    for (const r of [...responses, third]) expect(r.statusCode, r.body).toBe(200);
    expect(responses.map((r) => r.json().isReplay).sort()).toEqual([false, true]);
    expect(third.json()).toMatchObject({
      state: 'corrected',
      corrected: ['mobile', 'address'],
      isReplay: true,
    });

    const changes = await changesOf(call!.customerId);
    expect(changes).toHaveLength(2);
    expect(changes.find((c) => c.field === 'mobile')).toMatchObject({
      old_value: call!.mobile,
      new_value: '13958712643',
      batch_id: call!.id,
    });
    const trail = await db.kysely
      .selectFrom('customer_changes')
      .select(['city_code', 'user_id', 'changed_at'])
      .where('customer_id', '=', Number(call!.customerId))
      .execute();
    expect(trail.map((t) => [t.city_code, t.user_id, t.changed_at.toISOString()])).toEqual([
      [TREE.kunming.city, agentIds[3], now.toISOString()],
      [TREE.kunming.city, agentIds[3], now.toISOString()],
    ]);
    const customer = await db.kysely
      .selectFrom('customers')
      .select(['mobile', 'address'])
      .where('id', '=', Number(call!.customerId))
      .executeTakeFirstOrThrow();
    expect(customer).toEqual({ mobile: '13958712643', address: '云南省昆明市五华区华山街道翠湖社区2组8号' });
    expect(await stateOf(call!.customerId)).toBe('corrected');
    const events = await db.kysely
      .selectFrom('verification_events')
      .select('to_state')
      .where('customer_id', '=', Number(call!.customerId))
      .execute();
    expect(events).toEqual([{ to_state: 'corrected' }]);

    // the same call saved again with another request id is a different save: refused
    const other = await save(agents[3]!, call!.id, { ...body, requestId: rid() });
    expect(other.statusCode).toBe(409);
    expect(other.json().error.details.reason).toBe('already_recorded');
  });

  it('refuses a corrected mobile the rules engine rejects, and changes nothing', async () => {
    const call = await claim(agents[4]!);
    const res = await save(agents[4]!, call!.id, {
      requestId: rid(),
      result: 'answered',
      fields: { name: { verdict: 'correct' }, mobile: { verdict: 'wrong', value: '1381234' } },
    });
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(/手机号：位数错误/);
    expect(error.message).toMatch(/Mobile: wrong length/);
    expect(error.details[0]).toMatchObject({ field: 'mobile' });
    expect(await changesOf(call!.customerId)).toEqual([]);
    const task = await db.kysely
      .selectFrom('call_tasks')
      .select(['status', 'leased_by'])
      .where('id', '=', Number(call!.id))
      .executeTakeFirstOrThrow();
    expect(task.status).toBe('open');
    // a corrected value without a verdict of "wrong", or a wrong one without a value, is refused too
    const noValue = await save(agents[4]!, call!.id, {
      requestId: rid(),
      result: 'answered',
      fields: { address: { verdict: 'wrong' } },
    });
    expect(noValue.statusCode).toBe(400);
    expect(noValue.json().error.message).toMatch(/用电地址标为错误时请填写正确的值/);
  });

  it('refuses to overwrite a customer changed since the claim, and accepts after a reload', async () => {
    const call = await claim(agents[5]!);
    await changeCustomer(db.kysely, Number(call!.customerId), {
      address: '云南省昆明市五华区华山街道翠湖社区5组1号',
    });
    const body = {
      result: 'answered',
      fields: { address: { verdict: 'wrong', value: '云南省昆明市五华区华山街道翠湖社区6组2号' } },
    };
    const res = await save(agents[5]!, call!.id, { ...body, requestId: rid() });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.reason).toBe('version_changed');
    expect(res.json().error.message).toMatch(/已被修改/);
    const reloaded = await claim(agents[5]!);
    expect(reloaded!.id).toBe(call!.id);
    expect(reloaded!.version).toBeGreaterThan(call!.version);
    const ok = await save(agents[5]!, call!.id, { ...body, requestId: rid() });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await changesOf(call!.customerId))[0]).toMatchObject({
      old_value: '云南省昆明市五华区华山街道翠湖社区5组1号',
    });
  });

  it('moves unreachable results to unreachable and records the mobile as wrong for 空号 and 非本人', async () => {
    const cases = [
      ['no_answer', agents[6]!],
      ['refused', agents[7]!],
      ['empty_number', agents[8]!],
      ['wrong_person', agents[9]!],
    ] as const;
    for (const [result, agent] of cases) {
      const call = await claim(agent);
      const res = await save(agent, call!.id, { requestId: rid(), result });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().state).toBe('unreachable');
      expect(await stateOf(call!.customerId)).toBe('unreachable');
      const verdicts = await db.kysely
        .selectFrom('call_field_results')
        .select(['field', 'verdict'])
        .where('call_id', '=', Number(call!.id))
        .execute();
      expect(verdicts).toEqual(
        result === 'empty_number' || result === 'wrong_person' ? [{ field: 'mobile', verdict: 'wrong' }] : [],
      );
      // the dialled number is flagged for the next field visit (the worksheet export reads flags)
      const flags = await findFlaggedCustomers(db.kysely, { customerIds: [Number(call!.customerId)] });
      expect(flags.map((f) => f.kind)).toEqual(
        result === 'empty_number'
          ? ['call_empty_number']
          : result === 'wrong_person'
            ? ['call_wrong_person']
            : [],
      );
    }
    const call = await claim(agents[10]!);
    const bad = await save(agents[10]!, call!.id, {
      requestId: rid(),
      result: 'no_answer',
      fields: { name: { verdict: 'correct' } },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('refuses a save by an agent who does not hold the customer', async () => {
    const call = await claim(agents[11]!);
    const res = await save(agents[12]!, call!.id, { requestId: rid(), result: 'no_answer' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.details.reason).toBe('lease_lost');
    // and a 曲靖 agent cannot even see that a 昆明 call exists
    const other = await save(qujingAgent, call!.id, { requestId: rid(), result: 'no_answer' });
    expect(other.statusCode).toBe(404);
  });
});

describe('the call report', () => {
  it('counts per city and field, with Wilson intervals, and a city sees only itself', async () => {
    const res = await app.inject({
      method: 'GET',
      url: `/api/v1/calls/report?planId=${planId}`,
      headers: { cookie: coordinator },
    });
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.cities.map((c: { cityCode: string }) => c.cityCode)).toEqual([
      TREE.kunming.city,
      TREE.qujing.city,
    ]);
    const kunming = report.cities[0];
    expect(kunming.sampled).toBe(40);
    expect(kunming.cityName).toBe('昆明供电公司');
    // so far in 昆明: confirmed (mobile correct), corrected (mobile wrong), version-conflict one
    // (address only), empty number and wrong person (mobile wrong, no answer from the customer)
    expect(kunming.fields.mobile).toMatchObject({ checked: 4, wrong: 3 });
    expect(kunming.fields.mobile.rate).toBeCloseTo(0.75, 10);
    expect(kunming.fields.mobile.low).toBeCloseTo(0.3006, 3);
    expect(kunming.fields.mobile.high).toBeCloseTo(0.9544, 3);
    expect(kunming.fields.address).toMatchObject({ checked: 3, wrong: 2 });
    expect(kunming.anyField).toMatchObject({ checked: 5, wrong: 4 });
    expect(kunming.emptyNumber).toBe(1);
    expect(kunming.wrongPerson).toBe(1);
    const qujing = report.cities[1];
    expect(qujing).toMatchObject({ sampled: 6, called: 6, noAnswer: 6, answered: 0 });
    expect(qujing.fields.mobile).toMatchObject({ checked: 0, wrong: 0, rate: null });
    expect(report.total.sampled).toBe(46);
    expect(report.total.fields.mobile).toMatchObject({ checked: 4, wrong: 3 });

    const city = await app.inject({
      method: 'GET',
      url: `/api/v1/calls/report?planId=${planId}`,
      headers: { cookie: qujingMember },
    });
    expect(city.json().cities.map((c: { cityCode: string }) => c.cityCode)).toEqual([TREE.qujing.city]);
    expect(city.json().total.sampled).toBe(6);
    expect(city.body).not.toContain('昆明');

    // the dashboard's call error rate is the report's "any field" rate: 4 wrong of 5 in 昆明,
    // none known in 曲靖 (every call there went unanswered)
    const kpis = await app.inject({
      method: 'GET',
      url: '/api/v1/dashboard/kpis',
      headers: { cookie: coordinator },
    });
    expect(kpis.statusCode, kpis.body).toBe(200);
    expect(kpis.json().callErrorRate).toBeCloseTo(4 / 5, 10);
    const qujingKpis = await app.inject({
      method: 'GET',
      url: '/api/v1/dashboard/kpis',
      headers: { cookie: qujingMember },
    });
    expect(qujingKpis.json().callErrorRate).toBeNull();
  });

  it('lists call plans with progress in the caller’s scope', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/calls/plans',
      headers: { cookie: qujingMember },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toMatchObject({ id: String(planId), total: 6, done: 6 });
  });
});

// issue 18, finding 4: an agent saw every customer's number in full; now only the one it holds
describe('what an agent sees', () => {
  it('full numbers only for the customer it holds by its lease, masked elsewhere and afterwards', async () => {
    const co = await newUser(db.kysely, 'coordinator');
    const plan = await createSamplingPlan(
      db,
      {
        kind: 'user',
        id: co.id,
        username: co.username,
        name: co.username,
        role: 'coordinator',
        region: PROVINCE,
      },
      { kind: 'call', sizePerStratum: 600, stratifyBy: 'city', excludeDays: 0, seed: 'lease-masking' },
      now,
    );
    const a = await newUser(db.kysely, 'agent', { cityCode: TREE.qujing.city });
    const cookie = await sessionOf(a.username);
    const call = (await next(cookie, { planId: String(plan.id) })).json().call;
    expect(call.mobile).toMatch(/^1\d{10}$/);
    const detail = (id: string) =>
      app.inject({ method: 'GET', url: `/api/v1/customers/${id}`, headers: { cookie } });
    expect((await detail(call.customerId)).json().mobile).toBe(call.mobile);
    const list = (
      await app.inject({ method: 'GET', url: '/api/v1/customers?pageSize=200', headers: { cookie } })
    ).json().items as { id: string; mobile: string }[];
    expect(list.length).toBeGreaterThan(1);
    for (const c of list)
      expect(c.mobile, c.id).toMatch(c.id === call.customerId ? /^1\d{10}$/ : /^\d{3}\*{4}\d{4}$/);
    const before = now;
    now = new Date(now.getTime() + 11 * 60_000); // the 10-minute lease runs out
    try {
      expect((await detail(call.customerId)).json().mobile).toMatch(/^\d{3}\*{4}\d{4}$/);
    } finally {
      now = before;
    }
  });
});

describe('an agent’s day', () => {
  it('shows why the customer was drawn, skips the held one to the others, and counts today’s calls', async () => {
    const co = await newUser(db.kysely, 'coordinator');
    const plan = await createSamplingPlan(
      db,
      {
        kind: 'user',
        id: co.id,
        username: co.username,
        name: co.username,
        role: 'coordinator',
        region: PROVINCE,
      },
      { kind: 'call', sizePerStratum: 600, stratifyBy: 'city', excludeDays: 0, seed: 'agent-day' },
      now,
    );
    const body = { planId: String(plan.id) };
    const [a, b] = await Promise.all(
      ['day-a', 'day-b'].map(async (username) => {
        await newUser(db.kysely, 'agent', { username, cityCode: TREE.qujing.city });
        return sessionOf(username);
      }),
    );
    const first = (await next(a!, body)).json();
    expect(first.doneToday).toBe(0);
    // its findings in the newest completed run that covers it
    await ensureDefaultRuleSet(db, now);
    const run = await db.kysely
      .insertInto('validation_runs')
      .values({
        rule_set_version: 1,
        city_code: null,
        county_code: null,
        scope_key: 'agent-day',
        status: 'completed',
        created_by: null,
        created_at: now,
        started_at: now,
        finished_at: now,
        error: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db.kysely.transaction().execute((trx) => createFindingsPartition(trx, run.id));
    await db.kysely
      .insertInto('findings')
      .values({
        run_id: run.id,
        customer_id: Number(first.call.customerId),
        city_code: TREE.qujing.city,
        county_code: TREE.qujing.county,
        station_code: TREE.qujing.station,
        rule_id: 'landline.format',
        rule_version: 1,
        field: 'landline',
        code: 'format',
        severity: 'error',
        message_zh: '固定电话格式不正确',
        message_en: 'landline format is wrong',
        suggested: null,
      })
      .execute();
    const again = (await next(a!, body)).json();
    expect(again.call.id).toBe(first.call.id);
    expect(again.call.findings).toEqual([
      { field: 'landline', zh: '固定电话格式不正确', en: 'landline format is wrong' },
    ]);
    // 跳过: released to the others at once, not back to the same agent
    const release = (cookie: string, id: string) =>
      app.inject({ method: 'POST', url: `/api/v1/calls/${id}/release`, headers: { cookie }, payload: {} });
    expect((await release(b!, first.call.id)).statusCode).toBe(404);
    expect((await release(a!, first.call.id)).json()).toEqual({ id: first.call.id, released: true });
    const nextA = (await next(a!, body)).json();
    expect(nextA.call.id).not.toBe(first.call.id);
    expect((await next(b!, body)).json().call.id).toBe(first.call.id);
    // the day's count is the agent's own, by the Beijing day of the injected clock
    expect((await save(a!, nextA.call.id, { requestId: rid(), result: 'no_answer' })).statusCode).toBe(200);
    expect((await next(a!, body)).json().doneToday).toBe(1);
    expect((await next(b!, body)).json().doneToday).toBe(0);
  });
});
