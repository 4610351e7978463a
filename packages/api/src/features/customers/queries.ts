import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import { inRegion } from '../auth/region.ts';

const customerColumns = [
  'c.id',
  'c.customer_no',
  'c.name',
  'c.customer_type',
  'c.cert_type',
  'c.cert_no',
  'c.mobile',
  'c.landline',
  'c.address',
  'c.station_code',
  'c.county_code',
  'c.city_code',
  'c.status',
  'c.voltage_class',
  'c.closed_on',
  'c.anonymised_at',
  'c.version',
  'c.updated_at',
  'station.name as station_name',
  'county.name as county_name',
  'city.name as city_name',
] as const;

function scopedCustomers(db: Kysely<Database>, principal: Principal) {
  const base = db
    .selectFrom('customers as c')
    .innerJoin('org_units as station', 'station.code', 'c.station_code')
    .innerJoin('org_units as county', 'county.code', 'c.county_code')
    .innerJoin('org_units as city', 'city.code', 'c.city_code');
  return inRegion(base, principal.region, 'c');
}

export interface CustomerSearch {
  q: string;
  /** match a number exactly against mobile and landline (only for viewers who see them in full) */
  byPhone: boolean;
}

/** Search by 户号 (exact or prefix), phone (exact, if allowed) or 户名 (exact or prefix), within the caller's scope. */
export function searchCustomers(db: Kysely<Database>, principal: Principal, search: CustomerSearch) {
  let qb = scopedCustomers(db, principal);
  const { q } = search;
  if (q) {
    const prefix = q.replace(/[\\%_]/g, '\\$&') + '%';
    qb = qb.where((eb) =>
      /^\d+$/.test(q)
        ? eb.or([
            eb('c.customer_no', 'like', prefix),
            ...(search.byPhone ? [eb('c.mobile', '=', q), eb('c.landline', '=', q)] : []),
          ])
        : eb.or([eb('c.name', 'like', prefix), eb('c.customer_no', '=', q)]),
    );
  }
  return qb;
}

export async function findCustomerPage(
  db: Kysely<Database>,
  principal: Principal,
  search: CustomerSearch,
  page: number,
  pageSize: number,
) {
  const [items, total] = await Promise.all([
    searchCustomers(db, principal, search)
      .select(customerColumns)
      .orderBy('c.id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    searchCustomers(db, principal, search)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export const findCustomerById = (db: Kysely<Database>, principal: Principal, id: number) =>
  scopedCustomers(db, principal).select(customerColumns).where('c.id', '=', id).executeTakeFirst();

export const findCustomerChanges = (db: Kysely<Database>, customerId: number, limit = 200) =>
  db
    .selectFrom('customer_changes as ch')
    .leftJoin('users as u', 'u.id', 'ch.user_id')
    .select([
      'ch.field',
      'ch.old_value',
      'ch.new_value',
      'ch.source',
      'ch.batch_id',
      'ch.changed_at',
      'u.display_name as user_name',
    ])
    .where('ch.customer_id', '=', customerId)
    .orderBy('ch.id', 'desc')
    .limit(limit)
    .execute();

export type CustomerListRow = Awaited<ReturnType<typeof findCustomerPage>>['items'][number];
