// One scheduled task by node-cron in Asia/Shanghai, for the nightly jobs (retention, findings
// retention): a tick runs `work` and logs what it returns under the task's name, or the error;
// a tick never overlaps the one before, and with a `coordinator` (plugins/job-ticks.ts) each tick
// runs in one process only, however many run jobs.
import cron, { type RunCoordinator } from 'node-cron';

export interface TaskLog {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function createCronTask(opts: {
  name: string;
  cron: string;
  log: TaskLog;
  coordinator?: RunCoordinator;
  /** One tick's work; what it returns is logged with `done`. */
  work: () => Promise<object>;
  done: string;
  failed: string;
}) {
  const task = cron.createTask(
    opts.cron,
    async () => {
      try {
        opts.log.info({ task: opts.name, ...(await opts.work()) }, opts.done);
      } catch (err) {
        opts.log.error({ task: opts.name, err }, opts.failed);
      }
    },
    {
      timezone: 'Asia/Shanghai',
      noOverlap: true,
      name: opts.name,
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
