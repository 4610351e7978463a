// node-cron tasks in Asia/Shanghai: every Friday the weekly snapshot and the managers' SMS
// reports; on the last day of each month the monthly snapshot. Both are idempotent per period,
// so a restart, a missed run re-triggered by hand, or a second instance never double-counts.
// node-cron has no catch-up: on start, a week whose cut-off passed while the server was down
// (no snapshot for it) gets its snapshot, marked late, and its reports, once.
// With a `coordinator` (plugins/jobs.ts passes one) each tick runs in one process only, however
// many run the scheduler; a catch-up claims the tick of the cut-off it makes up for.
import cron, { type RunCoordinator, type ScheduledTask, type TaskContext } from 'node-cron';
import type { Db } from '../../db.ts';
import { sendWeeklyReports } from '../reports/weekly.ts';
import { lastCutOff } from './cut-off.ts';
import { isLastDayOfMonth } from './periods.ts';
import * as sq from './snapshot-queries.ts';
import { findActiveCampaign } from '../verification/queries.ts';
import { takeSnapshot } from './snapshot.ts';
import { tickKey } from '../../plugins/job-ticks.ts';
import { computeQualityWeek } from '../monitoring/compute.ts';

export interface CampaignScheduler {
  weekly: ScheduledTask;
  monthly: ScheduledTask;
  /** Run on start: sends the week whose cut-off was missed, if any; resolves when done. */
  catchUp(): Promise<CatchUpResult>;
  start(): void;
  stop(): Promise<void>;
}

export type CatchUpResult =
  { caughtUp: false; reason: string } | ({ caughtUp: true } & Awaited<ReturnType<typeof sendWeeklyReports>>);

/**
 * The missed week: the last cut-off at or before now has no stored snapshot, and the campaign
 * existed before that cut-off (a fresh install on a Saturday has nothing to catch up).
 */
export async function catchUpWeekly(
  db: Db,
  weeklyCron: string,
  now: Date,
  includeSimulated = false,
): Promise<CatchUpResult> {
  const last = lastCutOff(weeklyCron, now);
  if (!last) return { caughtUp: false, reason: 'no cut-off in the last two weeks' };
  const campaign = await findActiveCampaign(db.kysely);
  if (!campaign || new Date(campaign.created_at) > last.at)
    return { caughtUp: false, reason: 'no campaign before the cut-off' };
  if (await sq.hasSnapshot(db.kysely, campaign.id, 'week', last.week))
    return { caughtUp: false, reason: 'the week was taken' };
  return {
    caughtUp: true,
    ...(await sendWeeklyReports(db, now, { week: last.week, timing: 'late', includeSimulated })),
  };
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function createCampaignScheduler(
  db: Db,
  opts: {
    weeklyCron: string;
    monthlyCron: string;
    clock: () => Date;
    log: Log;
    /** DEMO_DATA=on: the outbox's simulated SMS count in the evaluation. */
    includeSimulated?: boolean;
    /** Claims each tick once across processes (plugins/job-ticks.ts); without it every process fires. */
    coordinator?: RunCoordinator;
  },
): CampaignScheduler {
  const options = {
    timezone: 'Asia/Shanghai',
    noOverlap: true,
    ...(opts.coordinator ? { distributed: true, runCoordinator: opts.coordinator } : {}),
  } as const;
  const guard = (name: string, fn: () => Promise<unknown>) => async (ctx?: TaskContext) => {
    try {
      const result = await fn();
      // the tick (node-cron's scheduled instant) tells which firing this was, across processes
      opts.log.info({ task: name, tick: ctx?.date.toISOString(), result }, 'campaign task done');
      return result;
    } catch (err) {
      opts.log.error({ task: name, err }, 'campaign task failed');
      throw err;
    }
  };
  const weekly = cron.createTask(
    opts.weeklyCron,
    guard('weekly', async () => {
      const now = opts.clock();
      const result = await sendWeeklyReports(db, now, { includeSimulated: opts.includeSimulated ?? false });
      // during a campaign the quality figures are kept too (after it, the reports compute them)
      if (result.mode === 'campaign') await computeQualityWeek(db, result.week, now);
      return result;
    }),
    { ...options, name: 'campaign-weekly' },
  );
  const monthly = cron.createTask(
    opts.monthlyCron,
    guard('monthly', async () => {
      const now = opts.clock();
      // between cycles there is nothing to snapshot: a closed cycle is frozen
      if (!(await findActiveCampaign(db.kysely))) return { skipped: 'no active campaign cycle' };
      // the cron fires on days 28–31; only the month's last day takes the snapshot
      return isLastDayOfMonth(now)
        ? takeSnapshot(db, 'month', now, { includeSimulated: opts.includeSimulated ?? false })
        : { skipped: 'not the last day of the month' };
    }),
    { ...options, name: 'campaign-monthly' },
  );
  const catchUp = () =>
    guard('weekly-catch-up', async (): Promise<CatchUpResult> => {
      const now = opts.clock();
      const last = lastCutOff(opts.weeklyCron, now);
      // the same key as the cron's own tick at that cut-off: one of them runs, in one process
      if (
        last &&
        opts.coordinator &&
        !(await opts.coordinator.shouldRun(tickKey('campaign-weekly', last.at), 0))
      )
        return { caughtUp: false, reason: 'another process has this cut-off' };
      return catchUpWeekly(db, opts.weeklyCron, now, opts.includeSimulated ?? false);
    })() as Promise<CatchUpResult>;
  for (const task of [weekly, monthly])
    task.on('execution:skipped', (ctx) =>
      opts.log.info(
        { task: task.name, tick: ctx.date.toISOString(), reason: ctx.reason },
        'campaign tick skipped',
      ),
    );
  return {
    weekly,
    monthly,
    catchUp,
    start() {
      void weekly.start();
      void monthly.start();
      catchUp().catch(() => {}); // logged by guard; the next cut-off or start tries again
    },
    async stop() {
      await weekly.destroy();
      await monthly.destroy();
    },
  };
}
