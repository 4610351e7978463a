// The dashboard's reads. Each one is over a pre-aggregated table — station_customer_counts,
// verification_counters, progress_snapshots, unit_counts, entry_gate_counts, sms_sampling_counts
// — never over customers or their messages, so each answers in milliseconds at 10 million customers.
import { sql, type Kysely } from 'kysely';
import type { Database, PeriodKind, UnitLevel } from '../../db/schema.ts';
import { andInRegion, cityOf, inRegion, type Region } from '../auth/region.ts';

/** Customers in the region, from the kept per-station counts. */
export const customersInQuery = (db: Kysely<Database>, region: Region) =>
  inRegion(
    db.selectFrom('station_customer_counts').select((eb) => eb.fn.sum<number>('customers').as('n')),
    region,
  );

/**
 * The sampling SMS outcomes in the region, from the kept per-city counts (sms_sampling_counts,
 * kept by triggers on sms_messages): the same sums as findSmsDelivery without a window, which
 * counts the messages themselves. Cut by city only, as that one is (cityOf).
 */
export const smsSamplingInQuery = (db: Kysely<Database>, region: Region) =>
  inRegion(
    db
      .selectFrom('sms_sampling_counts')
      .select([
        sql<number>`coalesce(sum(delivered), 0)::int`.as('delivered'),
        sql<number>`coalesce(sum(finished), 0)::int`.as('finished'),
        sql<number>`coalesce(sum(simulated), 0)::int`.as('simulated'),
      ]),
    cityOf(region),
  );

export async function findSmsSampling(db: Kysely<Database>, region: Region) {
  const row = await smsSamplingInQuery(db, region).executeTakeFirst();
  return row ?? { delivered: 0, finished: 0, simulated: 0 };
}

/**
 * Open errors: customers with errors in the latest completed run covering each city (its
 * `city_code = c.code` are joins on that city; the region cut is the andInRegion at the end).
 */
export const openErrorsQuery = (region: Region) => sql<{ with_error: number; checked: number }>`
    select coalesce(sum(u.customers_with_error), 0)::int as with_error,
           coalesce(sum(u.customers_checked), 0)::int as checked
    from org_units c
    cross join lateral (
      select r.id from validation_runs r
      where r.status = 'completed' and r.county_code is null and (r.city_code is null or r.city_code = c.code)
      order by r.finished_at desc nulls last, r.id desc limit 1
    ) latest
    join unit_counts u on u.run_id = latest.id and u.city_code = c.code
    where c.level = 'city' ${andInRegion(region, 'u')}`;

export async function findOpenErrors(db: Kysely<Database>, region: Region) {
  const result = await openErrorsQuery(region).execute(db);
  return result.rows[0] ?? { with_error: 0, checked: 0 };
}

/** Stored snapshots of one level over the last `limit` periods (weeks or months): the trend chart. */
export const trendQuery = (
  db: Kysely<Database>,
  campaignId: number,
  level: UnitLevel,
  region: Region,
  limit: number,
  kind: PeriodKind = 'week',
) =>
  inRegion(
    db
      .selectFrom('progress_snapshots as p')
      .innerJoin('org_units as o', 'o.code', 'p.unit_code')
      .select([
        'p.period_key',
        'p.unit_code',
        'o.name',
        'p.phase',
        'p.in_scope',
        'p.completion_pct',
        'p.expected_pct',
        'p.target_pct',
      ])
      .where('p.campaign_id', '=', campaignId)
      .where('p.period_kind', '=', kind)
      .where('p.level', '=', level)
      .where('p.period_key', 'in', (eb) =>
        eb
          .selectFrom('progress_snapshots')
          .select('period_key')
          .where('campaign_id', '=', campaignId)
          .where('period_kind', '=', kind)
          .where('level', '=', 'province')
          .orderBy('period_key', 'desc')
          .limit(limit),
      ),
    region,
    'p',
  )
    .orderBy('p.period_key')
    .orderBy('p.unit_code');

export const findTrend = (...args: Parameters<typeof trendQuery>) => trendQuery(...args).execute();

/** Entry-gate records and failures per station since a day, worst first. */
export const gateByStationQuery = (db: Kysely<Database>, sinceDay: string, region: Region, limit: number) =>
  // entry_gate_counts has only a station code: cut by the station's own row
  inRegion(
    db
      .selectFrom('entry_gate_counts as g')
      .innerJoin('org_units as s', 's.code', 'g.station_code')
      .select([
        'g.station_code',
        's.name',
        's.city_code',
        sql<number>`sum(g.records)::int`.as('records'),
        sql<number>`sum(g.records_with_error)::int`.as('with_error'),
      ])
      .where('g.day', '>=', sinceDay)
      .groupBy(['g.station_code', 's.name', 's.city_code']),
    region,
    's',
  )
    .orderBy(sql`sum(g.records_with_error)`, 'desc')
    .orderBy('g.station_code')
    .limit(limit);

export const findGateByStation = (...args: Parameters<typeof gateByStationQuery>) =>
  gateByStationQuery(...args).execute();

export const findUnitNames = (db: Kysely<Database>, codes: readonly string[]) =>
  codes.length === 0
    ? Promise.resolve([])
    : db.selectFrom('org_units').select(['code', 'name']).where('code', 'in', codes).execute();

export const findWorkReportsOf = (
  db: Kysely<Database>,
  campaignId: number,
  kind: 'week' | 'month',
  key: string,
) =>
  db
    .selectFrom('work_reports')
    .select(['city_code', 'first_submitted_at', 'due_at'])
    .where('campaign_id', '=', campaignId)
    .where('kind', '=', kind)
    .where('period_key', '=', key)
    .execute();
