// Incremental validation and the entry gate's cross-record look-ups. Kept cheap for the write
// path, which a province's first load runs ten million times:
//   validation_dirty        customers changed since they were last validated (ids only, from a
//                           statement trigger), stamped with the writing transaction (xid8), so a
//                           run clears exactly what it saw;
//   validation_dirty_keys   the old comparison keys (a mobile, an ID, a name + address, a station)
//                           of updated or deleted customers whose keys changed — rare, so only
//                           these rows pay for the keys: the cross-record groups a customer left;
//   station_customer_counts.active  active customers per station (what a run counts as checked),
//                           kept by the existing per-statement counter triggers.
// A cross-record group's members (the incremental run) and a mobile's holders or an ID's names
// (the entry gate) are read through three expression indexes on customers, whose expressions are
// the cross-record SQL's keys: a plain value (nearly every row) is its own key after one regex
// match, only the rest call the normalising functions.
// Also: the business type of entry-gate calls (新装/增容/变更) and validation_increments.
import { sql, type Kysely } from 'kysely';

// The key expressions, exactly as the queries write them (an expression index is used only for
// the same expression, constants included: the regex ranges are the characters, not escapes). The else branches call wrappers that name their search_path: an index
// expression runs with a bare one (PostgreSQL 17+), where the qy_*_key functions cannot find
// each other.
const MK = (t: string) =>
  `case when ${t}.mobile ~ '^1[0-9]{10}$' then ${t}.mobile when ${t}.mobile = '' then null else qy_ix_mobile_key(${t}.mobile) end`;
const CK = (t: string) =>
  `case when ${t}.cert_no ~ '^[0-9A-Z]+$' then ${t}.cert_no when ${t}.cert_no = '' then null else qy_ix_cert_key(${t}.cert_no) end`;
const NK = (t: string) =>
  `case when ${t}.name ~ '^[\u4E00-\u9FFF]*$' then ${t}.name else qy_ix_name_key(${t}.name) end`;
const AK = (t: string) =>
  `case when ${t}.address ~ '^[0-9A-Za-z\u4E00-\u9FFF]*$' then ${t}.address else qy_ix_address_key(${t}.address) end`;
const DUP = (t: string) => `hashtext(${NK(t)} || '|' || ${AK(t)})`;

// The columns whose change makes a customer's findings stale (the checks read these, the
// cross-record groups these and customer_no / city).
const WATCHED = [
  'name',
  'customer_type',
  'cert_type',
  'cert_no',
  'mobile',
  'landline',
  'address',
  'station_code',
  'city_code',
  'county_code',
  'status',
  'customer_no',
];
// ...and those that place a customer in a cross-record group
const KEYED = ['name', 'cert_no', 'mobile', 'address', 'station_code', 'status', 'customer_no'];
const tuple = (columns: readonly string[], t: string) => `(${columns.map((c) => `${t}.${c}`).join(', ')})`;
const differ = (columns: readonly string[]) =>
  `${tuple(columns, 'o')} is distinct from ${tuple(columns, 'n')}`;

const markDirty = (ids: string) => `insert into validation_dirty as v (city_code, customer_id, xid)
      select city_code, id, pg_current_xact_id() from ${ids}
      on conflict (city_code, customer_id) do update set xid = excluded.xid;`;

/** The groups the old rows (`o` in `from`) were in: an active customer's keys, its station. */
const markOldKeys = (
  from: string,
  where: string,
) => `insert into validation_dirty_keys as v (city_code, kind, k1, k2, xid)
      select distinct s.city_code, k.kind, k.k1, k.k2, pg_current_xact_id()
      from (select ${MK('o')} as mk, ${CK('o')} as ck, ${NK('o')} as nk, ${AK('o')} as ak, o.station_code, o.city_code
            from ${from} where o.status = 'active' and ${where}) s
      cross join lateral (values ('mobile', s.mk, ''), ('cert', s.ck, ''), ('dup', s.nk, s.ak), ('station', s.station_code, ''))
        as k(kind, k1, k2)
      where k.k1 is not null and k.k1 <> '' and k.k2 is not null and (k.kind <> 'dup' or k.k2 <> '')
      on conflict (city_code, kind, k1, k2) do update set xid = excluded.xid;`;

const dirtyTrigger: Record<'insert' | 'update' | 'delete', string> = {
  insert: markDirty('new_rows'),
  // a customer moved to another city is marked under both
  update: `${markDirty(`(select distinct x.city_code, n.id from new_rows n join old_rows o using (id)
        cross join lateral (values (n.city_code), (o.city_code)) x(city_code) where ${differ(WATCHED)}) c`)}
    ${markOldKeys('old_rows o join new_rows n using (id)', differ(KEYED))}`,
  delete: `${markDirty('old_rows')}
    ${markOldKeys('old_rows o', 'true')}`,
};

