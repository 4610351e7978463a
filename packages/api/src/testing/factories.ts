// Small factories for tests: each test builds exactly the data it needs.
import type { Kysely } from 'kysely';
import type { Database, NewCustomer, Role } from '../db/schema.ts';
import { hashPassword } from '../features/auth/password.ts';
import { applyOverCurrent, type FieldValues } from '../features/customers/changes.ts';
import { TEST_EPOCH } from './clock.ts';

/** Two cities with one county and one station each: enough to prove region scope. */
export const TREE = {
  province: '53',
  kunming: { city: '5301', county: '530102', station: '53010201' },
  qujing: { city: '5303', county: '530302', station: '53030201' },
} as const;

export async function seedOrgTree(db: Kysely<Database>) {
  const unit = (
    code: string,
    name: string,
    level: 'province' | 'city' | 'county' | 'station',
    parent: string | null,
    city: string | null,
    county: string | null,
  ) => ({
    code,
    name,
    level,
    parent_code: parent,
    division_code: level === 'county' ? code : null,
    city_code: city,
    county_code: county,
    created_at: TEST_EPOCH,
    updated_at: TEST_EPOCH,
  });
  const { kunming: k, qujing: q } = TREE;
  await db
    .insertInto('org_units')
    .values([
      unit('53', '云南省电力公司', 'province', null, null, null),
      unit(k.city, '昆明供电公司', 'city', '53', k.city, null),
      unit(q.city, '曲靖供电公司', 'city', '53', q.city, null),
      unit(k.county, '五华区供电公司', 'county', k.city, k.city, k.county),
      unit(q.county, '麒麟区供电公司', 'county', q.city, q.city, q.county),
      unit(k.station, '华山供电所', 'station', k.county, k.city, k.county),
      unit(q.station, '南宁供电所', 'station', q.county, q.city, q.county),
    ])
    .execute();
}

let seq = 0;
export async function newCustomer(
  db: Kysely<Database>,
  overrides: Partial<NewCustomer> & { city?: 'kunming' | 'qujing' } = {},
) {
  const { city = 'kunming', ...rest } = overrides;
  const where = TREE[city];
  seq++;
  return db
    .insertInto('customers')
    .values({
      customer_no: `T${String(seq).padStart(9, '0')}${Math.random().toString(36).slice(2, 6)}`,
      name: '张三',
      customer_type: 'residential',
      cert_type: 'resident_id',
      cert_no: '530102199001011234',
      mobile: '13812345678',
      landline: '0871-65123456',
      address: '云南省昆明市五华区华山街道翠湖社区1组1号',
      station_code: where.station,
      county_code: where.county,
      city_code: where.city,
      status: 'active',
      load_batch_id: null,
      created_at: TEST_EPOCH,
      updated_at: TEST_EPOCH,
      ...rest,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Changes a customer as someone outside the test's flow would (source 'manual'), through the one
 * write path: the version moves and customer_changes records it.
 */
export async function changeCustomer(
  db: Kysely<Database>,
  customerId: number,
  fields: FieldValues['fields'],
  at: Date = TEST_EPOCH,
) {
  const { applied } = await db.transaction().execute((trx) =>
    applyOverCurrent(trx, [{ customerId, fields }], {
      source: { kind: 'manual', ref: null, userId: null },
      now: at,
    }),
  );
  if (applied.length !== 1) throw new Error(`customer ${customerId} not found`);
  return applied[0]!;
}

export const TEST_PASSWORD = 'test-password-1';
let cachedHash: string | undefined;

export async function newUser(
  db: Kysely<Database>,
  role: Role,
  opts: { username?: string; cityCode?: string; countyCode?: string } = {},
) {
  cachedHash ??= await hashPassword(TEST_PASSWORD);
  const username = opts.username ?? `${role}-${++seq}`;
  const row = await db
    .insertInto('users')
    .values({
      username,
      display_name: username,
      role,
      city_code: opts.cityCode ?? null,
      county_code: opts.countyCode ?? null,
      phone: null,
      password_hash: cachedHash,
      created_at: TEST_EPOCH,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...row, password: TEST_PASSWORD };
}
