// Incremental validation and the entry gate's cross-record counts. Statement-level triggers on
// customers (like station_customer_counts') follow every write — the write path's updates, a
// load's bulk inserts, the demo and the generators alike — and keep, in the writer's transaction:
//   validation_dirty        customers changed since they were last validated, stamped with the
//                           writing transaction (xid8), so a run clears exactly what it saw;
//   validation_dirty_keys   the old comparison keys of changed customers (a mobile, an ID, a
//                           name + address, a station they left): the cross-record groups to redo;
//   mobile_holders          active customers per (mobile key, holder key): holders of a mobile;
//   cert_names              active customers per (ID key, name key): names under an ID;
//   station_active_customers active customers per station: what a run counts as checked.
// The keys are the cross-record SQL's (qy_*_key, with the same fast paths). Expression indexes
// on the same keys let the incremental run find a group's members without a scan.
// Also: the business type of entry-gate calls (新装/增容/变更) and validation_increments.
import { sql, type Kysely } from 'kysely';

const MK = (t: string) =>
  `case when ${t}.mobile ~ '^1[0-9]{10}$' then ${t}.mobile when ${t}.mobile = '' then null else qy_mobile_key(${t}.mobile) end`;
const CK = (t: string) =>
  `case when ${t}.cert_no ~ '^[0-9A-Z]+$' then ${t}.cert_no when ${t}.cert_no = '' then null else qy_cert_key(${t}.cert_no) end`;
const NK = (t: string) =>
  `case when ${t}.name ~ '^[\\u4E00-\\u9FFF]*$' then ${t}.name else qy_name_key(${t}.name) end`;
const AK = (t: string) =>
  `case when ${t}.address ~ '^[0-9A-Za-z\\u4E00-\\u9FFF]*$' then ${t}.address else qy_address_key(${t}.address) end`;

/** A customer row's keys: `side` is a relation of customers rows with a column d (+1 / -1). */
const keyed = (side: string) => `select t.id, t.d, t.status = 'active' as active, t.station_code,
    ${MK('t')} as mk, ${CK('t')} as ck, ${NK('t')} as nk, ${AK('t')} as ak, t.customer_no
  from ${side} t`;

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
const tuple = (t: string) => `(${WATCHED.map((c) => `${t}.${c}`).join(', ')})`;

function triggerBody(event: 'insert' | 'update' | 'delete'): string {
  const changed = `${tuple('o')} is distinct from ${tuple('n')}`;
  const side =
    event === 'insert'
      ? `(select n.*, 1 as d from new_rows n)`
      : event === 'delete'
        ? `(select o.*, -1 as d from old_rows o)`
        : `(select o.*, -1 as d from old_rows o join new_rows n using (id) where ${changed}
           union all
           select n.*, 1 as d from new_rows n join old_rows o using (id) where ${changed})`;
  // One statement: the rows' keys once (materialised), every table fed from them.
  return `create function qy_customer_keys_${event}() returns trigger language plpgsql as $$
  begin
    with s as materialized (${keyed(side)}),
    dirty as (
      insert into validation_dirty as v (customer_id, xid)
      select distinct id, pg_current_xact_id() from s
      on conflict (customer_id) do update set xid = excluded.xid),
    old_keys as (
      insert into validation_dirty_keys as v (kind, k1, k2, xid)
      select distinct k.kind, k.k1, k.k2, pg_current_xact_id() from s
      cross join lateral (values ('mobile', s.mk, ''), ('cert', s.ck, ''), ('dup', s.nk, s.ak), ('station', s.station_code, ''))
        as k(kind, k1, k2)
      where s.d = -1 and k.k1 is not null and k.k1 <> '' and k.k2 is not null and (k.kind <> 'dup' or k.k2 <> '')
      on conflict (kind, k1, k2) do update set xid = excluded.xid),
    holders as (
      insert into mobile_holders as m (mobile_key, holder_key, customers)
      select mk, coalesce(ck, '#' || customer_no), sum(d) from s where active and mk is not null
      group by 1, 2 having sum(d) <> 0
      on conflict (mobile_key, holder_key) do update set customers = m.customers + excluded.customers),
    names as (
      insert into cert_names as c (cert_key, name_key, customers)
      select ck, nk, sum(d) from s where active and ck is not null
      group by 1, 2 having sum(d) <> 0
      on conflict (cert_key, name_key) do update set customers = c.customers + excluded.customers)
    insert into station_active_customers as a (station_code, customers)
    select station_code, sum(d) from s where active group by 1 having sum(d) <> 0
    on conflict (station_code) do update set customers = a.customers + excluded.customers;
    ${
      event === 'insert'
        ? ''
        : `-- groups that lost their last customer: no row rather than a zero
    delete from mobile_holders m where m.customers <= 0 and m.mobile_key in (select ${MK('o')} from old_rows o);
    delete from cert_names c where c.customers <= 0 and c.cert_key in (select ${CK('o')} from old_rows o);`
    }
    return null;
  end $$`;
}

