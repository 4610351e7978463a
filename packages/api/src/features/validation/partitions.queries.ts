// findings is partitioned BY LIST (run_id): one table per run, findings_run_<id> (migration
// 2026_12_06_2200). A run's partition is created in the transaction that creates the run, and
// dropped whole when the retention (findings-retention.ts) lets the run's rows go.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database } from '../../db/schema.ts';

/** The partition's name: from a run id only, never from input text (it is spliced into DDL). */
export function findingsPartitionOf(runId: number): string {
  if (!Number.isSafeInteger(runId) || runId <= 0) throw new Error(`bad run id ${runId}`);
  return `findings_run_${runId}`;
}

/**
 * Creates the run's partition. Made standalone and then ATTACHed: an attach takes SHARE UPDATE
 * EXCLUSIVE on findings, so it neither waits for nor blocks the reads and writes of other runs
 * (CREATE TABLE … PARTITION OF would take ACCESS EXCLUSIVE). Through a function owned by the
 * tables' owner: the application's role may not create tables (migration 2026_12_07_0200).
 */
export async function createFindingsPartition(trx: Trx, runId: number) {
  findingsPartitionOf(runId); // a bad id fails here, before the database
  await sql`select qy_create_findings_partition(${runId}::bigint)`.execute(trx);
}

/** The runs whose partitions are attached to findings, from the catalogue (pg_inherits). */
export async function findPartitionedRunIds(db: Kysely<Database>): Promise<number[]> {
  const { rows } = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
    join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'findings'::regclass`.execute(db);
  return rows
    .map((r) => /^findings_run_(\d+)$/.exec(r.name)?.[1])
    .filter((id): id is string => id !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/**
 * Detaches and drops the run's partition and marks the run, in the caller's transaction. The
 * detach takes ACCESS EXCLUSIVE on findings until the commit: `lock_timeout` bounds the wait
 * behind a long transaction (a running validation); the caller skips the run and retries later.
 */
export async function dropFindingsPartition(trx: Trx, runId: number, now: Date) {
  findingsPartitionOf(runId);
  await sql.raw(`set local lock_timeout = '10s'`).execute(trx);
  // the detach and drop as the tables' owner (migration 2026_12_07_0200)
  await sql`select qy_drop_findings_partition(${runId}::bigint)`.execute(trx);
  await trx
    .updateTable('validation_runs')
    .set({ findings_dropped_at: now })
    .where('id', '=', runId)
    .where('findings_dropped_at', 'is', null)
    .execute();
}
