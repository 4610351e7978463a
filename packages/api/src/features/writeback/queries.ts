// SQL of the change feed: pages of changes, customers' rows of a change file, exports, acks.
// A change is 已导出 when an export (change_exports: a range of ids over a region) covers it.
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, OutboundState } from '../../db/schema.ts';
import { andInRegion, inRegion, regionOf, type Region } from '../auth/region.ts';

/** `exists an export covering o` (raw SQL over the alias o) */
export const isExported: RawBuilder<boolean> = sql<boolean>`exists (
  select 1 from change_exports e
  where o.id > e.after_id and o.id <= e.through_id
    and (e.city_code is null or e.city_code = o.city_code)
    and (e.county_code is null or e.county_code = o.county_code))`;

export interface ExportRange {
  after_id: number;
  through_id: number;
  city_code: string | null;
  county_code: string | null;
}

export interface Selection {
  region: Region;
  /** the horizon: no id above it */
  throughId: number;
  /** ids above this one (a re-download); absent: the pending changes not yet exported */
  afterId?: number;
  /** without afterId: the exports that may cover a pending change (findOpenExportRanges) */
  exported?: readonly ExportRange[];
}

/**
 * The exports that may still cover a pending change: those reaching above the oldest one. They
 * are few, so a file's selection names them inline instead of probing change_exports per row
 * (which cost more than reading the change itself).
 */
export const openExportRangesQuery = () => sql<ExportRange>`
    select e.after_id, e.through_id, e.city_code, e.county_code from change_exports e
    where e.through_id >= (select min(id) from outbound_changes where state = 'pending')
    order by e.id`;

export async function findOpenExportRanges(db: Kysely<Database>): Promise<ExportRange[]> {
  const { rows } = await openExportRangesQuery().execute(db);
  return rows.map((r) => ({ ...r, after_id: Number(r.after_id), through_id: Number(r.through_id) }));
}

function notExported(ranges: readonly ExportRange[]): RawBuilder<unknown> {
  if (ranges.length === 0) return sql``;
  // an export covers its ids within its own region: the same cut as a viewer's, by the helper
  const covered = ranges.map(
    (e) => sql`(o.id > ${e.after_id} and o.id <= ${e.through_id} ${andInRegion(regionOf(e), 'o')})`,
  );
  return sql`and not (${sql.join(covered, sql` or `)})`;
}

function selectionSql(s: Selection): RawBuilder<unknown> {
  return sql`o.state = 'pending' and o.id <= ${s.throughId}
    ${s.afterId === undefined ? notExported(s.exported ?? []) : sql`and o.id > ${s.afterId}`}
    ${andInRegion(s.region, 'o')}`;
}

/** The fields the selection changes, for the file's columns. */
export const selectionFieldsQuery = (s: Selection) => sql<{ field: string }>`
    select distinct o.field from outbound_changes o where ${selectionSql(s)}`;

export async function findSelectionFields(db: Kysely<Database>, s: Selection): Promise<string[]> {
  const { rows } = await selectionFieldsQuery(s).execute(db);
  return rows.map((r) => r.field);
}

export interface FileChangeRow {
  id: number;
  customer_id: number;
  customer_no: string;
  station_code: string;
  field: string;
  new_value: string;
}

/**
 * The selection's changes in (customer, id) order — a customer's changes arrive together for the
 * file's one row per customer. Read through a cursor (db/cursor.ts): one plan, one snapshot.
 */
export const fileChangesQuery = (s: Selection) =>
  sql<FileChangeRow>`
    select o.id, o.customer_id, o.customer_no, o.station_code, o.field, o.new_value
    from outbound_changes o
    where ${selectionSql(s)}
    order by o.customer_id, o.id`;

export interface ExportRow {
  region: Region;
  afterId: number;
  throughId: number;
  changes: number;
  customers: number;
  format: string;
  userId: number | null;
  tokenId: number | null;
  now: Date;
}

export const insertExportQuery = (db: Kysely<Database>, row: ExportRow) =>
  db
    .insertInto('change_exports')
    .values({
      city_code: row.region.cityCode ?? null,
      county_code: row.region.countyCode ?? null,
      after_id: row.afterId,
      through_id: row.throughId,
      changes: row.changes,
      customers: row.customers,
      format: row.format,
      user_id: row.userId,
      token_id: row.tokenId,
      created_at: row.now,
    })
    .returning('id');

