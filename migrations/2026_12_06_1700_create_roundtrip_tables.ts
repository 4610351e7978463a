// The source-system round trip (issue 17): provenance, the three-way merge on loads, conflicts for
// people, and the outbound change feed back to the marketing system.
// - field_divergences is SPARSE: one row per customer field whose current value differs from what
//   the marketing system last sent (the base). A field without a row has base = current value, so
//   30M customers cost nothing until someone corrects one; a load only merges three ways for the
//   customers found here.
// - outbound_changes is the change feed; its id is the feed id. Writers take a shared advisory lock
//   before they draw ids, a reader takes it exclusively for an instant to learn the highest id of
//   which every smaller one is committed (features/writeback/horizon.ts): a reader paging with
//   `after=ID` can never skip a change committed late by a long transaction, and writers never
//   wait for each other.
// - change_exports: what was handed out, as ranges of ids over a region. A change is 已导出 when
//   an export covers it, so exporting a million changes writes one row, not a million.
// - source_conflicts: a load whose value disagrees with both base and ours (kind 'load'), or a
//   change the marketing system refused (kind 'rejected'); at most one open per customer field.
// - source_missing: customers a full extract did not carry (listed, never deleted).
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  `create table field_divergences (
    customer_id bigint not null references customers (id),
    field text not null,
    base text not null,
    source text not null,
    ref text,
    user_id bigint,
    at timestamptz not null,
    primary key (customer_id, field)
  )`,
  `create table outbound_changes (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customers (id),
    customer_no text not null,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    field text not null,
    base_value text not null,
    new_value text not null,
    source text not null,
    ref text,
    user_id bigint,
    changed_at timestamptz not null,
    state text not null check (state in
      ('pending', 'written_back', 'confirmed', 'rejected', 'superseded')),
    acked_at timestamptz,
    ack_reason text,
    acked_by text,
    confirmed_at timestamptz,
    confirmed_batch_id bigint
  )`,
  // by customer: superseding, confirming, and the change file's pages in (customer, id) order
  `create index outbound_changes_open on outbound_changes (customer_id, id)
     where state in ('pending', 'written_back')`,
  `create index outbound_changes_pending on outbound_changes (city_code, county_code, id)
     where state = 'pending'`,
  `create table change_exports (
    id bigint generated always as identity primary key,
    city_code text,
    county_code text,
    after_id bigint not null,
    through_id bigint not null,
    changes integer not null,
    customers integer not null,
    format text not null,
    user_id bigint,
    token_id bigint,
    created_at timestamptz not null
  )`,
  `create table source_conflicts (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customers (id),
    field text not null,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    kind text not null check (kind in ('load', 'rejected')),
    base text not null,
    ours text not null,
    theirs text,
    ours_source text,
    ours_ref text,
    ours_user_id bigint,
    ours_at timestamptz,
    batch_id bigint,
    change_id bigint,
    reason text,
    status text not null check (status in ('open', 'resolved')),
    resolution text check (resolution in ('keep_ours', 'take_source', 'other', 'converged')),
    resolved_value text,
    resolved_by bigint,
    resolved_at timestamptz,
    created_at timestamptz not null
  )`,
  `create unique index source_conflicts_one_open on source_conflicts (customer_id, field) where status = 'open'`,
  `create index source_conflicts_scope on source_conflicts (city_code, county_code, created_at)
     where status = 'open'`,
  `create table source_missing (
    customer_id bigint primary key references customers (id),
    city_code text not null,
    county_code text not null,
    station_code text not null,
    batch_id bigint not null,
    since timestamptz not null
  )`,
  `create index source_missing_scope on source_missing (city_code, county_code)`,
  `alter table load_batches
     add column mode text not null default 'full' check (mode in ('full', 'delta')),
     add column rows_conflicts integer not null default 0,
     add column rows_confirmed integer not null default 0,
     add column rows_missing integer not null default 0`,
  // a conflict resolution is its own kind of writer in the trail
  `alter table customer_changes drop constraint customer_changes_source_check`,
  `alter table customer_changes add constraint customer_changes_source_check
     check (source in ('load', 'worksheet', 'call', 'sms', 'api', 'manual', 'resolution'))`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of STATEMENTS) await sql.raw(s).execute(db);
}
