// SQL of the 供电所进度 card: the worksheet exports still out in a region and the rows of each that
// came back. Station figures come from the campaign's kept counters (snapshot-queries.ts); nothing
// here counts customers: the returned rows are read per open export, by its key.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { overlapsRegion, type Region } from '../auth/region.ts';

/** Completed exports of the cycle that may hold the region's stations (a wider export does too). */
export const findCycleExports = (db: Kysely<Database>, region: Region, campaignId: number, limit = 500) =>
  overlapsRegion(db.selectFrom('worksheet_exports as e'), region, 'e')
    .leftJoin('users as u', 'u.id', 'e.user_id')
    .select([
      'e.id',
      'e.rows',
      'e.station_rows',
      sql<string[] | null>`e.scope -> 'stationCodes'`.as('station_codes'),
      'e.created_at',
      'u.display_name as user_name',
    ])
    .where('e.campaign_id', '=', campaignId)
    .where('e.status', '=', 'completed')
    .orderBy('e.id', 'desc')
    .limit(limit)
    .execute();

/**
 * Per export and station: customers whose row came back, from an upload (worksheet_applied_rows,
 * by its primary key) or a field entry naming the export (field_entries_export). A customer
 * returned twice (a corrected row uploaded again, an upload and a phone) counts once.
 */
export async function findReturnedRows(db: Kysely<Database>, exportIds: readonly number[]) {
  if (exportIds.length === 0) return [];
  const ids = [...exportIds];
  const { rows } = await sql<{ export_id: number; station_code: string; n: number }>`
    select r.export_id, r.station_code, count(*)::int as n
    from (
      select a.export_id, a.customer_id, c.station_code
      from worksheet_applied_rows a join customers c on c.id = a.customer_id
      where a.export_id = any(${ids}::bigint[])
      union
      select f.export_id, f.customer_id, f.station_code
      from field_entries f
      where f.export_id = any(${ids}::bigint[]) and f.outcome = 'applied'
    ) r
    group by r.export_id, r.station_code`.execute(db);
  return rows.map((r) => ({ exportId: Number(r.export_id), stationCode: r.station_code, n: Number(r.n) }));
}
