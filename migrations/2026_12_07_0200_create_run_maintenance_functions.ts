// The three things a validation run does to the schema itself, as functions the application role
// may call but whose statements it may not run:
//   qy_create_findings_partition(run)  a run's findings partition (CREATE TABLE + ATTACH), made
//                                      with the run;
//   qy_drop_findings_partition(run)    DETACH + DROP of it, by the retention;
//   qy_clear_covered_marks(snapshot)   empties the changed-customer marks (TRUNCATE) when a province
//                                      run has seen every one of them, and says whether it did.
// Why: the server connects as qingyuan_app (README, "Production"), which may not create tables in
// public (PostgreSQL 15 grants CREATE there to nobody), does not own findings (an ATTACH or DETACH
// needs its owner) and has no TRUNCATE. Run as the app, every run failed at its start with
// "permission denied for schema public"; the tests connected as the superuser and never saw it.
// SECURITY DEFINER functions owned by the tables' owner are PostgreSQL's way to hand a role one
// statement and no more: a partition's name is made here from a bigint, never from text, and the
// search_path is pinned (catalogue first, every table named with its schema). The app keeps DELETE and no TRUNCATE on the marks: the function empties
// them only when nothing would be lost (every mark written by a transaction the run's snapshot
// saw), under a lock it takes without waiting, so a load writing marks at that moment only sends
// the run back to its per-row delete.
import { sql, type Kysely } from 'kysely';

const APP = 'qingyuan_app';
const SEARCH_PATH = 'set search_path = pg_catalog, public, pg_temp';

const FUNCTIONS: [signature: string, body: string][] = [
  [
    'qy_create_findings_partition(run_id bigint) returns void',
    `language plpgsql security definer ${SEARCH_PATH} as $$
    declare name text := 'findings_run_' || run_id;
    begin
      if run_id is null or run_id <= 0 then raise exception 'bad run id %', run_id; end if;
      execute format('create table public.%I (like public.findings including defaults including constraints)', name);
      execute format('alter table public.findings attach partition public.%I for values in (%s)', name, run_id);
    end $$`,
  ],
  [
    'qy_drop_findings_partition(run_id bigint) returns void',
    `language plpgsql security definer ${SEARCH_PATH} as $$
    declare name text := 'findings_run_' || run_id;
    begin
      if run_id is null or run_id <= 0 then raise exception 'bad run id %', run_id; end if;
      if exists (select 1 from pg_inherits where inhrelid = to_regclass('public.' || quote_ident(name))) then
        execute format('alter table public.findings detach partition public.%I', name);
      end if;
      execute format('drop table if exists public.%I', name);
    end $$`,
  ],
  [
    'qy_clear_covered_marks(seen pg_snapshot) returns boolean',
    `language plpgsql security definer ${SEARCH_PATH} as $$
    begin
      -- a sub-transaction: leaving it by an exception releases the lock again
      begin
        lock table public.validation_dirty, public.validation_dirty_keys in access exclusive mode nowait;
        if exists (select 1 from public.validation_dirty where not pg_visible_in_snapshot(xid, seen))
          or exists (select 1 from public.validation_dirty_keys where not pg_visible_in_snapshot(xid, seen)) then
          raise exception 'a mark the run has not seen' using errcode = 'QY001';
        end if;
        truncate public.validation_dirty, public.validation_dirty_keys;
        return true;
      exception when lock_not_available or sqlstate 'QY001' then
        return false;
      end;
    end $$`,
  ],
];

const name = (signature: string) => signature.slice(0, signature.indexOf(')') + 1);

export async function up(db: Kysely<any>): Promise<void> {
  for (const [signature, body] of FUNCTIONS)
    await sql.raw(`create function ${signature} ${body}`).execute(db);

  const { rows } = await sql<{ v: string }>`select version() as v`.execute(db);
  if (rows[0]!.v.includes('PGlite')) return; // one embedded user

  for (const [signature] of FUNCTIONS)
    await sql.raw(`revoke execute on function ${name(signature)} from public`).execute(db);
  // Each function acts as the owner of the tables it changes (qingyuan_owner in production, where
  // that role migrates and owns the database; the migrating login where it created them).
  const { rows: owners } = await sql<{ owner: string; member: boolean; create: boolean }>`
    select o.owner, pg_has_role(current_user, o.owner, 'MEMBER') as member,
      has_schema_privilege(o.owner, 'public', 'CREATE') as create
    from (select pg_get_userbyid(relowner) as owner from pg_class where oid = 'public.findings'::regclass) o`.execute(
    db,
  );
  const { owner, member, create } = owners[0]!;
  if (member) {
    for (const [signature] of FUNCTIONS)
      await sql.raw(`alter function ${name(signature)} owner to ${JSON.stringify(owner)}`).execute(db);
    // the partitions are created in public (the owner of the database may already)
    if (!create) await sql.raw(`grant create on schema public to ${JSON.stringify(owner)}`).execute(db);
  }
  const { rows: app } = await sql<{ ok: boolean }>`
    select exists (select 1 from pg_roles where rolname = ${APP}) as ok`.execute(db);
  if (app[0]!.ok)
    for (const [signature] of FUNCTIONS)
      await sql.raw(`grant execute on function ${name(signature)} to ${APP}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [signature] of FUNCTIONS) await sql.raw(`drop function ${name(signature)}`).execute(db);
}
