// The one customer write path on both database legs: what it writes, what it refuses (as values),
// the per-field policy, a move to another city, and that a large set is written set-based.
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { newCustomer, newUser, seedOrgTree, TREE } from '../../testing/factories.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { applyChanges, applyOverCurrent, type ApplyOptions, type CustomerChange } from './changes.ts';

let db: TestDb;
let userId: number;
const AT = new Date(TEST_EPOCH.getTime() + 3_600_000);

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  userId = (await newUser(db.kysely, 'admin')).id;
});
afterAll(() => db.close());

const opts = (over: Partial<ApplyOptions> = {}): ApplyOptions => ({
  source: { kind: 'api', ref: 'r-1', userId },
  now: AT,
  ...over,
});
const apply = <C extends CustomerChange>(changes: C[], o = opts()) =>
  db.kysely.transaction().execute((trx) => applyChanges(trx, changes, o));
const customer = (id: number) =>
  db.kysely.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const trail = (id: number) =>
  db.kysely
    .selectFrom('customer_changes')
    .select(['field', 'old_value', 'new_value', 'source', 'batch_id', 'user_id', 'city_code', 'changed_at'])
    .where('customer_id', '=', id)
    .orderBy('id')
    .execute();

describe('applyChanges', () => {
  it('writes the fields, bumps the version once, stamps updated_at and logs one row per field', async () => {
    const c = await newCustomer(db.kysely);
    const { applied, refused } = await apply([
      {
        customerId: c.id,
        version: c.version,
        fields: { mobile: { old: c.mobile, new: '13700000001' }, name: { old: c.name, new: '李四' } },
      },
    ]);
    expect(refused).toEqual([]);
    expect(applied).toMatchObject([
      { fields: ['mobile', 'name'], version: c.version + 1, cityCode: c.city_code },
    ]);
    expect(await customer(c.id)).toMatchObject({
      mobile: '13700000001',
      name: '李四',
      address: c.address,
      version: c.version + 1,
      updated_at: AT,
    });
    expect(await trail(c.id)).toEqual([
      {
        field: 'mobile',
        old_value: c.mobile,
        new_value: '13700000001',
        source: 'api',
        batch_id: 'r-1',
        user_id: userId,
        city_code: c.city_code,
        changed_at: AT,
      },
      {
        field: 'name',
        old_value: c.name,
        new_value: '李四',
        source: 'api',
        batch_id: 'r-1',
        user_id: userId,
        city_code: c.city_code,
        changed_at: AT,
      },
    ]);
  });

  it('refuses a stale version, a value that moved, and a customer that does not exist, writing nothing', async () => {
    const c = await newCustomer(db.kysely);
    const mobile = { old: c.mobile, new: '13700000002' };
    const { applied, refused } = await apply([
      { customerId: c.id, version: c.version + 1, fields: { mobile } },
      {
        customerId: c.id,
        version: c.version,
        fields: { mobile: { old: '13000000000', new: '13700000002' } },
      },
      { customerId: 999_999_999, version: 1, fields: { mobile } },
    ]);
    expect(applied).toEqual([]);
    expect(refused.map((r) => [r.field, r.reason])).toEqual([
      [null, 'stale'],
      [null, 'stale'],
      [null, 'not_found'],
    ]);
    expect(await customer(c.id)).toMatchObject({ mobile: c.mobile, version: c.version });
    expect(await trail(c.id)).toEqual([]);
  });

  it('confirms a version without fields, and ignores a field set to the value it has', async () => {
    const c = await newCustomer(db.kysely);
    const { applied, refused } = await apply([
      {
        customerId: c.id,
        version: c.version,
        fields: { name: { old: c.name, new: c.name }, mobile: undefined },
      },
    ]);
    expect(refused).toEqual([]);
    expect(applied).toMatchObject([{ fields: [], version: c.version }]);
    expect(await customer(c.id)).toMatchObject({ version: c.version, updated_at: c.updated_at });
    expect(await trail(c.id)).toEqual([]);
  });

  it('throws on a field that is not tracked (it would be logged but never written)', async () => {
    const c = await newCustomer(db.kysely);
    const fields = {
      county_code: { old: c.county_code, new: TREE.qujing.county },
    } as CustomerChange['fields'];
    await expect(apply([{ customerId: c.id, version: c.version, fields }])).rejects.toThrow(
      'not a customer field: county_code',
    );
  });

  it('writes a customer once per call: a second change to it in the same call is stale', async () => {
    const c = await newCustomer(db.kysely);
    const { applied, refused } = await apply([
      { customerId: c.id, version: c.version, fields: { mobile: { old: c.mobile, new: '13700000003' } } },
      {
        customerId: c.id,
        version: c.version + 1,
        fields: { mobile: { old: '13700000003', new: '13700000004' } },
      },
    ]);
    expect(applied.map((a) => a.fields)).toEqual([['mobile']]);
    expect(refused.map((r) => r.reason)).toEqual(['stale']);
    expect((await customer(c.id)).mobile).toBe('13700000003');
  });

  it('asks the policy per field: skipped and conflicting fields are kept and reported, the rest written', async () => {
    const c = await newCustomer(db.kysely);
    const seen: string[] = [];
    const { applied, refused } = await apply(
      [
        {
          customerId: c.id,
          version: c.version,
          fields: {
            name: { old: c.name, new: '王五' },
            mobile: { old: c.mobile, new: '13700000005' },
            address: { old: c.address, new: '云南省昆明市五华区华山街道翠湖社区9组9号' },
          },
        },
      ],
      opts({
        policy: ({ customer, field, change, source }) => {
          seen.push(`${field}:${customer.version}:${change.new}:${source.kind}`);
          return field === 'name' ? 'skip' : field === 'mobile' ? 'conflict' : 'apply';
        },
      }),
    );
    expect(seen.sort()).toEqual(
      [
        `address:${c.version}:云南省昆明市五华区华山街道翠湖社区9组9号:api`,
        `mobile:${c.version}:13700000005:api`,
        `name:${c.version}:王五:api`,
      ].sort(),
    );
    expect(applied.map((a) => a.fields)).toEqual([['address']]);
    expect(refused.map((r) => [r.field, r.reason]).sort()).toEqual([
      ['mobile', 'conflict'],
      ['name', 'skipped'],
    ]);
    expect(await customer(c.id)).toMatchObject({ name: c.name, mobile: c.mobile, version: c.version + 1 });
    expect((await trail(c.id)).map((t) => t.field)).toEqual(['address']);
  });

  it('moves county and city with the station; the change is filed under the new city', async () => {
    const c = await newCustomer(db.kysely, { city: 'kunming' });
    const { applied } = await apply([
      {
        customerId: c.id,
        version: c.version,
        fields: { station_code: { old: c.station_code, new: TREE.qujing.station } },
      },
    ]);
    expect(applied).toMatchObject([{ cityCode: TREE.qujing.city }]);
    expect(await customer(c.id)).toMatchObject({
      station_code: TREE.qujing.station,
      county_code: TREE.qujing.county,
      city_code: TREE.qujing.city,
    });
    expect((await trail(c.id)).map((t) => t.city_code)).toEqual([TREE.qujing.city]);
  });

  it('writes 1,000 customers in two statements: one lock, one write', async () => {
    const rows = await Promise.all(Array.from({ length: 1_000 }, () => newCustomer(db.kysely)));
    let statements = 0;
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const { applied } = await db.kysely.transaction().execute((trx) =>
      applyChanges(
        trx.withPlugin(counter),
        rows.map((c, i) => ({
          customerId: c.id,
          version: c.version,
          fields: { landline: { old: c.landline, new: `0871-6${String(i).padStart(7, '0')}` } },
        })),
        opts(),
      ),
    );
    expect(applied).toHaveLength(1_000);
    expect(statements).toBe(2);
    const changed = await db.kysely
      .selectFrom('customer_changes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('field', '=', 'landline')
      .where(
        'customer_id',
        'in',
        rows.map((c) => c.id),
      )
      .executeTakeFirstOrThrow();
    expect(Number(changed.n)).toBe(1_000);
  });
});

describe('applyOverCurrent', () => {
  it('applies values over what the customer holds now, logging the values it replaced', async () => {
    const c = await newCustomer(db.kysely);
    const result = await db.kysely.transaction().execute((trx) =>
      applyOverCurrent(
        trx,
        [
          { customerId: c.id, fields: { status: 'closed', name: c.name } },
          { customerId: 999_999_999, fields: { status: 'closed' } },
        ],
        opts({ source: { kind: 'manual', ref: null, userId: null } }),
      ),
    );
    expect(result.applied.map((a) => a.fields)).toEqual([['status']]);
    expect(result.refused.map((r) => r.reason)).toEqual(['not_found']);
    expect(await trail(c.id)).toMatchObject([
      {
        field: 'status',
        old_value: 'active',
        new_value: 'closed',
        source: 'manual',
        batch_id: null,
        user_id: null,
      },
    ]);
  });
});