// station_customer_counts' triggers (migration 2026_11_28_0300) again, also counting the active
const countsTrigger = (event: 'insert' | 'update' | 'delete') => `
  insert into station_customer_counts as c (station_code, city_code, county_code, customers, active)
  select station_code, min(city_code), min(county_code), sum(d), coalesce(sum(d) filter (where status = 'active'), 0)
  from (
    ${event === 'delete' ? '' : `select station_code, city_code, county_code, status, 1 as d from new_rows`}
    ${event === 'update' ? 'union all' : ''}
    ${event === 'insert' ? '' : `select station_code, city_code, county_code, status, -1 as d from old_rows`}
  ) delta
  group by station_code
  having sum(d) <> 0 or sum(d) filter (where status = 'active') <> 0
  on conflict (station_code) do update
    set customers = c.customers + excluded.customers, active = c.active + excluded.active;`;

const statements = [
  ...[
    ['qy_ix_mobile_key(s text) returns text', 'qy_mobile_key(s)'],
    ['qy_ix_cert_key(s text) returns text', 'qy_cert_key(s)'],
    ['qy_ix_name_key(s text) returns text', 'qy_name_key(s)'],
    ['qy_ix_address_key(s text) returns text', 'qy_address_key(s)'],
  ].map(
    ([signature, body]) => `create function ${signature} language sql immutable parallel safe
       set search_path = public, pg_catalog as $$ select ${body} $$`,
  ),
  // A cross-record group's active members by key: partial, as only active customers are checked.
  `create index customers_mobile_key on customers ((${MK('customers')})) where status = 'active'`,
  `create index customers_cert_key on customers ((${CK('customers')})) where status = 'active'`,
  `create index customers_dup_key on customers ((${DUP('customers')})) where status = 'active'`,

  // city_code first: on Citus the marks live on the customer's shard (a customer who moves city
  // has a mark on both: the run reads distinct ids)
  `create table validation_dirty (
    city_code text not null,
    customer_id bigint not null,
    xid xid8 not null,
    primary key (city_code, customer_id)
  )`,
  `create table validation_dirty_keys (
    city_code text not null,
    kind text not null check (kind in ('mobile', 'cert', 'dup', 'station')),
    k1 text not null,
    k2 text not null default '',
    xid xid8 not null,
    primary key (city_code, kind, k1, k2)
  )`,
  ...(['insert', 'update', 'delete'] as const).map(
    (event) => `create function qy_validation_dirty_${event}() returns trigger language plpgsql as $$
    begin
      ${dirtyTrigger[event]}
      return null;
    end $$`,
  ),
  `create trigger validation_dirty_insert after insert on customers
     referencing new table as new_rows
     for each statement execute function qy_validation_dirty_insert()`,
  `create trigger validation_dirty_update after update on customers
     referencing old table as old_rows new table as new_rows
     for each statement execute function qy_validation_dirty_update()`,
  `create trigger validation_dirty_delete after delete on customers
     referencing old table as old_rows
     for each statement execute function qy_validation_dirty_delete()`,

  `alter table station_customer_counts add column active bigint not null default 0`,
  `update station_customer_counts c set active = a.n
     from (select station_code, count(*) as n from customers where status = 'active' group by 1) a
     where a.station_code = c.station_code`,
  ...(['insert', 'update', 'delete'] as const).map(
    (
      event,
    ) => `create or replace function qy_station_customer_counts_${event}() returns trigger language plpgsql as $$
     begin
       ${countsTrigger(event)}
       return null;
     end $$`,
  ),

  // A full province run clears the dirty customers whose change its reads saw: those committed
  // before it started (its snapshot, taken once, kept across a resume).
  `alter table validation_runs add column dirty_snapshot text`,
  // when an incremental run last brought the run's findings up to date
  `alter table validation_runs add column refreshed_at timestamptz`,
  `create table validation_increments (
    id bigint generated always as identity primary key,
    base_run_id bigint references validation_runs (id) on delete cascade,
    trigger text not null check (trigger in ('schedule', 'manual')),
    status text not null check (status in ('queued', 'running', 'completed', 'failed', 'skipped')),
    customers_changed integer not null default 0,
    customers_checked integer not null default 0,
    findings_removed integer not null default 0,
    findings_added integer not null default 0,
    created_at timestamptz not null,
    started_at timestamptz,
    finished_at timestamptz,
    error text
  )`,
  `create index validation_increments_open on validation_increments (status, id) where status in ('queued', 'running')`,

  // Entry gate: 新装 / 增容 / 变更 (empty: a call without one, which the evaluation leaves out).
  `alter table entry_gate_counts add column business_type text not null default ''
     check (business_type in ('', 'new_connection', 'capacity_change', 'change_of_details'))`,
  `alter table entry_gate_counts drop constraint entry_gate_counts_pkey`,
  `alter table entry_gate_counts add primary key (day, station_code, channel, business_type)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
