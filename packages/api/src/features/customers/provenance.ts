// Provenance of customer fields, kept by the one write path (changes.ts) in the same statement as
// every write (the steps below are common table expressions over its `tr` — the fields written:
// id, field, old, new, n — and `u` — the customers updated, with their codes after the update):
// - a correction (any writer but a load) makes or keeps the field's divergence row: its base (what
//   the marketing system last sent: the divergence's base if there is one, else the value just
//   overwritten) and who/when/how the current value came; and it queues an outbound change for the
//   change feed (base → new). A correction back to the base needs no row and no change: the source
//   already holds that value. Changes of the field still waiting to be exported are superseded.
// Every insert into outbound_changes joins the feed's shared lock first (feedWriterLock): the ids
// it draws are then known to every reader (features/writeback/horizon.ts).
// - a load that takes the source's value makes current = base again: the divergence goes.
// - retention (anonymising a customer) keeps no base at all: every divergence of the customer goes
//   (a base is what the marketing system sent: personal data), and nothing is queued for the feed.
import { sql, type RawBuilder } from 'kysely';
import type { Trx } from '../../db.ts';
import type { TrackedField } from './columns.ts';
import type { WriteSource } from './changes.ts';

/**
 * The feed's lock, shared by writers: a common table expression for the statement that inserts
 * outbound changes to join, so the lock is held before the insert draws its ids.
 */
export const FEED_LOCK = sql`hashtext('qingyuan:change-feed')`;
const feedWriterLock = sql`select pg_advisory_xact_lock_shared(${FEED_LOCK}) as locked`;

export function provenanceSteps(source: WriteSource, now: Date): RawBuilder<unknown> {
  if (source.kind === 'retention')
    return sql`prov as (
      delete from field_divergences d using u where d.customer_id = u.id
    )`;
  if (source.kind === 'load')
    return sql`prov as (
      delete from field_divergences d using tr where d.customer_id = tr.id and d.field = tr.field
    )`;
  return sql`
    pd as (
      select tr.id, tr.field, tr.new, tr.n, coalesce(fd.base, tr.old) as base
      from tr left join field_divergences fd on fd.customer_id = tr.id and fd.field = tr.field
    ),
    pgone as (
      delete from field_divergences fd using pd
      where fd.customer_id = pd.id and fd.field = pd.field and pd.new = pd.base
    ),
    pkept as (
      insert into field_divergences (customer_id, field, base, source, ref, user_id, at)
      select id, field, base, ${source.kind}::text, ${source.ref}::text, ${source.userId}::bigint,
             ${now}::timestamptz
      from pd where pd.new <> pd.base
      on conflict (customer_id, field) do update
        set source = excluded.source, ref = excluded.ref, user_id = excluded.user_id, at = excluded.at
    ),
    plock as (${feedWriterLock}),
    psuperseded as (
      update outbound_changes o set state = 'superseded'
      from pd where o.customer_id = pd.id and o.field = pd.field and o.state = 'pending'
    ),
    pout as (
      insert into outbound_changes (customer_id, customer_no, city_code, county_code, station_code, field,
                                    base_value, new_value, source, ref, user_id, changed_at, state)
      select pd.id, u.customer_no, u.city_code, u.county_code, u.station_code, pd.field, pd.base, pd.new,
             ${source.kind}::text, ${source.ref}::text, ${source.userId}::bigint, ${now}::timestamptz, 'pending'
      from pd join u on u.id = pd.id cross join plock
      where pd.new <> pd.base
      order by pd.n
    )`;
}

/**
 * Queues a value we keep (a conflict resolved as "keep ours") for the change feed again, against
 * the field's current base: nothing of the customer changes, so the write path is not involved.
 */
export async function requeueCorrection(
  trx: Trx,
  customerId: number,
  field: TrackedField,
  source: WriteSource,
  now: Date,
): Promise<void> {
  await sql`
    with d as (
      select fd.customer_id, fd.field, fd.base, ${sql.ref(`c.${field}`)} as new
      from field_divergences fd join customers c on c.id = fd.customer_id
      where fd.customer_id = ${customerId} and fd.field = ${field}
    ),
    flock as (${feedWriterLock}),
    superseded as (
      update outbound_changes o set state = 'superseded'
      from d where o.customer_id = d.customer_id and o.field = d.field and o.state = 'pending'
    )
    insert into outbound_changes (customer_id, customer_no, city_code, county_code, station_code, field,
                                  base_value, new_value, source, ref, user_id, changed_at, state)
    select d.customer_id, c.customer_no, c.city_code, c.county_code, c.station_code, d.field, d.base, d.new,
           ${source.kind}, ${source.ref}::text, ${source.userId}::bigint, ${now}::timestamptz, 'pending'
    from d join customers c on c.id = d.customer_id cross join flock
    where d.new <> d.base`.execute(trx);
}
