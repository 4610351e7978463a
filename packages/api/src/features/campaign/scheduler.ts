// node-cron tasks in Asia/Shanghai: every Friday the weekly snapshot and the managers' SMS
// reports; on the last day of each month the monthly snapshot. Both are idempotent per period,
// so a restart, a missed run re-triggered by hand, or a second instance never double-counts.
import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../../db.ts';
import { sendWeeklyReports } from '../reports/weekly.ts';
import { isLastDayOfMonth } from './periods.ts';
import { takeSnapshot } from './snapshot.ts';

export interface CampaignScheduler {
  weekly: ScheduledTask;
  monthly: ScheduledTask;
  start(): void;
  stop(): Promise<void>;
}

interface Log {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export function createCampaignScheduler(
  db: Db,
  opts: { weeklyCron: string; monthlyCron: string; clock: () => Date; log: Log },
): CampaignScheduler {
  const options = { timezone: 'Asia/Shanghai', noOverlap: true } as const;
  const guard = (name: string, fn: () => Promise<unknown>) => async () => {
    try {
      const result = await fn();
      opts.log.info({ task: name, result }, 'campaign task done');
      return result;
    } catch (err) {
      opts.log.error({ task: name, err }, 'campaign task failed');
      throw err;
    }
  };
  const weekly = cron.createTask(
    opts.weeklyCron,
    guard('weekly', () => sendWeeklyReports(db, opts.clock())),
    { ...options, name: 'campaign-weekly' },
  );
  const monthly = cron.createTask(
    opts.monthlyCron,
    guard('monthly', async () => {
      const now = opts.clock();
      // the cron fires on days 28–31; only the month's last day takes the snapshot
      return isLastDayOfMonth(now)
        ? takeSnapshot(db, 'month', now)
        : { skipped: 'not the last day of the month' };
    }),
    { ...options, name: 'campaign-monthly' },
  );
  return {
    weekly,
    monthly,
    start() {
      void weekly.start();
      void monthly.start();
    },
    async stop() {
      await weekly.destroy();
      await monthly.destroy();
    },
  };
}
