// Re-verification due counts per station (复核到期), for the dashboard and the 质量监测 page:
// kept in a small table, refreshed with the week's quality figures, so a page never scans the
// customers. One set-based statement over the active customers with the definition of due.ts.
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { dueReasons, monthsBefore, type DueParams } from './due.ts';
import { LATEST_RUNS } from './queries.ts';
import { getMonitoringSettings } from './settings.ts';

/** Who is due as of `now`: the settings' period, and every cycle that has run. */
export async function dueParams(db: Kysely<Database>, now: Date): Promise<DueParams> {
  const [settings, campaigns] = await Promise.all([
    getMonitoringSettings(db),
    db.selectFrom('campaigns').select('id').where('status', '<>', 'draft').execute(),
  ]);
  return {
    staleBefore: monthsBefore(now, settings.reverifyMonths),
    campaignIds: campaigns.map((c) => Number(c.id)),
  };
}

export async function refreshDueCounts(db: Db, now: Date) {
  const params = await dueParams(db.kysely, now);
  const d = dueReasons('c', sql<number | null>`l.run_id`, params);
  return db.kysely.transaction().execute(async (trx) => {
    await sql`delete from reverification_due`.execute(trx);
    const result = await sql`
      insert into reverification_due
        (station_code, city_code, county_code, due, stale, bounced, shared, computed_at)
      select c.station_code, min(c.city_code), min(c.county_code),
             count(*) filter (where d.stale or d.bounced or d.shared)::int,
             count(*) filter (where d.stale)::int, count(*) filter (where d.bounced)::int,
             count(*) filter (where d.shared)::int, ${now}::timestamptz
      from customers c
      left join (${LATEST_RUNS}) l on l.city_code = c.city_code
      cross join lateral (select ${d.stale} as stale, ${d.bounced} as bounced, ${d.shared} as shared) d
      where c.status = 'active'
      group by c.station_code`.execute(trx);
    return { stations: Number(result.numAffectedRows ?? 0n) };
  });
}
