import { compileRuleSet, defaultRuleSet, residentIdCheckChar, type CustomerRecord } from '@qingyuan/rules';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createTestDb, type TestDb } from '../../testing/test-db.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { chinaToday } from './active.ts';
import { hashToken } from '../auth/service.ts';

const sessionHash = async (cookie: string) => hashToken(cookie.replace(/^qy_session=/, ''));

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
const cookies: Record<string, string> = {};

const id = (first17: string) => first17 + residentIdCheckChar(first17);
const today = chinaToday(TEST_EPOCH); // the app's clock starts at TEST_EPOCH

/** The candidate: the default set plus a regex rule that flags every name starting with 王. */
const candidate = {
  ...defaultRuleSet,
  rules: [
    ...defaultRuleSet.rules,
    {
      id: 'NAME-X',
      field: 'name',
      kind: 'regex',
      params: { pattern: '^王', mustMatch: false },
      severity: 'error',
      message: { zh: '户名：{detail}', en: 'Name: {detail}' },
    },
  ],
};

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db);
  for (const [key, role, city] of [
    ['coordinator', 'coordinator', undefined],
    ['agent', 'agent', undefined],
    ['kunming', 'city_member', TREE.kunming.city],
  ] as const) {
    const u = await newUser(db.kysely, role, { cityCode: city });
    cookies[key] = await loginAs(app, u.username, TEST_PASSWORD);
  }
  const names = ['王建国', '王丽华', '李志强', '赵秀英', '周国庆'];
  for (const [i, name] of names.entries()) {
    const city = i < 3 ? 'kunming' : 'qujing';
    const county = TREE[city].county;
    await newCustomer(db.kysely, {
      city,
      name,
      cert_no: id(`${county}19850${i + 1}1${i}12${i}`),
      mobile: `139${47_000_000 + i * 7919}`,
      landline: '',
      address:
        city === 'kunming'
          ? `云南省昆明市五华区华山街道翠湖社区${i}组${i}号`
          : `云南省曲靖市麒麟区南宁街道白石江社区${i}组${i}号`,
    });
  }
  await newCustomer(db.kysely, {
    city: 'qujing',
    name: '户主',
    cert_no: id('53030219850101123'),
    mobile: '13947012345',
    landline: '',
    address: '云南省曲靖市麒麟区南宁街道白石江社区9组9号',
  });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const req = (method: 'GET' | 'POST', url: string, who: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie: cookies[who]! }, ...(payload ? { payload } : {}) });

