// SQL of sampling plans. The draw reads each stratum in md5(seed:id) order, a page at a time, so
// a plan over a 10-million-customer province never holds more than a page in memory.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, SamplingPlansTable, StratifyBy } from '../../db/schema.ts';
import { inRegion, isProvince, overlapsRegion, type Region } from '../auth/region.ts';
import { customerColumns } from '../validation/queries.ts';

const stratumColumn = (by: StratifyBy) =>
  by === 'city'
    ? ('c.city_code' as const)
    : by === 'county'
      ? ('c.county_code' as const)
      : ('c.station_code' as const);

export function findStrata(trx: Trx, by: StratifyBy, cityCodes: readonly string[] | null) {
  const col = stratumColumn(by);
  let q = trx
    .selectFrom('customers as c')
    .select([`${col} as stratum_code`, 'c.city_code', (eb) => eb.fn.countAll<number>().as('population')])
    .where('c.status', '=', 'active')
    .where('c.mobile', '<>', '')
    .groupBy([col, 'c.city_code'])
    .orderBy(col);
  // the cities the plan samples (a plan's own choice, not a viewer's region)
  if (cityCodes?.length) q = q.where('c.city_code', 'in', cityCodes);
  return q.execute();
}

export function findDrawPage(
  trx: Trx,
  input: {
    by: StratifyBy;
    stratumCode: string;
    seed: string;
    after: string;
    limit: number;
    excludeSince: Date | null;
  },
) {
  const key = sql<string>`md5(${input.seed} || ':' || c.id::text)`;
  let q = trx
    .selectFrom('customers as c')
    .select([...customerColumns, key.as('draw_key')])
    .where(stratumColumn(input.by), '=', input.stratumCode)
    .where('c.status', '=', 'active')
    .where('c.mobile', '<>', '')
    .where(key, '>', input.after)
    .orderBy(key)
    .limit(input.limit);
  if (input.excludeSince) {
    const since = input.excludeSince;
    q = q.where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('sample_members as m')
            .innerJoin('sampling_plans as p', 'p.id', 'm.plan_id')
            .select(sql.lit(1).as('one'))
            .whereRef('m.customer_id', '=', 'c.id')
            .where('p.created_at', '>=', since),
        ),
      ),
    );
  }
  return q.execute();
}

export function insertPlan(trx: Trx, plan: Insertable<SamplingPlansTable>) {
  return trx
    .insertInto('sampling_plans')
    .values(plan)
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

/** The newest plans that drew someone in the region (all of them for the province). */
export function listPlans(db: Kysely<Database>, region: Region, kind?: 'sms' | 'call') {
  let q = db.selectFrom('sampling_plans as p').selectAll('p').orderBy('p.id', 'desc').limit(200);
  if (kind) q = q.where('p.kind', '=', kind);
  if (!isProvince(region))
    q = q.where((eb) =>
      eb.exists(
        inRegion(
          eb.selectFrom('sample_members as m').select('m.plan_id').whereRef('m.plan_id', '=', 'p.id'),
          region,
          'm',
        ),
      ),
    );
  return q.execute();
}

/** Members per plan inside the region. */
export const countMembersIn = (db: Kysely<Database>, planIds: readonly number[], region: Region) =>
  planIds.length === 0
    ? Promise.resolve([])
    : inRegion(
        db
          .selectFrom('sample_members')
          .select(['plan_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('plan_id', 'in', planIds)
          .groupBy('plan_id'),
        region,
      ).execute();

export const findPlan = (db: Kysely<Database>, id: number) =>
  db.selectFrom('sampling_plans').selectAll().where('id', '=', id).executeTakeFirst();

/**
 * A plan's strata that overlap the region, with their unit's name: sample_strata has no county
 * column, so it is cut by the stratum's own unit (a county user sees their county's and stations'
 * strata, and their city's stratum of a plan drawn per city).
 */
export const findStrataOfPlan = (db: Kysely<Database>, planId: number, region: Region) =>
  overlapsRegion(
    db
      .selectFrom('sample_strata as s')
      .innerJoin('org_units as u', 'u.code', 's.stratum_code')
      .selectAll('s')
      .select('u.name')
      .where('s.plan_id', '=', planId),
    region,
    'u',
  )
    .orderBy('s.stratum_code')
    .execute();
