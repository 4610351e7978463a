// Retention (保管期限, issue 19): closed customers are kept for a fixed period by voltage class
// (high voltage 5 years, low voltage 3 by default) and then anonymised.
// - customers gain voltage_class ('' = not known: the longest period applies), closed_on (the
//   closing date as YYYY-MM-DD text, '' = not known: never anonymised) and anonymised_at. The two
//   loaded fields are tracked like the others, so the version trigger compares them too.
// - customer_changes gains the writer 'retention'. Its history keeps who changed which field when,
//   but an anonymised customer's values in it are replaced: the append-only trigger now allows
//   exactly that update and nothing else. On PostgreSQL the application role still has no UPDATE
//   on the table; it redacts through redact_customer_changes(), a SECURITY DEFINER function of
//   the owner role that only ever does that one update.
// - the policy (years per class), its append-only history, and one row per retention run.
import { sql, type Kysely } from 'kysely';

const OWNER = 'qingyuan_owner';
const APP = 'qingyuan_app';
/** What an anonymised value reads as, in the customer and in its history. */
const MARKER = '已匿名';

const statements = [
  `alter table customers
     add column voltage_class text not null default '' check (voltage_class in ('', 'high', 'low')),
     add column closed_on text not null default ''
       check (closed_on = '' or closed_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
     add column anonymised_at timestamptz`,
  // the retention job's candidates and the dry run's undated ones: closed, not yet anonymised
  // (a small part of the table)
  `create index customers_retention on customers (closed_on)
     where status = 'closed' and anonymised_at is null`,
  // what the job purges, found by customer (each run takes a few hundred customers at a time)
  `create index sms_messages_customer on sms_messages (customer_id) where customer_id is not null`,
  `create index sms_inbound_customer on sms_inbound (customer_id) where customer_id is not null`,
  `create index call_tasks_customer on call_tasks (customer_id)`,
  `create index customer_flags_customer on customer_flags (customer_id)`,
  `create index outbound_changes_customer on outbound_changes (customer_id)`,
  `create index source_conflicts_customer on source_conflicts (customer_id)`,
  `create index worksheet_upload_rows_customer on worksheet_upload_rows (customer_id)
     where customer_id is not null`,
  `create or replace function customers_bump_version() returns trigger language plpgsql as $$
   begin
     if (new.name, new.customer_type, new.cert_type, new.cert_no, new.mobile, new.landline, new.address,
         new.station_code, new.status, new.voltage_class, new.closed_on)
        is distinct from
        (old.name, old.customer_type, old.cert_type, old.cert_no, old.mobile, old.landline, old.address,
         old.station_code, old.status, old.voltage_class, old.closed_on) then
       new.version := old.version + 1;
     end if;
     return new;
   end $$`,
  `alter table customer_changes drop constraint customer_changes_source_check`,
  `alter table customer_changes add constraint customer_changes_source_check
     check (source in ('load', 'worksheet', 'call', 'sms', 'api', 'manual', 'resolution', 'retention'))`,
  // Append-only, except that an anonymised customer's personal values may be replaced by the
  // marker: same row, same field, same everything else.
  `create function customer_changes_redact_only() returns trigger language plpgsql as $$
   begin
     if tg_op = 'UPDATE'
        and (new.id, new.customer_id, new.city_code, new.field, new.source, new.batch_id, new.user_id, new.changed_at)
            is not distinct from
            (old.id, old.customer_id, old.city_code, old.field, old.source, old.batch_id, old.user_id, old.changed_at)
        and old.field in ('name', 'cert_no', 'mobile', 'landline', 'address')
        and (new.old_value is null or new.old_value = '${MARKER}')
        and (new.new_value is null or new.new_value = '${MARKER}')
        and exists (select 1 from customers c where c.id = old.customer_id and c.anonymised_at is not null)
     then
       return new;
     end if;
     raise exception 'customer_changes is append-only';
   end $$`,
  `drop trigger customer_changes_append_only on customer_changes`,
  `create trigger customer_changes_append_only before update or delete on customer_changes
     for each row execute function customer_changes_redact_only()`,
  `create function redact_customer_changes(ids bigint[]) returns integer
     language plpgsql security definer set search_path = public as $$
   declare n integer;
   begin
     update customer_changes set
       old_value = case when old_value is null then null else '${MARKER}' end,
       new_value = case when new_value is null then null else '${MARKER}' end
     where customer_id = any(ids) and field in ('name', 'cert_no', 'mobile', 'landline', 'address')
       and (coalesce(old_value, '${MARKER}') <> '${MARKER}' or coalesce(new_value, '${MARKER}') <> '${MARKER}');
     get diagnostics n = row_count;
     return n;
   end $$`,

  `create table retention_policy (
    voltage_class text primary key check (voltage_class in ('high', 'low')),
    years integer not null check (years between 1 and 100),
    updated_by bigint references users (id),
    -- null: the default set by this migration, never edited
    updated_at timestamptz
  )`,
  `insert into retention_policy (voltage_class, years) values ('high', 5), ('low', 3)`,
  `create table retention_policy_history (
    id bigint generated always as identity primary key,
    voltage_class text not null,
    old_years integer not null,
    new_years integer not null,
    changed_by bigint references users (id),
    changed_at timestamptz not null
  )`,
  `create trigger retention_policy_history_append_only before update or delete on retention_policy_history
     for each row execute function customer_changes_append_only()`,
  `create trigger retention_policy_history_no_truncate before truncate on retention_policy_history
     for each statement execute function audit_log_no_truncate()`,
  `create table retention_runs (
    id bigint generated always as identity primary key,
    trigger text not null check (trigger in ('schedule', 'manual')),
    status text not null check (status in ('running', 'completed', 'failed', 'interrupted')),
    high_years integer not null,
    low_years integer not null,
    high_cutoff text not null,
    low_cutoff text not null,
    customers integer not null default 0,
    -- per station: {stationCode, countyCode, cityCode, high, low, unknown}
    units jsonb not null default '[]',
    error text,
    user_id bigint references users (id),
    started_at timestamptz not null,
    finished_at timestamptz
  )`,
  `create index retention_runs_started on retention_runs (started_at desc)`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  if (rows[0]!.v.includes('PGlite')) return;
  const roles = await sql<{ rolname: string }>`
    select rolname from pg_roles where rolname in (${OWNER}, ${APP})`.execute(db);
  const has = new Set(roles.rows.map((r) => r.rolname));
  if (has.has(APP)) {
    await sql`revoke update, delete, truncate on retention_policy_history from ${sql.id(APP)}`.execute(db);
    await sql`revoke execute on function redact_customer_changes(bigint[]) from public`.execute(db);
    await sql`grant execute on function redact_customer_changes(bigint[]) to ${sql.id(APP)}`.execute(db);
  }
  // the redaction function runs with its owner's rights: the owner role, which may update
  // customer_changes (the app role may not)
  const { rows: me } = has.has(OWNER)
    ? await sql<{ ok: boolean }>`select pg_has_role(current_user, ${OWNER}, 'MEMBER') as ok`.execute(db)
    : { rows: [{ ok: false }] };
  if (me[0]!.ok)
    await sql`alter function redact_customer_changes(bigint[]) owner to ${sql.id(OWNER)}`.execute(db);
}
