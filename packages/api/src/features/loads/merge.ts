// The three-way merge of a load, per field: base (what the marketing system last sent), ours (the
// current value) and theirs (this extract). A field without a divergence row has base = ours, so
// for almost every customer the merge is the ordinary update; only the fields we corrected (rows in
// field_divergences) can keep ours, converge or conflict.
import { sql } from 'kysely';
import type { Trx } from '../../db.ts';
import type { ChangeSource } from '../../db/schema.ts';
import type { TrackedField } from '../customers/columns.ts';

export type MergeDecision = 'take' | 'keep' | 'converged' | 'conflict' | 'same';

/**
 *   theirs = ours → 'same' (no divergence) or 'converged' (our correction, now carried by the source)
 *   no base (we never corrected it) or ours = base → 'take' theirs
 *   theirs = base → the source did not change it: 'keep' ours
 *   otherwise → 'conflict': keep ours, a person decides
 */
export function mergeField(base: string | undefined, ours: string, theirs: string): MergeDecision {
  if (theirs === ours) return base === undefined ? 'same' : 'converged';
  if (base === undefined || ours === base) return 'take';
  if (theirs === base) return 'keep';
  return 'conflict';
}

export interface Divergence {
  base: string;
  source: ChangeSource;
  ref: string | null;
  user_id: number | null;
  at: Date;
}

/** The divergences of some customers, by customer id and field. Nothing to read: no query. */
export async function findDivergences(
  trx: Trx,
  customerIds: readonly number[],
): Promise<Map<number, Map<string, Divergence>>> {
  const out = new Map<number, Map<string, Divergence>>();
  if (customerIds.length === 0) return out;
  // One probe of the (small) table first: while nobody has corrected anything, a reload costs
  // nothing more than it did before the merge.
  const any = await trx.selectFrom('field_divergences').select('customer_id').limit(1).execute();
  if (any.length === 0) return out;
  const rows = await trx
    .selectFrom('field_divergences')
    .select(['customer_id', 'field', 'base', 'source', 'ref', 'user_id', 'at'])
    .where(sql<boolean>`customer_id = any(${customerIds}::bigint[])`)
    .execute();
  for (const r of rows) {
    const id = Number(r.customer_id);
    let m = out.get(id);
    if (!m) out.set(id, (m = new Map()));
    m.set(r.field, { ...r, at: new Date(r.at) });
  }
  return out;
}

export interface MergeConflict {
  customerId: number;
  field: TrackedField;
  base: string;
  ours: string;
  theirs: string;
  divergence: Divergence;
}

/**
 * Records this load's conflicts: one open conflict per customer field (a later load updates the
 * open one), and the field's base moves to what the source now sends, so reloading the same
 * extract does not raise it again.
 */
export async function recordConflicts(
  trx: Trx,
  conflicts: readonly MergeConflict[],
  batchId: number,
  now: Date,
): Promise<void> {
  if (conflicts.length === 0) return;
  const col = <K extends keyof MergeConflict>(k: K) => conflicts.map((c) => c[k]);
  const ids = col('customerId');
  const fields = col('field');
  await sql`
    with t as (
      select * from unnest(${ids}::bigint[], ${fields}::text[], ${col('base')}::text[], ${col('ours')}::text[],
        ${col('theirs')}::text[], ${conflicts.map((c) => c.divergence.source)}::text[],
        ${conflicts.map((c) => c.divergence.ref)}::text[], ${conflicts.map((c) => c.divergence.user_id)}::bigint[],
        ${conflicts.map((c) => c.divergence.at.toISOString())}::timestamptz[])
        as t(customer_id, field, base, ours, theirs, source, ref, user_id, at)
    ),
    rebase as (
      update field_divergences d set base = t.theirs from t
      where d.customer_id = t.customer_id and d.field = t.field
    )
    insert into source_conflicts (customer_id, field, city_code, county_code, station_code, kind, base, ours,
      theirs, ours_source, ours_ref, ours_user_id, ours_at, batch_id, status, created_at)
    select t.customer_id, t.field, c.city_code, c.county_code, c.station_code, 'load', t.base, t.ours, t.theirs,
           t.source, t.ref, t.user_id, t.at, ${batchId}, 'open', ${now}::timestamptz
    from t join customers c on c.id = t.customer_id
    on conflict (customer_id, field) where status = 'open' do update
      set theirs = excluded.theirs, ours = excluded.ours, batch_id = excluded.batch_id`.execute(trx);
}

/**
 * The source now carries our corrections: the divergences go, their outbound changes are
 * 源系统已确认 (earlier values of the same field superseded), and open conflicts are settled.
 */
export async function confirmCorrections(
  trx: Trx,
  confirmed: readonly { customerId: number; field: TrackedField; value: string }[],
  batchId: number,
  now: Date,
): Promise<void> {
  if (confirmed.length === 0) return;
  const ids = confirmed.map((c) => c.customerId);
  const fields = confirmed.map((c) => c.field);
  await sql`
    with t as (
      select * from unnest(${ids}::bigint[], ${fields}::text[], ${confirmed.map((c) => c.value)}::text[])
        as t(customer_id, field, value)
    ),
    gone as (
      delete from field_divergences d using t where d.customer_id = t.customer_id and d.field = t.field
    ),
    settled as (
      update source_conflicts s set status = 'resolved', resolution = 'converged', resolved_value = t.value,
        resolved_at = ${now}::timestamptz
      from t where s.customer_id = t.customer_id and s.field = t.field and s.status = 'open'
    )
    update outbound_changes o
      set state = case when o.new_value = t.value then 'confirmed' else 'superseded' end,
          confirmed_at = case when o.new_value = t.value then ${now}::timestamptz end,
          confirmed_batch_id = case when o.new_value = t.value then ${batchId}::bigint end
    from t
    where o.customer_id = t.customer_id and o.field = t.field
      and o.state in ('pending', 'written_back')`.execute(trx);
}

/** Customers a load carried are no longer missing from the source. */
export async function clearMissing(trx: Trx, customerIds: readonly number[]): Promise<void> {
  if (customerIds.length === 0) return;
  const any = await trx.selectFrom('source_missing').select('customer_id').limit(1).execute();
  if (any.length === 0) return;
  await trx
    .deleteFrom('source_missing')
    .where(sql<boolean>`customer_id = any(${customerIds}::bigint[])`)
    .execute();
}

/**
 * After a full extract: every customer we held before the load that the file did not carry is
 * missing from the source (listed, counted, never deleted). Pages through the customers by id;
 * `isCarried` is the loader's in-memory set of the file's customer numbers.
 */
export async function markMissing(
  trx: Trx,
  isCarried: (customerNo: string) => boolean,
  maxIdBefore: number,
  batchId: number,
  now: Date,
): Promise<number> {
  let missing = 0;
  for (let after = 0; after < maxIdBefore;) {
    const page = await trx
      .selectFrom('customers')
      .select(['id', 'customer_no'])
      .where('id', '>', after)
      .where('id', '<=', maxIdBefore)
      .orderBy('id')
      .limit(20_000)
      .execute();
    if (page.length === 0) break;
    after = Number(page[page.length - 1]!.id);
    const ids = page.filter((c) => !isCarried(c.customer_no)).map((c) => Number(c.id));
    if (ids.length === 0) continue;
    missing += ids.length;
    await sql`
      insert into source_missing (customer_id, city_code, county_code, station_code, batch_id, since)
      select id, city_code, county_code, station_code, ${batchId}, ${now}::timestamptz
      from customers where id = any(${ids}::bigint[])
      on conflict (customer_id) do nothing`.execute(trx);
  }
  return missing;
}
