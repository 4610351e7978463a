// Core tables: the org tree, customers with their append-only change log, users/sessions/API
// tokens, and load batches. Frozen once landed: add a new migration instead of editing this one.
import { sql, type Kysely } from 'kysely';

const statements = [
  `create table org_units (
    code text primary key,
    name text not null,
    level text not null check (level in ('province', 'city', 'county', 'station')),
    parent_code text references org_units (code),
    division_code text,
    -- denormalised ancestors, so scope filters and a later distribution by city need no join chain
    city_code text,
    county_code text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((level = 'province') = (parent_code is null)),
    check (level <> 'county' or division_code is not null)
  )`,
  `create index org_units_parent on org_units (parent_code)`,
  `create index org_units_city on org_units (city_code, level)`,

  `create table users (
    id bigint generated always as identity primary key,
    username text not null unique,
    display_name text not null,
    role text not null check (role in ('admin', 'coordinator', 'city_member', 'agent', 'manager')),
    city_code text references org_units (code),
    county_code text references org_units (code),
    phone text,
    password_hash text not null,
    is_active boolean not null default true,
    created_at timestamptz not null default now(),
    check (role <> 'city_member' or city_code is not null)
  )`,
  `create table sessions (
    token_hash text primary key,
    user_id bigint not null references users (id) on delete cascade,
    created_at timestamptz not null default now(),
    expires_at timestamptz not null
  )`,
  `create index sessions_user on sessions (user_id)`,
  `create table api_tokens (
    id bigint generated always as identity primary key,
    name text not null,
    token_hash text not null unique,
    role text not null default 'integration' check (role in ('integration')),
    city_code text references org_units (code),
    created_by bigint references users (id),
    created_at timestamptz not null default now(),
    revoked_at timestamptz
  )`,

  `create table load_batches (
    id bigint generated always as identity primary key,
    kind text not null check (kind in ('customers', 'org_units')),
    file_name text not null,
    status text not null default 'running' check (status in ('running', 'completed', 'failed')),
    rows_total integer not null default 0,
    rows_loaded integer not null default 0,
    rows_rejected integer not null default 0,
    rows_inserted integer not null default 0,
    rows_updated integer not null default 0,
    rows_unchanged integer not null default 0,
    error_message text,
    user_id bigint references users (id),
    started_at timestamptz not null default now(),
    finished_at timestamptz
  )`,
  `create table load_errors (
    id bigint generated always as identity primary key,
    batch_id bigint not null references load_batches (id) on delete cascade,
    row_no integer not null,
    column_name text not null,
    code text not null,
    reason_zh text not null,
    reason_en text not null,
    raw text not null default ''
  )`,
  `create index load_errors_batch on load_errors (batch_id, row_no)`,

  `create table customers (
    id bigint generated always as identity primary key,
    -- collate "C": customer numbers are ASCII, and the unique index then serves prefix search too
    customer_no text collate "C" not null unique,
    name text not null default '',
    customer_type text not null check (customer_type in ('residential', 'non_residential')),
    cert_type text not null check (cert_type in ('resident_id', 'uscc', 'other')),
    cert_no text not null default '',
    mobile text not null default '',
    landline text not null default '',
    address text not null default '',
    station_code text not null references org_units (code),
    county_code text not null,
    city_code text not null,
    status text not null default 'active' check (status in ('active', 'closed')),
    version integer not null default 1,
    -- provenance only (batches are never deleted): no foreign key, so a load pays no per-row check
    load_batch_id bigint,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,
  `create index customers_scope on customers (city_code, county_code, station_code, id)`,
  `create index customers_mobile on customers (mobile) where mobile <> ''`,
  `create index customers_name on customers (name text_pattern_ops)`,
  // Every change bumps the version and the timestamp, whoever writes it: the worksheet import's
  // conflict detection relies on it.
  `create function customers_bump_version() returns trigger language plpgsql as $$
   begin
     if (new.name, new.customer_type, new.cert_type, new.cert_no, new.mobile, new.landline, new.address,
         new.station_code, new.status)
        is distinct from
        (old.name, old.customer_type, old.cert_type, old.cert_no, old.mobile, old.landline, old.address,
         old.station_code, old.status) then
       new.version := old.version + 1;
       new.updated_at := now();
     end if;
     return new;
   end $$`,
  `create trigger customers_bump_version before update on customers
     for each row execute function customers_bump_version()`,

  `create table customer_changes (
    id bigint generated always as identity primary key,
    customer_id bigint not null references customers (id),
    city_code text not null,
    field text not null,
    old_value text,
    new_value text,
    source text not null check (source in ('load', 'worksheet', 'call', 'sms', 'api', 'manual')),
    batch_id text,
    user_id bigint references users (id),
    changed_at timestamptz not null default now()
  )`,
  `create index customer_changes_customer on customer_changes (customer_id, id)`,
  `create index customer_changes_batch on customer_changes (source, batch_id)`,
  // Append-only: the audit trail is evidence, so nothing may rewrite it.
  `create function customer_changes_append_only() returns trigger language plpgsql as $$
   begin
     raise exception 'customer_changes is append-only';
   end $$`,
  `create trigger customer_changes_append_only before update or delete on customer_changes
     for each row execute function customer_changes_append_only()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