export async function insertExport(db: Kysely<Database>, row: ExportRow): Promise<number> {
  return Number((await insertExportQuery(db, row).executeTakeFirstOrThrow()).id);
}

const changeColumns = [
  'o.id',
  'o.customer_id',
  'o.customer_no',
  'o.city_code',
  'o.county_code',
  'o.station_code',
  'o.field',
  'o.base_value',
  'o.new_value',
  'o.source',
  'o.ref',
  'o.changed_at',
  'o.state',
  'o.acked_at',
  'o.ack_reason',
  'o.confirmed_at',
  'u.display_name as user_name',
] as const;

/** A page of the feed (every state but superseded), by id. */
export function changesAfterQuery(
  db: Kysely<Database>,
  region: Region,
  afterId: number,
  throughId: number,
  limit: number,
) {
  return inRegion(
    db
      .selectFrom('outbound_changes as o')
      .leftJoin('users as u', 'u.id', 'o.user_id')
      .select(changeColumns)
      .select(isExported.as('exported'))
      .where('o.id', '>', afterId)
      .where('o.id', '<=', throughId)
      .where('o.state', '<>', 'superseded'),
    region,
    'o',
  )
    .orderBy('o.id')
    .limit(limit);
}

export const findChangesAfter = (...args: Parameters<typeof changesAfterQuery>) =>
  changesAfterQuery(...args).execute();
export type ChangeRow = Awaited<ReturnType<typeof findChangesAfter>>[number];

/** The changes with these ids, locked for an acknowledgement. */
export const lockChangesQuery = (trx: Trx, ids: readonly number[]) =>
  trx
    .selectFrom('outbound_changes as o')
    .select(['o.id', 'o.customer_id', 'o.city_code', 'o.county_code', 'o.station_code', 'o.field'])
    .select(['o.base_value', 'o.new_value', 'o.state', 'o.ack_reason', 'o.source', 'o.ref', 'o.user_id'])
    .select('o.changed_at')
    .where(sql<boolean>`o.id = any(${ids}::bigint[])`)
    .orderBy('o.id')
    .forUpdate();

export const lockChanges = (trx: Trx, ids: readonly number[]) => lockChangesQuery(trx, ids).execute();

type Ack = { at: Date; reason: string | null; by: string };

export const setChangeStateQuery = (trx: Trx, ids: readonly number[], state: OutboundState, ack: Ack) =>
  trx
    .updateTable('outbound_changes')
    .set({ state, acked_at: ack.at, ack_reason: ack.reason, acked_by: ack.by })
    .where(sql<boolean>`id = any(${ids}::bigint[])`);

export async function setChangeState(trx: Trx, ids: readonly number[], state: OutboundState, ack: Ack) {
  if (ids.length === 0) return;
  await setChangeStateQuery(trx, ids, state, ack).execute();
}

/** Changes per city and state (已导出 split from 已更正), for the 回写 page and the dashboard. */
export const changesByCityQuery = (region: Region) =>
  sql<{ city_code: string; state: string; exported: boolean; n: number }>`
    select o.city_code, o.state, (o.state = 'pending' and ${isExported}) as exported, count(*)::int as n
    from outbound_changes o
    where o.state <> 'superseded' ${andInRegion(region, 'o')}
    group by 1, 2, 3`;

export async function countChangesByCity(db: Kysely<Database>, region: Region) {
  return (await changesByCityQuery(region).execute(db)).rows;
}

/** The latest changes not yet written back, for the 回写 page's list. */
export function pendingChangesQuery(db: Kysely<Database>, region: Region, limit: number) {
  return inRegion(
    db
      .selectFrom('outbound_changes as o')
      .leftJoin('users as u', 'u.id', 'o.user_id')
      .select(changeColumns)
      .select(isExported.as('exported'))
      .where('o.state', '=', 'pending'),
    region,
    'o',
  )
    .orderBy('o.id', 'desc')
    .limit(limit);
}

export const findPendingChanges = (...args: Parameters<typeof pendingChangesQuery>) =>
  pendingChangesQuery(...args).execute();
export type LockedChange = Awaited<ReturnType<typeof lockChanges>>[number];
