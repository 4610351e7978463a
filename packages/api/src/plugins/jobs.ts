// Background work, one lifecycle: the validation runner (with its nightly incremental and weekly
// full schedule), the campaign scheduler, the SMS dispatcher (with its receipts) and the retention
// job. `pnpm start` runs them inside the web process (buildApp registers this plugin); `pnpm
// worker` (worker.ts) runs them with no web at all; JOBS=off makes a web-only process that only
// queues work. The jobs start when the app (or worker) is ready and stop, each finishing the step
// in hand, when it closes. Each can be turned off by its own switch too.
//
// Every job keeps its state in the database, never in memory, so a kill -9 loses at most the step
// in flight, and any number of processes may run jobs against one PostgreSQL without doing work
// twice (db/coordination.ts holds the locks, job_ticks the schedule's ticks):
// - validation: each run is executed under a lock of its own (`validation-run:<id>`), so one
//   process runs it; a page commits only if the run's progress (locked FOR UPDATE) is still where
//   this runner read it, else RunConflictError. A run left by a dead process is resumed by the
//   next one that looks (the lock died with its connection);
// - campaign scheduler: each node-cron tick is claimed once in job_ticks (plugins/job-ticks.ts),
//   and each task is idempotent per period besides;
// - SMS: messages are claimed FOR UPDATE SKIP LOCKED with a lease; the receipts poll runs under
//   the `sms-receipts` lock, in one process at a time;
// - retention: each tick is claimed once in job_ticks; each batch of customers is claimed FOR
//   UPDATE SKIP LOCKED and anonymised in one transaction, never a candidate again; the findings
//   retention (its second schedule) locks each run row before dropping its partition.
// A web process that queues work calls `app.jobs.kick(name)` after its commit: the job wakes in
// this process if it runs here, and through a NOTIFY on `qingyuan_jobs` in every other process
// that runs it; each also polls every JOBS_POLL_SECONDS in case a notification was missed.
//
// Adding a job (a nightly validation…):
// 1. write its `create(deps) → Job` in its feature folder and add it to JOB_REGISTRY below, with
//    `isOn(config)` reading its switch (a `<NAME>: on|off` in config.ts and the README table);
// 2. make it safe to run in several processes at once, in one of the ways above: rows claimed
//    FOR UPDATE SKIP LOCKED (a queue), `withLock(db.coordination, '<job>:<unit of work>', fn)`
//    around each unit (a run, a partition), node-cron with `distributed: true, runCoordinator:
//    tickCoordinator(db.kysely, clock), name` (a schedule: once per tick), or withLock around each
//    pass of a loop that must run in one process only;
// 3. if requests queue work for it, give the Job a `kick()` and call `app.jobs.kick(name)` after
//    the request's commit; kick() and the poll must be cheap when there is nothing to do;
// 4. stop() must finish or abandon the step in hand and resolve; a test beside the job, and a
//    case in tests/e2e/processes.postgres.test.ts if it takes work from web processes.
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import { createCampaignScheduler } from '../features/campaign/scheduler.ts';
import { createRetentionJob } from '../features/retention/job.ts';
import { startSmsRuntime } from '../features/sms/runtime.ts';
import { createValidationRunner } from '../features/validation/background.ts';
import { createValidationScheduler } from '../features/validation/scheduler.ts';
import { createFindingsRetentionJob } from '../features/validation/findings-retention-job.ts';
import { tickCoordinator } from './job-ticks.ts';

export interface Job {
  start(): void;
  stop(): Promise<void>;
  /** Look for new work now (work just queued by a request, here or in another process). */
  kick?(): void;
}

export interface JobDeps {
  db: Db;
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
}

interface JobDefinition {
  /** Whether this process runs the job (JOBS=off aside, which turns every job off). */
  isOn(config: Config): boolean;
  create(deps: JobDeps): Job;
}

