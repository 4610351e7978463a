// Findings retention: a run's finding rows are kept while anyone may read them, and dropped with
// their partition (partitions.queries.ts) afterwards. Its per-unit summaries (finding_counts,
// unit_counts) and the run row are kept for ever: the dashboard, the history of runs and the
// trends read those, never old findings.
//
// Always kept: queued and running runs, and every *current* run — a completed run that no newer
// completed run covers (the latest full run, and the later city or county runs inside it: the
// newest findings of each customer, which worksheets, calls and re-validation read). Of the
// others, the FINDINGS_KEEP_RUNS newest completed ones are kept, and any run younger than
// FINDINGS_KEEP_DAYS; the rest are dropped.
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database, RunStatus } from '../../db/schema.ts';
import { covers, regionOf } from '../auth/region.ts';
import { dropFindingsPartition, findingsPartitionOf } from './partitions.queries.ts';

export interface FindingsRetention {
  /** Completed runs kept with their rows besides the current ones. */
  keepRuns: number;
  /** A run younger than this keeps its rows. */
  keepDays: number;
}

export type KeptReason = 'active' | 'current' | 'keep_runs' | 'keep_days';

export interface PrunePlanEntry {
  runId: number;
  status: RunStatus;
  createdAt: Date;
  /** Why its rows stay; undefined = they are dropped. */
  kept?: KeptReason;
}

const DAY_MS = 86_400_000;

interface RunForRetention {
  id: number;
  status: RunStatus;
  city_code: string | null;
  county_code: string | null;
  created_at: Date;
}

/** What the retention keeps and drops now, newest run first; runs already pruned are left out. */
export function planFindingsPrune(
  runs: readonly RunForRetention[],
  retention: FindingsRetention,
  now: Date,
): PrunePlanEntry[] {
  const newestFirst = [...runs].sort((a, b) => b.id - a.id);
  const completedNewer: RunForRetention[] = [];
  let keptByCount = 0;
  const since = now.getTime() - retention.keepDays * DAY_MS;
  return newestFirst.map((r) => {
    const entry: PrunePlanEntry = { runId: r.id, status: r.status, createdAt: new Date(r.created_at) };
    if (r.status === 'queued' || r.status === 'running') return { ...entry, kept: 'active' };
    if (r.status === 'completed') {
      const isCurrent = !completedNewer.some((n) => covers(regionOf(n), r));
      completedNewer.push(r);
      if (isCurrent) return { ...entry, kept: 'current' };
      if (keptByCount < retention.keepRuns) {
        keptByCount++;
        return { ...entry, kept: 'keep_runs' };
      }
    }
    if (entry.createdAt.getTime() > since) return { ...entry, kept: 'keep_days' };
    return entry;
  });
}

/** The runs that still hold their rows (a pruned run is never current again). */
const findRunsForRetention = (db: Kysely<Database>) =>
  db
    .selectFrom('validation_runs')
    .select(['id', 'status', 'city_code', 'county_code', 'created_at'])
    .where('findings_dropped_at', 'is', null)
    .orderBy('id', 'desc')
    .execute();

export interface DroppedRun {
  runId: number;
  createdAt: string;
  /** Rows and bytes (table + indexes) of its partition when dropped. */
  rows: number;
  bytes: number;
}

export interface PruneResult {
  dryRun: boolean;
  kept: { runId: number; reason: KeptReason }[];
  dropped: DroppedRun[];
  /** Runs whose partition could not be locked in time (a long transaction held findings): retried next time. */
  skipped: number[];
}

async function partitionSize(db: Kysely<Database>, runId: number) {
  const name = findingsPartitionOf(runId);
  const { rows } = await sql<{ rows: string | number; bytes: string | number }>`
    select (select count(*) from findings where run_id = ${runId}) as rows,
      coalesce(pg_total_relation_size(to_regclass(${name})), 0) as bytes`.execute(db);
  return { rows: Number(rows[0]?.rows ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
}

/**
 * Drops the findings of runs past the retention, one run per transaction (its partition detached
 * and dropped, the run marked). Safe to repeat and to race: the run row is locked first, and a run
 * already marked is left alone. `dryRun` only reports.
 */
export async function pruneFindings(
  db: Db,
  retention: FindingsRetention,
  now: Date,
  opts: { dryRun?: boolean } = {},
): Promise<PruneResult> {
  const plan = planFindingsPrune(await findRunsForRetention(db.kysely), retention, now);
  const result: PruneResult = { dryRun: opts.dryRun === true, kept: [], dropped: [], skipped: [] };
  for (const entry of plan) {
    if (entry.kept) {
      result.kept.push({ runId: entry.runId, reason: entry.kept });
      continue;
    }
    const size = await partitionSize(db.kysely, entry.runId);
    const dropped = { runId: entry.runId, createdAt: entry.createdAt.toISOString(), ...size };
    if (opts.dryRun) {
      result.dropped.push(dropped);
      continue;
    }
    try {
      const done = await db.kysely.transaction().execute(async (trx) => {
        const run = await trx
          .selectFrom('validation_runs')
          .select('id')
          .where('id', '=', entry.runId)
          .where('findings_dropped_at', 'is', null)
          .forUpdate()
          .executeTakeFirst();
        if (!run) return false; // another process pruned it meanwhile
        await dropFindingsPartition(trx, entry.runId, now);
        return true;
      });
      if (done) result.dropped.push(dropped);
    } catch (err) {
      // 55P03 lock_not_available: a long transaction holds findings; the next night retries
      if ((err as { code?: string }).code !== '55P03') throw err;
      result.skipped.push(entry.runId);
    }
  }
  return result;
}