const statements = [
  `create table validation_dirty (
    customer_id bigint primary key,
    xid xid8 not null
  )`,
  `create table validation_dirty_keys (
    kind text not null check (kind in ('mobile', 'cert', 'dup', 'station')),
    k1 text not null,
    k2 text not null default '',
    xid xid8 not null,
    primary key (kind, k1, k2)
  )`,
  `create table mobile_holders (
    mobile_key text not null,
    holder_key text not null,
    customers integer not null,
    primary key (mobile_key, holder_key)
  )`,
  `create table cert_names (
    cert_key text not null,
    name_key text not null,
    customers integer not null,
    primary key (cert_key, name_key)
  )`,
  `create table station_active_customers (
    station_code text primary key,
    customers integer not null
  )`,
  ...(['insert', 'update', 'delete'] as const).map(triggerBody),
  `create trigger customer_keys_insert after insert on customers
     referencing new table as new_rows
     for each statement execute function qy_customer_keys_insert()`,
  `create trigger customer_keys_update after update on customers
     referencing old table as old_rows new table as new_rows
     for each statement execute function qy_customer_keys_update()`,
  `create trigger customer_keys_delete after delete on customers
     referencing old table as old_rows
     for each statement execute function qy_customer_keys_delete()`,
  // what the existing customers hold (their findings are those of the runs so far: none dirty)
  `insert into mobile_holders (mobile_key, holder_key, customers)
     select mk, coalesce(ck, '#' || customer_no), count(*) from (${keyed('(select c.*, 1 as d from customers c)')}) k
     where active and mk is not null group by 1, 2`,
  `insert into cert_names (cert_key, name_key, customers)
     select ck, nk, count(*) from (${keyed('(select c.*, 1 as d from customers c)')}) k
     where active and ck is not null group by 1, 2`,
  `insert into station_active_customers (station_code, customers)
     select station_code, count(*) from customers where status = 'active' group by 1`,
  // A group's members by key (the incremental run): partial, as only active customers are checked.
  // An index expression runs with a bare search_path (PostgreSQL 17+), where the qy_*_key
  // functions cannot find each other: these wrappers name theirs (and, with SET, are not inlined).
  ...[
    ['qy_ix_mobile_key(s text) returns text', 'qy_mobile_key(s)'],
    ['qy_ix_cert_key(s text) returns text', 'qy_cert_key(s)'],
    ['qy_ix_dup_key(n text, a text) returns integer', `hashtext(qy_name_key(n) || '|' || qy_address_key(a))`],
  ].map(
    ([signature, body]) => `create function ${signature} language sql immutable parallel safe
       set search_path = public, pg_catalog as $$ select ${body} $$`,
  ),
  `create index customers_mobile_key on customers (qy_ix_mobile_key(mobile)) where status = 'active'`,
  `create index customers_cert_key on customers (qy_ix_cert_key(cert_no)) where status = 'active'`,
  `create index customers_dup_key on customers (qy_ix_dup_key(name, address)) where status = 'active'`,

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
