// The week's quality figures per station, computed at the weekly cut-off (and on a coordinator's
// refresh): from what the validation runs already keep — the findings and unit_counts of the
// latest completed run covering each city (the dashboard's rule) — and the entry gate's daily
// counts. Set-based SQL, one transaction; a week may be recomputed until it is over (each write
// replaces the week's rows), and a week that is over is never touched again.
//
// New and fixed defects are counted against the open defects kept at the previous computed week
// (quality_defects): a defect is a customer × rule with an error or a warning.
import { sql } from 'kysely';
import type { Db, Trx } from '../../db.ts';
import { addDays, isoWeekOfDay, mondayOfIsoWeek } from '../campaign/periods.ts';
import { refreshDueCounts } from './due-counts.ts';
import { LATEST_RUNS } from './queries.ts';

export const previousWeek = (week: string) => isoWeekOfDay(addDays(mondayOfIsoWeek(week), -7));

async function writeDefects(trx: Trx, week: string): Promise<string | null> {
  await sql`delete from quality_defects where week_key = ${week}`.execute(trx);
  await sql`
    insert into quality_defects (week_key, customer_id, rule_id, city_code, county_code, station_code)
    select distinct on (f.customer_id, f.rule_id) ${week}, f.customer_id, f.rule_id,
           f.city_code, f.county_code, f.station_code
    from (${LATEST_RUNS}) l
    join findings f on f.run_id = l.run_id and f.city_code = l.city_code
    where f.severity <> 'info'
    order by f.customer_id, f.rule_id`.execute(trx);
  const base = await sql<{ week: string | null }>`
    select max(week_key) as week from quality_defects where week_key < ${week}`.execute(trx);
  return base.rows[0]?.week ?? null;
}

async function writeRuleMoves(trx: Trx, week: string, base: string | null) {
  await sql`delete from quality_week_rules where week_key = ${week}`.execute(trx);
  // without a baseline, nothing can be called new or fixed: null, not "everything is new"
  await sql`
    insert into quality_week_rules
      (week_key, city_code, county_code, station_code, rule_id, open_defects, new_defects, fixed_defects)
    select ${week}, min(city_code), min(county_code), station_code, rule_id,
           sum(is_open)::int, ${base === null ? sql`null` : sql`sum(is_new)::int`},
           ${base === null ? sql`null` : sql`sum(is_fixed)::int`}
    from (
      select coalesce(cur.city_code, old.city_code) as city_code,
             coalesce(cur.county_code, old.county_code) as county_code,
             coalesce(cur.station_code, old.station_code) as station_code,
             coalesce(cur.rule_id, old.rule_id) as rule_id,
             (cur.customer_id is not null)::int as is_open,
             (cur.customer_id is not null and old.customer_id is null)::int as is_new,
             (cur.customer_id is null)::int as is_fixed
      from (select * from quality_defects where week_key = ${week}) cur
      full join (select * from quality_defects where week_key = ${base ?? ''}) old
        on old.customer_id = cur.customer_id and old.rule_id = cur.rule_id
    ) d
    group by station_code, rule_id`.execute(trx);
}

async function writeStationWeeks(trx: Trx, week: string, base: string | null, now: Date) {
  const monday = mondayOfIsoWeek(week);
  await sql`delete from quality_weeks where week_key = ${week}`.execute(trx);
  await sql`
    insert into quality_weeks
      (week_key, city_code, county_code, station_code, customers, customers_with_error,
       open_defects, new_defects, fixed_defects, gate_records, gate_errors, computed_at)
    select ${week}, s.city_code, s.county_code, s.code,
           coalesce(u.checked, 0), coalesce(u.with_error, 0), coalesce(r.open, 0),
           ${base === null ? sql`null` : sql`coalesce(r.new, 0)`},
           ${base === null ? sql`null` : sql`coalesce(r.fixed, 0)`},
           coalesce(g.records, 0), coalesce(g.errors, 0), ${now}::timestamptz
    from org_units s
    left join (
      select u.station_code, sum(u.customers_checked)::int as checked, sum(u.customers_with_error)::int as with_error
      from (${LATEST_RUNS}) l join unit_counts u on u.run_id = l.run_id and u.city_code = l.city_code
      group by u.station_code
    ) u on u.station_code = s.code
    left join (
      select station_code, sum(open_defects)::int as open, sum(new_defects)::int as new,
             sum(fixed_defects)::int as fixed
      from quality_week_rules where week_key = ${week} group by station_code
    ) r on r.station_code = s.code
    left join (
      select station_code, sum(records)::int as records, sum(records_with_error)::int as errors
      from entry_gate_counts where day between ${monday}::date and ${addDays(monday, 6)}::date
      group by station_code
    ) g on g.station_code = s.code
    where s.level = 'station' and (u.station_code is not null or r.station_code is not null or g.station_code is not null)`.execute(
    trx,
  );
}

/**
 * Computes (or recomputes) the week's figures, keeps its open defects as the next week's
 * baseline and drops older generations; then refreshes the re-verification due counts.
 */
export async function computeQualityWeek(db: Db, week: string, now: Date) {
  const result = await db.kysely.transaction().execute(async (trx) => {
    // one computation at a time: two refreshes at once would interleave deletes and inserts
    await sql`select pg_advisory_xact_lock(hashtext('qingyuan:quality-week'))`.execute(trx);
    const base = await writeDefects(trx, week);
    await writeRuleMoves(trx, week, base);
    await writeStationWeeks(trx, week, base, now);
    if (base !== null) await sql`delete from quality_defects where week_key < ${base}`.execute(trx);
    const n = await sql<{ n: number }>`
      select count(*)::int as n from quality_weeks where week_key = ${week}`.execute(trx);
    return { week, stations: Number(n.rows[0]?.n ?? 0), hasBaseline: base !== null };
  });
  const due = await refreshDueCounts(db, now);
  return { ...result, dueStations: due.stations };
}
