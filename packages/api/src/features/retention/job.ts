// The nightly retention run, by node-cron in Asia/Shanghai (RETENTION_CRON, default 02:30).
// A run is safe to repeat or to race: candidates are claimed FOR UPDATE SKIP LOCKED and an
// anonymised customer is never a candidate again; a run killed midway keeps its finished batches
// and the next run takes the rest. With a `coordinator` (plugins/jobs.ts passes one) each tick
// runs in one process only, however many run jobs.
import cron, { type RunCoordinator } from 'node-cron';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db.ts';
import { runRetention } from './service.ts';

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function createRetentionJob(
  db: Db,
  opts: { cron: string; clock: Clock; log: Log; coordinator?: RunCoordinator },
) {
  const task = cron.createTask(
    opts.cron,
    async () => {
      try {
        const run = await runRetention(db, { trigger: 'schedule', userId: null, clock: opts.clock });
        opts.log.info({ task: 'retention', run: run.id, customers: run.customers }, 'retention run done');
      } catch (err) {
        opts.log.error({ task: 'retention', err }, 'retention run failed');
      }
    },
    {
      timezone: 'Asia/Shanghai',
      noOverlap: true,
      name: 'retention',
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
