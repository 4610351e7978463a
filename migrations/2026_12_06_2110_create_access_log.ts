// The access log (查阅记录, issue 19): who saw personal data unmasked, exported or downloaded a
// file, printed, or logged in (or failed to), when, from where, and what (route, customer ids or
// an export scope, rows, file name). Append-only like the other audit logs: the row trigger and
// the TRUNCATE trigger everywhere, and on PostgreSQL the application role may only INSERT and
// SELECT (2026_12_06_1820_create_database_roles revoked the same on the logs before it; tables
// created after it get the app's full grants by default privileges, so this one revokes here).
// No foreign keys: the log outlives what it names, and a row is written by whoever acts.
import { sql, type Kysely } from 'kysely';

const APP = 'qingyuan_app';

const statements = [
  `create table access_log (
    id bigint generated always as identity primary key,
    at timestamptz not null,
    user_id bigint,
    token_id bigint,
    username text not null,
    role text,
    city_code text,
    county_code text,
    action text not null,
    route text not null,
    outcome text not null check (outcome in ('ok', 'failed', 'denied')),
    customer_ids bigint[],
    scope jsonb,
    row_count integer,
    file_name text,
    ip text,
    note text
  )`,
  `create index access_log_at on access_log (at)`,
  `create index access_log_user_at on access_log (user_id, at)`,
  `create index access_log_action_at on access_log (action, at)`,
  `create trigger access_log_append_only before update or delete on access_log
     for each row execute function customer_changes_append_only()`,
  `create trigger access_log_no_truncate before truncate on access_log
     for each statement execute function audit_log_no_truncate()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
  const { rows } = await sql<{ ok: boolean }>`
    select exists (select 1 from pg_roles where rolname = ${APP}) as ok`.execute(db);
  if (rows[0]!.ok) await sql`revoke update, delete, truncate on access_log from ${sql.id(APP)}`.execute(db);
}
