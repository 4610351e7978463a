// SQL of the conflict list and its per-city counts; every query cut to the viewer's region.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { inRegion, type Region } from '../auth/region.ts';

export interface ConflictFilter {
  region: Region;
  field?: string;
  /** only conflicts opened at or before this instant (older than N days) */
  openedBy?: Date;
}

function openConflicts(db: Kysely<Database>, f: ConflictFilter) {
  let qb = inRegion(db.selectFrom('source_conflicts as s'), f.region, 's').where('s.status', '=', 'open');
  if (f.field) qb = qb.where('s.field', '=', f.field);
  if (f.openedBy) qb = qb.where('s.created_at', '<=', f.openedBy);
  return qb;
}

/** A page of open conflicts with customer, station and who made our value; oldest first. */
export function conflictPageQuery(db: Kysely<Database>, f: ConflictFilter, offset: number, limit: number) {
  return openConflicts(db, f)
    .innerJoin('customers as c', 'c.id', 's.customer_id')
    .leftJoin('org_units as st', 'st.code', 's.station_code')
    .leftJoin('users as u', 'u.id', 's.ours_user_id')
    .selectAll('s')
    .select([
      'c.customer_no',
      'c.name as customer_name',
      'st.name as station_name',
      'u.display_name as user_name',
    ])
    .orderBy('s.created_at')
    .orderBy('s.id')
    .offset(offset)
    .limit(limit);
}

export const conflictCountQuery = (db: Kysely<Database>, f: ConflictFilter) =>
  openConflicts(db, f).select((eb) => eb.fn.countAll<number>().as('n'));

export async function findConflictPage(
  db: Kysely<Database>,
  f: ConflictFilter,
  offset: number,
  limit: number,
) {
  const [items, total] = await Promise.all([
    conflictPageQuery(db, f, offset, limit).execute(),
    conflictCountQuery(db, f).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
export type ConflictRow = Awaited<ReturnType<typeof findConflictPage>>['items'][number];

/** Open conflicts per city with the oldest one's time (the partial index source_conflicts_scope). */
export const openByCityQuery = (db: Kysely<Database>, region: Region) =>
  inRegion(db.selectFrom('source_conflicts as s'), region, 's')
    .where('s.status', '=', 'open')
    .select([
      's.city_code',
      (eb) => eb.fn.countAll<number>().as('open'),
      (eb) => eb.fn.min('s.created_at').as('oldest'),
    ])
    .groupBy('s.city_code');

export const countOpenByCity = (db: Kysely<Database>, region: Region) =>
  openByCityQuery(db, region).execute();

/** Open conflicts by id, locked for a resolution. */
export const lockOpenConflictsQuery = (trx: Trx, ids: readonly number[]) =>
  trx
    .selectFrom('source_conflicts')
    .selectAll()
    .where(sql<boolean>`id = any(${ids}::bigint[])`)
    .where('status', '=', 'open')
    .orderBy('id')
    .forUpdate();

export const lockOpenConflicts = (trx: Trx, ids: readonly number[]) =>
  lockOpenConflictsQuery(trx, ids).execute();
export type LockedConflict = Awaited<ReturnType<typeof lockOpenConflicts>>[number];

type Resolution = {
  resolution: 'keep_ours' | 'take_source' | 'other';
  value: string;
  userId: number | null;
  now: Date;
};

export const markResolvedQuery = (trx: Trx, id: number, r: Resolution) =>
  trx
    .updateTable('source_conflicts')
    .set({
      status: 'resolved',
      resolution: r.resolution,
      resolved_value: r.value,
      resolved_by: r.userId,
      resolved_at: r.now,
    })
    .where('id', '=', id);

export async function markResolved(trx: Trx, id: number, r: Resolution) {
  await markResolvedQuery(trx, id, r).execute();
}
