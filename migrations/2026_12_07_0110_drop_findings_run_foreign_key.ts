// findings → validation_runs: the foreign key checked every finding a run wrote against its run,
// one look-up per row (a third of the cost of writing a run's findings: 0.5 of 1.45 s for 117,501
// rows over 1M customers). findings is partitioned by run (2026_12_06_2200) and a run's partition
// is created with the run, so a finding of a run that does not exist has no partition to go to
// and is refused as before; runs are never deleted (retention drops a run's partition, and keeps
// the run), so the cascade had nothing to do.
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ name: string }>`select conname as name from pg_constraint
    where conrelid = 'findings'::regclass and contype = 'f' and confrelid = 'validation_runs'::regclass`.execute(
    db,
  );
  for (const { name } of rows) await sql`alter table findings drop constraint ${sql.id(name)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table findings add foreign key (run_id) references validation_runs (id) on delete cascade`.execute(
    db,
  );
}
