// The nightly retention run, by node-cron in Asia/Shanghai (RETENTION_CRON, default 02:30).
// A run is safe to repeat or to race: candidates are claimed FOR UPDATE SKIP LOCKED and an
// anonymised customer is never a candidate again; a run killed midway keeps its finished batches
// and the next run takes the rest. With a `coordinator` (plugins/jobs.ts passes one) each tick
// runs in one process only, however many run jobs.
import type { RunCoordinator } from 'node-cron';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db.ts';
import { createCronTask, type TaskLog } from '../../plugins/cron-task.ts';
import { runRetention } from './service.ts';

export function createRetentionJob(
  db: Db,
  opts: { cron: string; clock: Clock; log: TaskLog; coordinator?: RunCoordinator },
) {
  return createCronTask({
    name: 'retention',
    cron: opts.cron,
    log: opts.log,
    coordinator: opts.coordinator,
    work: async () => {
      const run = await runRetention(db, { trigger: 'schedule', userId: null, clock: opts.clock });
      return { run: run.id, customers: run.customers };
    },
    done: 'retention run done',
    failed: 'retention run failed',
  });
}
