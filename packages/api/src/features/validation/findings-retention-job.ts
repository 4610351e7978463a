// The nightly findings retention, by node-cron in Asia/Shanghai (FINDINGS_RETENTION_CRON, default
// 03:00, after the customers' retention at 02:30). It runs with the retention job (RETENTION_JOB,
// plugins/jobs.ts): with a `coordinator` each tick runs in one process only, however many run
// jobs; a second pruner meeting the same run finds it marked and leaves it.
import cron, { type RunCoordinator } from 'node-cron';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db.ts';
import { pruneFindings, type FindingsRetention } from './findings-retention.ts';

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function createFindingsRetentionJob(
  db: Db,
  opts: { cron: string; retention: FindingsRetention; clock: Clock; log: Log; coordinator?: RunCoordinator },
) {
  const task = cron.createTask(
    opts.cron,
    async () => {
      try {
        const r = await pruneFindings(db, opts.retention, opts.clock());
        opts.log.info(
          {
            task: 'findings-retention',
            dropped: r.dropped.map((d) => d.runId),
            bytes: r.dropped.reduce((s, d) => s + d.bytes, 0),
            skipped: r.skipped,
          },
          'findings retention done',
        );
      } catch (err) {
        opts.log.error({ task: 'findings-retention', err }, 'findings retention failed');
      }
    },
    {
      timezone: 'Asia/Shanghai',
      noOverlap: true,
      name: 'findings-retention',
      ...(opts.coordinator ? { distributed: true, runCoordinator: opts.coordinator } : {}),
    },
  );
  return {
    task,
    start() {
      void task.start();
    },
    async stop() {
      await task.destroy();
    },
  };
}
