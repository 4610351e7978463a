// What the round trip means for the campaign's figures (issue 17): how many corrections went back
// to the marketing system, and which corrected customers still wait for that (the 导入系统 step).
// Both read the change feed's own tables, cut to the region on their own columns; neither reads
// customers.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { andInRegion, inRegion, PROVINCE, type Region } from '../auth/region.ts';

export interface StationWriteback {
  station_code: string;
  city_code: string;
  county_code: string;
  /** outbound changes not superseded by a later value of the same field */
  corrections: number;
  /** of those, 已回写 (acknowledged applied) or 源系统已确认 (a later extract carried it) */
  written_back: number;
}

/** Corrections and those written back, per station (index outbound_changes_writeback). */
export const writebackByStationQuery = (db: Kysely<Database>, region: Region = PROVINCE) =>
  inRegion(
    db
      .selectFrom('outbound_changes as o')
      .select([
        'o.station_code',
        'o.city_code',
        'o.county_code',
        sql<number>`count(*)::int`.as('corrections'),
        sql<number>`count(*) filter (where o.state in ('written_back', 'confirmed'))::int`.as('written_back'),
      ])
      .where('o.state', '<>', 'superseded')
      .groupBy(['o.station_code', 'o.city_code', 'o.county_code']),
    region,
    'o',
  );

export const findWritebackByStation = (db: Kysely<Database>, region?: Region) =>
  writebackByStationQuery(db, region).execute() as Promise<StationWriteback[]>;

/**
 * Per station: customers corrected in the campaign whose corrections are not written back yet — a
 * change still pending (已更正 / 已导出), or one the source refused while its conflict is open.
 * Driven by those open changes (the partial indexes outbound_changes_pending and
 * source_conflicts_scope), each looked up by the verification's key: the cost follows the
 * write-back backlog, not the customers.
 */
export const awaitingWritebackQuery = (campaignId: number, region: Region = PROVINCE) =>
  sql<{ station_code: string; n: number }>`
    select v.station_code, count(*)::int as n
    from (
      select o.customer_id from outbound_changes o where o.state = 'pending' ${andInRegion(region, 'o')}
      union
      select s.customer_id from source_conflicts s
      where s.status = 'open' and s.kind = 'rejected' ${andInRegion(region, 's')}
    ) w
    join customer_verification v on v.campaign_id = ${campaignId} and v.customer_id = w.customer_id
    where v.state = 'corrected' ${andInRegion(region, 'v')}
    group by v.station_code`;

export async function findAwaitingWriteback(
  db: Kysely<Database>,
  campaignId: number,
  region?: Region,
): Promise<Map<string, number>> {
  const { rows } = await awaitingWritebackQuery(campaignId, region).execute(db);
  return new Map(rows.map((r) => [r.station_code, Number(r.n)]));
}