describe('rule sets', () => {
  it('starts with the default set as version 1, active, readable by all staff', async () => {
    const res = await req('GET', '/api/v1/rule-sets', 'agent');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual([
      expect.objectContaining({ version: 1, isActive: true, ruleCount: defaultRuleSet.rules.length }),
    ]);
    const one = (await req('GET', '/api/v1/rule-sets/1', 'kunming')).json();
    expect(one.document.version).toBe(1);
    expect((await req('GET', '/api/v1/rule-sets/99', 'agent')).statusCode).toBe(404);
  });

  it('stores an edit as a new inactive version carrying its number', async () => {
    const res = await req('POST', '/api/v1/rule-sets', 'coordinator', {
      document: candidate,
      note: '王姓测试',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      version: 2,
      isActive: false,
      note: '王姓测试',
      ruleCount: candidate.rules.length,
    });
    expect(res.json().document.version).toBe(2);
    expect((await req('POST', '/api/v1/rule-sets', 'kunming', { document: candidate })).statusCode).toBe(403);
    expect((await req('POST', '/api/v1/rule-sets', 'agent', { document: candidate })).statusCode).toBe(403);
  });

  it('refuses a bad document with every problem listed, and stores nothing', async () => {
    const bad = {
      version: 1,
      rules: [
        {
          id: 'A-1',
          field: 'name',
          kind: 'no.such.kind',
          params: {},
          severity: 'error',
          message: { zh: 'x', en: 'x' },
        },
        {
          id: 'A-2',
          field: 'address',
          kind: 'regex',
          params: { pattern: '(a+)+$' },
          severity: 'error',
          message: { zh: 'x', en: 'x' },
        },
        {
          id: 'A-3',
          field: 'name',
          kind: 'length',
          params: { min: 'two' },
          severity: 'error',
          message: { zh: 'x', en: 'x' },
        },
      ],
    };
    const res = await req('POST', '/api/v1/rule-sets', 'coordinator', { document: bad });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('validation_failed');
    const problems: { ruleId?: string; message: string }[] = body.error.details.problems;
    expect(problems.map((p) => p.ruleId)).toEqual(expect.arrayContaining(['A-1', 'A-2', 'A-3']));
    expect(problems.find((p) => p.ruleId === 'A-1')!.message).toMatch(/unknown check kind/);
    expect(problems.find((p) => p.ruleId === 'A-2')!.message).toMatch(/catastrophic/);
    expect((await req('GET', '/api/v1/rule-sets', 'coordinator')).json().items).toHaveLength(2);
  });

  it('previews how many more / fewer customers the candidate flags, by city', async () => {
    const res = await req('POST', '/api/v1/rule-sets/2/preview', 'coordinator', { sampleSize: 1000 });
    expect(res.statusCode).toBe(200);
    // the oracle: both sets straight from the library over the same records
    const customers = await db.kysely.selectFrom('customers').selectAll().execute();
    const flagged = (doc: unknown, c: CustomerRecord) =>
      compileRuleSet(doc, { today })
        .check(c)
        .some((f) => f.severity !== 'info');
    const rec = (c: (typeof customers)[number]): CustomerRecord => ({
      ...c,
      region: { provinceCode: '53', cityCode: c.city_code, countyCode: c.county_code },
    });
    const more = customers.filter(
      (c) =>
        !flagged({ ...defaultRuleSet, version: 1 }, rec(c)) && flagged({ ...candidate, version: 2 }, rec(c)),
    );
    expect(more.length).toBeGreaterThan(0);
    const body = res.json();
    expect(body).toMatchObject({
      activeVersion: 1,
      candidateVersion: 2,
      sampled: 6,
      more: more.length,
      fewer: 0,
    });
    const kunming = body.byCity.find((c: { cityCode: string }) => c.cityCode === TREE.kunming.city);
    expect(kunming).toMatchObject({
      cityName: '昆明供电公司',
      sampled: 3,
      more: more.filter((c) => c.city_code === TREE.kunming.city).length,
    });
    expect(
      body.byCity.find((c: { cityCode: string }) => c.cityCode === TREE.qujing.city).flaggedActive,
    ).toBeGreaterThanOrEqual(1);
    const small = (await req('POST', '/api/v1/rule-sets/2/preview', 'coordinator', { sampleSize: 2 })).json();
    expect(small.sampled).toBe(2);
  });

  it('activates a version: exactly one active, old versions unchanged', async () => {
    const before = (await req('GET', '/api/v1/rule-sets/1', 'coordinator')).json().document;
    const res = await req('POST', '/api/v1/rule-sets/2/activate', 'coordinator');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ version: 2, isActive: true });
    const items = (await req('GET', '/api/v1/rule-sets', 'coordinator')).json().items;
    expect(
      items.filter((i: { isActive: boolean }) => i.isActive).map((i: { version: number }) => i.version),
    ).toEqual([2]);
    expect((await req('GET', '/api/v1/rule-sets/1', 'coordinator')).json().document).toEqual(before);
    await expect(
      sql`update rule_sets set document = '{}'::jsonb where version = 1`.execute(db.kysely),
    ).rejects.toThrow(/immutable/);
    await expect(
      sql`update rule_sets set is_active = true where version = 1`.execute(db.kysely),
    ).rejects.toThrow();
    expect((await req('POST', '/api/v1/rule-sets/1/activate', 'kunming')).statusCode).toBe(403);
  });

  // issue 18, finding 8: an activation left no actor
  it('records who activated a version, and when, in an append-only log', async () => {
    const coordinatorId = (
      await db.kysely
        .selectFrom('sessions')
        .select('user_id')
        .where('token_hash', '=', await sessionHash(cookies.coordinator!))
        .executeTakeFirstOrThrow()
    ).user_id;
    expect((await req('POST', '/api/v1/rule-sets/1/activate', 'coordinator')).statusCode).toBe(200);
    const log = await db.kysely
      .selectFrom('rule_set_activations')
      .select(['version', 'user_id', 'activated_at'])
      .orderBy('id')
      .execute();
    expect(log.map((r) => [r.version, Number(r.user_id)])).toEqual([
      [2, Number(coordinatorId)],
      [1, Number(coordinatorId)],
    ]);
    // even the tables' owner: the trigger refuses (the app's role has no such privilege at all: audit-roles.test.ts)
    await asAdmin(db, (admin) =>
      expect(sql`delete from rule_set_activations`.execute(admin)).rejects.toThrow(/append-only/),
    );
  });

  it('offers a full run with the activation: fullRun queues one province run, once', async () => {
    const first = await req('POST', '/api/v1/rule-sets/2/activate', 'coordinator', { fullRun: true });
    expect(first.statusCode).toBe(200);
    const runId = first.json().fullRunId as string;
    expect(runId).toMatch(/^\d+$/);
    const run = await db.kysely
      .selectFrom('validation_runs')
      .select(['rule_set_version', 'scope_key'])
      .where('id', '=', Number(runId))
      .executeTakeFirstOrThrow();
    expect(run).toEqual({ rule_set_version: 2, scope_key: 'province' });
    // without the flag, or with a run already open: none more
    expect((await req('POST', '/api/v1/rule-sets/2/activate', 'coordinator')).json().fullRunId).toBeNull();
  });

  it('previews a cross-record threshold like any rule: the sample customers it would flag', async () => {
    // two clean customers of 昆明 sharing one mobile: no X-01 at 5 holders, one at 2
    for (const [i, name] of ['孙卫东', '钱美玲'].entries())
      await newCustomer(db.kysely, {
        city: 'kunming',
        name,
        cert_no: id(`${TREE.kunming.county}1990021531${i}`),
        mobile: '13947083316',
        landline: '',
        address: `云南省昆明市五华区华山街道翠湖社区2${i}组1号`,
      });
    const active = (await req('GET', '/api/v1/rule-sets', 'coordinator'))
      .json()
      .items.find((i: { isActive: boolean }) => i.isActive).version;
    const document = (await req('GET', `/api/v1/rule-sets/${active}`, 'coordinator')).json().document;
    const { version: _v, ...rest } = document;
    const lower = { ...rest, crossRecord: { sharedMobile: { minHolders: 2 } } };
    const created = await req('POST', '/api/v1/rule-sets', 'coordinator', {
      document: lower,
      note: 'X-01 ≥ 2',
    });
    expect(created.statusCode).toBe(200);
    const version = created.json().version;
    expect(created.json().document.crossRecord.sharedMobile).toMatchObject({ minHolders: 2 });
    const body = (
      await req('POST', `/api/v1/rule-sets/${version}/preview`, 'coordinator', { sampleSize: 1000 })
    ).json();
    expect(body).toMatchObject({
      activeVersion: active,
      candidateVersion: version,
      sampled: 8,
      more: 2,
      fewer: 0,
    });
    expect(body.byCity.find((c: { cityCode: string }) => c.cityCode === TREE.kunming.city).more).toBe(2);
    // out-of-range thresholds are refused with the rule set's problems
    const bad = { ...rest, crossRecord: { sharedMobile: { minHolders: 1 } } };
    expect((await req('POST', '/api/v1/rule-sets', 'coordinator', { document: bad })).statusCode).toBe(400);
  });
});