/** Every background job, in start order. */
const JOB_REGISTRY = {
  // the runner, and the schedule that queues its nightly (incremental) and weekly (full) runs
  validation: {
    isOn: (config) => config.VALIDATION_RUNNER === 'on',
    create: ({ db, log, clock, config }) => {
      const runner = createValidationRunner(db, log, clock);
      const schedule =
        config.VALIDATION_SCHEDULE === 'on'
          ? createValidationScheduler(db, {
              incrementalCron: config.VALIDATION_INCREMENTAL_CRON,
              fullCron: config.VALIDATION_FULL_CRON === 'off' ? null : config.VALIDATION_FULL_CRON,
              clock,
              log,
              kick: () => runner.kick(),
              coordinator: tickCoordinator(db.kysely, clock),
            })
          : null;
      return {
        start() {
          runner.start();
          schedule?.start();
        },
        async stop() {
          await schedule?.stop();
          await runner.stop();
        },
        kick: () => runner.kick(),
      };
    },
  },
  'campaign-scheduler': {
    isOn: (config) => config.CAMPAIGN_SCHEDULER === 'on',
    create: ({ db, config, clock, log }) =>
      createCampaignScheduler(db, {
        weeklyCron: config.CAMPAIGN_WEEKLY_CRON,
        monthlyCron: config.CAMPAIGN_MONTHLY_CRON,
        clock,
        log,
        includeSimulated: config.DEMO_DATA === 'on',
        coordinator: tickCoordinator(db.kysely, clock),
      }),
  },
  sms: {
    isOn: (config) => config.SMS_DISPATCHER === 'on',
    create: ({ db, config, clock, log }) => {
      let runtime: ReturnType<typeof startSmsRuntime> | undefined;
      return {
        start() {
          runtime = startSmsRuntime(db, config, clock, (msg, detail) => log.warn(detail ?? {}, msg));
        },
        stop: async () => runtime?.stop(),
        // no kick: the dispatcher looks for due messages every second
      };
    },
  },
  // Data retention, nightly: closed customers anonymised (RETENTION_CRON), then old runs' findings
  // partitions dropped (FINDINGS_RETENTION_CRON); two schedules, each tick claimed once.
  retention: {
    isOn: (config) => config.RETENTION_JOB === 'on',
    create: ({ db, config, clock, log }) => {
      const coordinator = tickCoordinator(db.kysely, clock);
      const parts = [
        createRetentionJob(db, { cron: config.RETENTION_CRON, clock, log, coordinator }),
        createFindingsRetentionJob(db, {
          cron: config.FINDINGS_RETENTION_CRON,
          retention: { keepRuns: config.FINDINGS_KEEP_RUNS, keepDays: config.FINDINGS_KEEP_DAYS },
          clock,
          log,
          coordinator,
        }),
      ];
      return {
        start: () => parts.forEach((p) => p.start()),
        stop: async () => void (await Promise.all(parts.map((p) => p.stop()))),
      };
    },
  },
} satisfies Record<string, JobDefinition>;

export type JobName = keyof typeof JOB_REGISTRY;
export const JOB_NAMES = Object.keys(JOB_REGISTRY) as JobName[];

/** The channel other processes are woken on; the payload is a job name. */
export const JOBS_CHANNEL = 'qingyuan_jobs';

export interface Jobs {
  /** The jobs this process runs, by config. */
  readonly names: readonly JobName[];
  start(): void;
  stop(): Promise<void>;
  /** Wake a job for work just queued (call after the commit): here, and in the other processes. */
  kick(name: JobName): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: Jobs;
  }
}

/** Which jobs a process with this config runs. */
export function enabledJobs(config: Config): JobName[] {
  if (config.JOBS === 'off') return [];
  return JOB_NAMES.filter((name) => JOB_REGISTRY[name].isOn(config));
}

/** The jobs of one process, not yet started. */
export function createJobs(deps: JobDeps): Jobs {
  const names = enabledJobs(deps.config);
  const jobs = new Map<JobName, Job>(names.map((name) => [name, JOB_REGISTRY[name].create(deps)]));
  let state: 'idle' | 'started' | 'stopped' = 'idle';
  let poll: NodeJS.Timeout | undefined;
  let unlisten: (() => void) | undefined;
  const wake = (name: string) => {
    if (state === 'started') jobs.get(name as JobName)?.kick?.();
  };
  return {
    names,
    start() {
      if (state !== 'idle') return;
      state = 'started';
      for (const job of jobs.values()) job.start();
      if (names.length === 0) return;
      deps.log.info({ jobs: names }, 'background jobs started');
      // work queued by other processes: woken by their NOTIFY, and by the poll as a safety net
      deps.db.coordination
        .listen(JOBS_CHANNEL, wake)
        .then((off) => (state === 'stopped' ? off() : (unlisten = off)))
        .catch((err: unknown) => deps.log.warn({ err }, 'jobs: cannot listen for work; polling only'));
      poll = setInterval(() => {
        for (const name of names) wake(name);
      }, deps.config.JOBS_POLL_SECONDS * 1000);
      poll.unref();
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      clearInterval(poll);
      unlisten?.();
      await Promise.all([...jobs.values()].map((job) => job.stop()));
    },
    kick(name) {
      if (state === 'started' && jobs.has(name)) {
        wake(name);
        return;
      }
      // not here (a web-only process): the processes that run it take it up
      deps.db.coordination
        .notify(JOBS_CHANNEL, name)
        .catch((err: unknown) =>
          deps.log.warn({ err, job: name }, 'jobs: cannot notify; the poll will find it'),
        );
    },
  };
}

/** Decorates `app.jobs`; starts them when the app is ready, stops them when it closes. */
export const jobsPlugin = fp<Omit<JobDeps, 'log'>>(
  async (app, deps) => {
    const jobs = createJobs({ ...deps, log: app.log });
    app.decorate('jobs', jobs);
    app.addHook('onReady', async () => jobs.start());
    app.addHook('onClose', () => jobs.stop());
  },
  { name: 'qingyuan-jobs' },
);
