// The nightly findings retention, by node-cron in Asia/Shanghai (FINDINGS_RETENTION_CRON, default
// 03:00, after the customers' retention at 02:30). It runs with the retention job (RETENTION_JOB,
// plugins/jobs.ts): with a `coordinator` each tick runs in one process only, however many run
// jobs; a second pruner meeting the same run finds it marked and leaves it.
import type { RunCoordinator } from 'node-cron';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db.ts';
import { createCronTask, type TaskLog } from '../../plugins/cron-task.ts';
import { pruneFindings, type FindingsRetention } from './findings-retention.ts';

export function createFindingsRetentionJob(
  db: Db,
  opts: {
    cron: string;
    retention: FindingsRetention;
    clock: Clock;
    log: TaskLog;
    coordinator?: RunCoordinator;
  },
) {
  return createCronTask({
    name: 'findings-retention',
    cron: opts.cron,
    log: opts.log,
    coordinator: opts.coordinator,
    work: async () => {
      const r = await pruneFindings(db, opts.retention, opts.clock());
      return {
        dropped: r.dropped.map((d) => d.runId),
        bytes: r.dropped.reduce((s, d) => s + d.bytes, 0),
        skipped: r.skipped,
      };
    },
    done: 'findings retention done',
    failed: 'findings retention failed',
  });
}
