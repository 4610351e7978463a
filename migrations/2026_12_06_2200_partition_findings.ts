// findings becomes a table partitioned BY LIST (run_id), one partition per run
// (findings_run_<id>), so that dropping an old run's rows is DETACH + DROP of its partition, not a
// DELETE of a million rows (dead tuples, vacuum, WAL). The per-unit summaries (finding_counts,
// unit_counts) and the run row stay; validation_runs.findings_dropped_at says the rows are gone.
//
// Why LIST and not RANGE: a run is the unit written, read and dropped; one value per partition
// names it exactly, and a run id that has no partition fails the insert instead of landing in a
// neighbour's range.
//
// The id is a plain sequence default, not an identity column: each partition is created as a
// standalone table (LIKE findings INCLUDING DEFAULTS) and then ATTACHed, which takes only a
// SHARE UPDATE EXCLUSIVE lock on findings (a CREATE TABLE … PARTITION OF takes ACCESS EXCLUSIVE,
// which would wait for a running validation's long cross-record transaction and block every
// reader meanwhile). Identity columns behave differently across PostgreSQL 15 and 18 there.
//
// The primary key carries the partition key (PostgreSQL requires it) and city_code, the Citus
// distribution column (docs/scaling.md). No table references findings.id.
//
// The foreign key to validation_runs stays (cascade on delete). The one to customers goes:
// attaching a partition clones each foreign key, which takes SHARE ROW EXCLUSIVE on the table it
// references, so with it every new run would wait for any open transaction writing customers (a
// load holds one for its whole file) and block every customer write behind it meanwhile.
// Customers are never deleted (closed ones are anonymised in place), so it guarded nothing.
import { sql, type Kysely } from 'kysely';

const partitionOf = (runId: number) => {
  if (!Number.isSafeInteger(runId) || runId <= 0) throw new Error(`bad run id ${runId}`);
  return `findings_run_${runId}`;
};

export async function up(db: Kysely<any>): Promise<void> {
  const run = (statement: string) => sql.raw(statement).execute(db);
  await run(`alter table validation_runs add column findings_dropped_at timestamptz`);

  await run(`alter table findings rename to findings_unpartitioned`);
  await run(
    `alter table findings_unpartitioned rename constraint findings_pkey to findings_unpartitioned_pkey`,
  );
  await run(`alter index findings_run_customer rename to findings_unpartitioned_run_customer`);
  await run(`alter index findings_run_scope rename to findings_unpartitioned_run_scope`);
  await run(`alter sequence findings_id_seq rename to findings_unpartitioned_id_seq`);

  await run(`create sequence findings_id_seq`);
  await run(`create table findings (
    id bigint not null default nextval('findings_id_seq'),
    run_id bigint not null references validation_runs (id) on delete cascade,
    customer_id bigint not null,
    city_code text not null,
    county_code text not null,
    station_code text not null,
    rule_id text not null,
    rule_version integer not null,
    field text not null,
    code text not null,
    severity text not null check (severity in ('error', 'warning', 'info')),
    message_zh text not null,
    message_en text not null,
    suggested text,
    primary key (run_id, city_code, id)
  ) partition by list (run_id)`);
  await run(`alter sequence findings_id_seq owned by findings.id`);
  await run(`create index findings_run_customer on findings (run_id, customer_id)`);
  await run(`create index findings_run_scope on findings (run_id, city_code, county_code, station_code)`);

  // Every run gets its partition, whatever its state: a queued or interrupted run writes into it.
  const runs = await sql<{ id: number | string }>`select id from validation_runs order by id`.execute(db);
  for (const r of runs.rows) {
    const name = partitionOf(Number(r.id));
    await run(`create table ${name} (like findings including defaults including constraints)`);
    await run(`alter table findings attach partition ${name} for values in (${Number(r.id)})`);
  }
  await run(`insert into findings (id, run_id, customer_id, city_code, county_code, station_code, rule_id,
      rule_version, field, code, severity, message_zh, message_en, suggested)
    select id, run_id, customer_id, city_code, county_code, station_code, rule_id,
      rule_version, field, code, severity, message_zh, message_en, suggested
    from findings_unpartitioned`);
  await run(
    `select setval('findings_id_seq', coalesce((select max(id) from findings_unpartitioned), 0) + 1, false)`,
  );
  await run(`drop table findings_unpartitioned`);
}
