// The validation schedule (node-cron, Asia/Shanghai): by default an incremental run every night
// at 02:00 and a full province run on Sundays instead. A tick only queues work; the validation
// runner (background.ts) executes it, so a run killed mid-way is resumed or redone on the next
// start like any other. Without a completed province run, or after another rule set was
// activated, the night's incremental run becomes a full run: increments need a base of the
// active rules.
import type { RunCoordinator, ScheduledTask } from 'node-cron';
import { createCronTask, type TaskLog } from '../../plugins/cron-task.ts';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db.ts';
import { PROVINCE } from '../auth/region.ts';
import { ensureDefaultRuleSet } from '../rule-sets/active.ts';
import { findActiveVersion } from '../rule-sets/queries.ts';
import * as iq from './incremental.queries.ts';
import { queueRun } from './service.ts';

export type ScheduledWork =
  | { queued: 'increment'; id: number }
  | { queued: 'full'; id: number; reason: string }
  | { queued: null; reason: string };

/** What a tick queues: an increment, or a full province run when one is due or needed. */
export async function queueScheduledValidation(
  db: Db,
  now: Date,
  isFullDue: boolean,
): Promise<ScheduledWork> {
  if (await iq.findOpenProvinceRun(db.kysely)) return { queued: null, reason: 'a province run is open' };
  await ensureDefaultRuleSet(db, now);
  const base = await iq.findBaseRun(db.kysely);
  const active = await findActiveVersion(db.kysely);
  const reason = isFullDue
    ? 'the full run is due'
    : !base
      ? 'no completed province run yet'
      : base.rule_set_version !== active
        ? 'another rule set is active'
        : null;
  if (reason) return { queued: 'full', id: await queueRun(db, PROVINCE, null, now), reason };
  const { id } = await iq.insertIncrement(db.kysely, { trigger: 'schedule', now });
  return { queued: 'increment', id };
}

export interface ValidationScheduler {
  incremental: ScheduledTask;
  full: ScheduledTask | null;
  start(): void;
  stop(): Promise<void>;
}

export function createValidationScheduler(
  db: Db,
  opts: {
    incrementalCron: string;
    /** null: no weekly full run */
    fullCron: string | null;
    clock: Clock;
    log: TaskLog;
    /** Wakes the runner for what a tick queued. */
    kick: () => void;
    /** With several processes: each tick runs in one only (plugins/job-ticks.ts). */
    coordinator?: RunCoordinator;
  },
): ValidationScheduler {
  const tick = (isFull: boolean) => async (): Promise<ScheduledWork> => {
    const now = opts.clock();
    // the same minute in both schedules: the full run only
    if (!isFull && full?.task.match(now)) return { queued: null, reason: 'the full run takes this tick' };
    const work = await queueScheduledValidation(db, now, isFull);
    opts.kick();
    return work;
  };
  const task = (name: string, cron: string, isFull: boolean) =>
    createCronTask({
      name,
      cron,
      log: opts.log,
      ...(opts.coordinator ? { coordinator: opts.coordinator } : {}),
      work: tick(isFull),
      done: 'scheduled validation queued',
      failed: 'scheduled validation failed',
    });
  const full = opts.fullCron ? task('validation-full', opts.fullCron, true) : null;
  const incremental = task('validation-incremental', opts.incrementalCron, false);
  return {
    incremental: incremental.task,
    full: full?.task ?? null,
    start() {
      incremental.start();
      full?.start();
    },
    async stop() {
      await incremental.stop();
      await full?.stop();
    },
  };
}
