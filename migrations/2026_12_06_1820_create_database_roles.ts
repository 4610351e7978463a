// Audit logs append-only for real (issue 18). The row triggers stopped UPDATE and DELETE but not
// TRUNCATE, and the application's login owned every table, so it could drop the triggers too.
// - Everywhere (PGlite too): a statement trigger refuses TRUNCATE on each audit log, that is
//   every table with an `*_append_only` trigger.
// - On PostgreSQL: two roles. qingyuan_owner owns the schema and runs migrations; qingyuan_app is
//   what the server connects as: SELECT/INSERT/UPDATE/DELETE on the tables, but only INSERT and
//   SELECT on the audit logs, and no TRUNCATE anywhere. The roles are created here when the
//   migrating login may (development, tests); in production a DBA creates them as LOGIN roles
//   first (README, "Production"). Tables created later by the migrating login get the app's
//   grants by default privileges; a later audit log revokes UPDATE and DELETE in its migration
//   (the roles test finds audit logs by their trigger, so one that forgets fails).
import { sql, type Kysely } from 'kysely';

const OWNER = 'qingyuan_owner';
const APP = 'qingyuan_app';

async function auditTables(db: Kysely<any>): Promise<string[]> {
  const { rows } = await sql<{ table: string }>`
    select distinct c.relname as "table" from pg_trigger t join pg_class c on c.oid = t.tgrelid
    where t.tgname like '%append_only' and not t.tgisinternal order by 1`.execute(db);
  return rows.map((r) => r.table);
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function audit_log_no_truncate() returns trigger language plpgsql as $$
    begin raise exception '% is append-only: TRUNCATE refused', tg_table_name; end $$`.execute(db);
  const audit = await auditTables(db);
  for (const table of audit)
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.table(table)}
      for each statement execute function audit_log_no_truncate()`.execute(db);

  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  if (rows[0]!.v.includes('PGlite')) return; // one embedded user: the triggers are the guard

  for (const role of [OWNER, APP]) {
    const exists = await sql`select 1 from pg_roles where rolname = ${role}`.execute(db);
    if (exists.rows.length === 0) await sql`create role ${sql.id(role)} nologin`.execute(db);
  }
  // the tables so far belong to the owner role when the migrating login may hand them over
  const { rows: me } = await sql<{ ok: boolean }>`
    select pg_has_role(current_user, ${OWNER}, 'MEMBER') as ok`.execute(db);
  if (me[0]!.ok) {
    const { rows: owned } = await sql<{ name: string; kind: string }>`
      select c.relname as name, c.relkind as kind from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and pg_get_userbyid(c.relowner) = current_user`.execute(
      db,
    );
    for (const t of owned) await sql`alter table ${sql.table(t.name)} owner to ${sql.id(OWNER)}`.execute(db);
  }
  await sql`grant usage on schema public to ${sql.id(APP)}`.execute(db);
  await sql`grant select, insert, update, delete on all tables in schema public to ${sql.id(APP)}`.execute(
    db,
  );
  await sql`grant usage, select on all sequences in schema public to ${sql.id(APP)}`.execute(db);
  // tables the owner role, or this login, creates later: the app's grants by default
  for (const target of me[0]!.ok ? [sql`for role ${sql.id(OWNER)}`, sql``] : [sql``]) {
    await sql`alter default privileges ${target} in schema public
      grant select, insert, update, delete on tables to ${sql.id(APP)}`.execute(db);
    await sql`alter default privileges ${target} in schema public
      grant usage, select on sequences to ${sql.id(APP)}`.execute(db);
  }
  for (const table of audit)
    await sql`revoke update, delete, truncate on ${sql.table(table)} from ${sql.id(APP)}`.execute(db);
}
