import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let coordinator: string;
const good: number[] = [];
const badMobile: number[] = [];

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db);
  const u = await newUser(db.kysely, 'coordinator');
  coordinator = await loginAs(app, u.username, TEST_PASSWORD);
  // 40 good customers per city, with distinct valid mobiles; plus customers nobody may text
  for (const city of ['kunming', 'qujing'] as const) {
    for (let i = 0; i < 40; i++) {
      const mobile = `139${city === 'kunming' ? '1' : '2'}${String(4_000_000 + i * 7919).padStart(7, '0')}`;
      good.push((await newCustomer(db.kysely, { city, mobile })).id);
    }
    for (const mobile of ['13800000000', '12345678901', '0871-65123456', '1381234']) {
      badMobile.push((await newCustomer(db.kysely, { city, mobile })).id);
    }
    await newCustomer(db.kysely, { city, mobile: '' });
    await newCustomer(db.kysely, { city, mobile: '13912340000', status: 'closed' });
  }
  // a mobile written with separators is reachable: the member carries its canonical form
  good.push((await newCustomer(db.kysely, { city: 'qujing', mobile: '139-2468-1357' })).id);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const createPlan = async (body: object) => {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/sampling/plans',
    headers: { cookie: coordinator },
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const members = (planId: number) =>
  db.kysely
    .selectFrom('sample_members')
    .select(['customer_id', 'city_code', 'mobile', 'draw_rank'])
    .where('plan_id', '=', planId)
    .orderBy('city_code')
    .orderBy('draw_rank')
    .execute();

describe('sampling plans', () => {
  it('draws a fixed size per city from eligible customers only, and records seed and strata', async () => {
    const plan = await createPlan({ kind: 'call', sizePerStratum: 10, seed: 'alpha', excludeDays: 0 });
    expect(plan.members).toBe(20);
    expect(plan.seed).toBe('alpha');
    expect(plan.ruleSetVersion).toBe(1);
    expect(
      plan.strata.map((s: { stratumCode: string; target: number; drawn: number }) => [
        s.stratumCode,
        s.target,
        s.drawn,
      ]),
    ).toEqual([
      [TREE.kunming.city, 10, 10],
      [TREE.qujing.city, 10, 10],
    ]);
    // population counts active customers with a mobile; eligibility is the rules engine's verdict
    expect(plan.strata[0].population).toBe(44);
    const rows = await members(plan.id);
    expect(rows.map((r) => r.draw_rank)).toEqual(
      [...Array(10).keys(), ...Array(10).keys()].map((i) => i + 1),
    );
    for (const r of rows) expect(badMobile).not.toContain(r.customer_id);
    expect(new Set(rows.map((r) => r.customer_id)).size).toBe(20);
  });

  it('gives the same sample for the same seed, and a different one for another seed', async () => {
    const a = await members(
      (await createPlan({ kind: 'sms', sizePerStratum: 15, seed: 'beta', excludeDays: 0 })).id,
    );
    const b = await members(
      (await createPlan({ kind: 'sms', sizePerStratum: 15, seed: 'beta', excludeDays: 0 })).id,
    );
    const c = await members(
      (await createPlan({ kind: 'sms', sizePerStratum: 15, seed: 'gamma', excludeDays: 0 })).id,
    );
    expect(b).toEqual(a);
    expect(c.map((r) => r.customer_id)).not.toEqual(a.map((r) => r.customer_id));
  });

  it('a rate takes that share of each stratum, at least one', async () => {
    const plan = await createPlan({ kind: 'sms', rate: 0.1, stratifyBy: 'station', excludeDays: 0 });
    expect(plan.strata.map((s: { target: number; population: number }) => [s.population, s.target])).toEqual([
      [44, 4],
      [45, 5],
    ]);
  });

  it('leaves out customers sampled within the exclusion window', async () => {
    const first = await members(
      (await createPlan({ kind: 'call', sizePerStratum: 30, seed: 'delta', excludeDays: 30 })).id,
    );
    const second = await members(
      (await createPlan({ kind: 'call', sizePerStratum: 30, seed: 'delta', excludeDays: 30 })).id,
    );
    const firstIds = new Set(first.map((r) => r.customer_id));
    expect(second.some((r) => firstIds.has(r.customer_id))).toBe(false);
    // every customer was sampled by the earlier plans: only what is left can be drawn
    expect(second.length).toBeLessThan(first.length);
  });

  it('keeps the canonical form of a mobile written with separators', async () => {
    const plan = await createPlan({ kind: 'sms', rate: 1, cityCodes: [TREE.qujing.city], excludeDays: 0 });
    const rows = await members(plan.id);
    expect(rows.map((r) => r.mobile)).toContain('13924681357');
    expect(rows.every((r) => /^1\d{10}$/.test(r.mobile))).toBe(true);
    expect(rows).toHaveLength(41);
  });

  it('refuses a plan with both or neither of rate and size, in Chinese and English', async () => {
    for (const body of [{ kind: 'sms' }, { kind: 'sms', rate: 0.01, sizePerStratum: 600 }]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/sampling/plans',
        headers: { cookie: coordinator },
        payload: body,
      });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('二选一');
    }
  });
});
