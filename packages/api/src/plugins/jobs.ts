// Background work, one lifecycle: the validation runner, the campaign scheduler, the SMS
// dispatcher (with the outbox carrier's receipts) and the retention job. buildApp registers this plugin; the jobs start
// when the app is ready and stop (each finishing the step in hand) when it closes. Each can be
// turned off by config, and JOBS=off turns them all off: a web process then only queues work.
//
// Every job keeps its state in the database, never in memory, so a kill -9 loses at most the step
// in flight and several processes may run jobs against one PostgreSQL without doing work twice:
// - validation: a run resumes after its last committed page; a page commits only if the run's
//   progress (locked FOR UPDATE) is still where this runner read it, else RunConflictError;
// - campaign scheduler: each task is idempotent per period (a snapshot per period, one report
//   per manager and week with an SMS idempotency key);
// - SMS: messages are claimed FOR UPDATE SKIP LOCKED with a lease; receipts likewise;
// - retention: each batch of customers is claimed FOR UPDATE SKIP LOCKED and anonymised in one
//   transaction; an anonymised customer is never a candidate again.
import type { FastifyBaseLogger } from 'fastify';
import fp from 'fastify-plugin';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import { createCampaignScheduler } from '../features/campaign/scheduler.ts';
import { createRetentionJob } from '../features/retention/job.ts';
import { startSmsRuntime } from '../features/sms/runtime.ts';
import { createValidationRunner } from '../features/validation/background.ts';

export const JOB_NAMES = ['validation', 'campaign-scheduler', 'sms', 'retention'] as const;
export type JobName = (typeof JOB_NAMES)[number];

interface Job {
  start(): void;
  stop(): Promise<void>;
  /** Look for new work now (work just queued by a request). */
  kick?(): void;
}

export interface Jobs {
  /** The jobs this process runs, by config. */
  readonly names: readonly JobName[];
  start(): void;
  stop(): Promise<void>;
  /** Wake a job for work just queued; a no-op when this process does not run it. */
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
  const on: Record<JobName, boolean> = {
    validation: config.VALIDATION_RUNNER === 'on',
    'campaign-scheduler': config.CAMPAIGN_SCHEDULER === 'on',
    sms: config.SMS_DISPATCHER === 'on',
    retention: config.RETENTION_JOB === 'on',
  };
  return JOB_NAMES.filter((name) => on[name]);
}

export interface JobDeps {
  db: Db;
  config: Config;
  clock: Clock;
  log: FastifyBaseLogger;
}

function createJob(name: JobName, { db, config, clock, log }: JobDeps): Job {
  switch (name) {
    case 'validation':
      return createValidationRunner(db, log, clock, config.DATABASE_URL);
    case 'campaign-scheduler':
      return createCampaignScheduler(db, {
        weeklyCron: config.CAMPAIGN_WEEKLY_CRON,
        monthlyCron: config.CAMPAIGN_MONTHLY_CRON,
        clock,
        log,
        includeSimulated: config.DEMO_DATA === 'on',
      });
    case 'retention':
      return createRetentionJob(db, { cron: config.RETENTION_CRON, clock, log });
    case 'sms': {
      let runtime: ReturnType<typeof startSmsRuntime> | undefined;
      return {
        start() {
          runtime = startSmsRuntime(db, config, clock, (msg, detail) => log.warn(detail ?? {}, msg));
        },
        stop: async () => runtime?.stop(),
      };
    }
  }
}

/** The jobs of one process, not yet started. */
export function createJobs(deps: JobDeps): Jobs {
  const names = enabledJobs(deps.config);
  const jobs = new Map(names.map((name) => [name, createJob(name, deps)]));
  let state: 'idle' | 'started' | 'stopped' = 'idle';
  return {
    names,
    start() {
      if (state !== 'idle') return;
      state = 'started';
      for (const job of jobs.values()) job.start();
      if (names.length) deps.log.info({ jobs: names }, 'background jobs started');
    },
    async stop() {
      if (state === 'stopped') return;
      state = 'stopped';
      await Promise.all([...jobs.values()].map((job) => job.stop()));
    },
    kick(name) {
      if (state === 'started') jobs.get(name)?.kick?.();
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
