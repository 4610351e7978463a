// SQL of sampling plans. The draw reads each stratum in md5(seed:id) order, a page at a time, so
// a plan over a 10-million-customer province never holds more than a page in memory.
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, SamplingPlansTable, StratifyBy } from '../../db/schema.ts';
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

export function listPlans(db: Kysely<Database>, kind?: 'sms' | 'call') {
  let q = db.selectFrom('sampling_plans').selectAll().orderBy('id', 'desc').limit(200);
  if (kind) q = q.where('kind', '=', kind);
  return q.execute();
}

export const findPlan = (db: Kysely<Database>, id: number) =>
  db.selectFrom('sampling_plans').selectAll().where('id', '=', id).executeTakeFirst();

export const findStrataOfPlan = (db: Kysely<Database>, planId: number, cityCode: string | null) => {
  let q = db.selectFrom('sample_strata').selectAll().where('plan_id', '=', planId).orderBy('stratum_code');
  if (cityCode) q = q.where('city_code', '=', cityCode);
  return q.execute();
};
