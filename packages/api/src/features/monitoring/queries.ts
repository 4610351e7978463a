// SQL of quality monitoring's reads: the kept weekly figures per station (quality_weeks,
// quality_week_rules) and the due counts, summed to the unit asked for, always cut to a region.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { andInRegion, inRegion, type Region } from '../auth/region.ts';

/** Per city, the latest completed run of the city or the province (not a county's). */
export const LATEST_RUNS = sql`
  select c.code as city_code, latest.id as run_id, latest.finished_at
  from org_units c
  cross join lateral (
    select r.id, r.finished_at from validation_runs r
    where r.status = 'completed' and r.county_code is null and (r.city_code is null or r.city_code = c.code)
    order by r.finished_at desc nulls last, r.id desc limit 1
  ) latest
  where c.level = 'city'`;

export type GroupLevel = 'province' | 'city' | 'county' | 'station';

const groupColumn = (level: GroupLevel) =>
  level === 'province' ? sql<string | null>`null::text` : sql<string>`${sql.ref(`q.${level}_code`)}`;

export interface FigureRow {
  week_key: string;
  code: string | null;
  customers: number;
  customers_with_error: number;
  open_defects: number;
  new_defects: number | null;
  fixed_defects: number | null;
  gate_records: number;
  gate_errors: number;
  computed_at: Date;
}

/** The weeks' figures of a region, summed per unit of one level (the province: one row a week). */
export async function findFigures(
  db: Kysely<Database>,
  weeks: readonly string[],
  level: GroupLevel,
  region: Region,
): Promise<FigureRow[]> {
  if (weeks.length === 0) return [];
  const code = groupColumn(level);
  const result = await sql<FigureRow>`
    select q.week_key, ${code} as code,
           sum(q.customers)::int as customers, sum(q.customers_with_error)::int as customers_with_error,
           sum(q.open_defects)::int as open_defects, sum(q.new_defects)::int as new_defects,
           sum(q.fixed_defects)::int as fixed_defects, sum(q.gate_records)::int as gate_records,
           sum(q.gate_errors)::int as gate_errors, max(q.computed_at) as computed_at
    from quality_weeks q
    where q.week_key = any(${[...weeks]}::text[]) ${andInRegion(region, 'q')}
    group by q.week_key, 2
    order by q.week_key, 2`.execute(db);
  return result.rows;
}

/** The weeks computed so far, newest first. */
export const findWeeks = async (db: Kysely<Database>, limit: number) =>
  (
    await db
      .selectFrom('quality_weeks')
      .select('week_key')
      .distinct()
      .orderBy('week_key', 'desc')
      .limit(limit)
      .execute()
  ).map((r) => r.week_key);

export const findRuleMoves = (db: Kysely<Database>, week: string, region: Region) =>
  inRegion(
    db
      .selectFrom('quality_week_rules as r')
      .select([
        'r.rule_id',
        sql<number>`sum(r.open_defects)::int`.as('open_defects'),
        sql<number | null>`sum(r.new_defects)::int`.as('new_defects'),
        sql<number | null>`sum(r.fixed_defects)::int`.as('fixed_defects'),
      ])
      .where('r.week_key', '=', week),
    region,
    'r',
  )
    .groupBy('r.rule_id')
    .orderBy(sql`sum(r.new_defects)`, (ob) => ob.desc().nullsLast())
    .orderBy('r.rule_id')
    .execute();

export const findDue = (db: Kysely<Database>, region: Region) =>
  inRegion(
    db
      .selectFrom('reverification_due as d')
      .innerJoin('org_units as s', 's.code', 'd.station_code')
      .select([
        'd.station_code',
        's.name',
        'd.city_code',
        'd.county_code',
        'd.due',
        'd.stale',
        'd.bounced',
        'd.shared',
        'd.computed_at',
      ]),
    region,
    'd',
  )
    .orderBy('d.due', 'desc')
    .orderBy('d.station_code')
    .limit(2000)
    .execute();

export const findUnitNames = async (db: Kysely<Database>, codes: readonly string[]) =>
  new Map(
    codes.length === 0
      ? []
      : (
          await db
            .selectFrom('org_units')
            .select(['code', 'name'])
            .where('code', 'in', [...codes])
            .execute()
        ).map((r) => [r.code, r.name]),
  );
