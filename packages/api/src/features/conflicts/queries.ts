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

export async function findConflictPage(
  db: Kysely<Database>,
  f: ConflictFilter,
  offset: number,
  limit: number,
) {
  const [items, total] = await Promise.all([
    openConflicts(db, f)
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
      .limit(limit)
      .execute(),
    openConflicts(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}
export type ConflictRow = Awaited<ReturnType<typeof findConflictPage>>['items'][number];

/** Open conflicts per city with the oldest one's time. */
export async function countOpenByCity(db: Kysely<Database>, region: Region) {
  return inRegion(db.selectFrom('source_conflicts as s'), region, 's')
    .where('s.status', '=', 'open')
    .select([
      's.city_code',
      (eb) => eb.fn.countAll<number>().as('open'),
      (eb) => eb.fn.min('s.created_at').as('oldest'),
    ])
    .groupBy('s.city_code')
    .execute();
}

/** Open conflicts by id, locked for a resolution. */
export async function lockOpenConflicts(trx: Trx, ids: readonly number[]) {
  return trx
    .selectFrom('source_conflicts')
    .selectAll()
    .where(sql<boolean>`id = any(${ids}::bigint[])`)
    .where('status', '=', 'open')
    .orderBy('id')
    .forUpdate()
    .execute();
}
export type LockedConflict = Awaited<ReturnType<typeof lockOpenConflicts>>[number];

export async function markResolved(
  trx: Trx,
  id: number,
  r: { resolution: 'keep_ours' | 'take_source' | 'other'; value: string; userId: number | null; now: Date },
) {
  await trx
    .updateTable('source_conflicts')
    .set({
      status: 'resolved',
      resolution: r.resolution,
      resolved_value: r.value,
      resolved_by: r.userId,
      resolved_at: r.now,
    })
    .where('id', '=', id)
    .execute();
}
