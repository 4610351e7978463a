// The weekly cut-off: the moment the week's figures are frozen and the managers' reports go out.
// It is the first firing of CAMPAIGN_WEEKLY_CRON (Friday 18:00 by default) inside the ISO week,
// read in Asia/Shanghai like the scheduler. node-cron only looks forward; the cut-off of a week
// that has passed (catch-up after downtime) and "is it before the cut-off yet?" (a manual send)
// both need it for a given week, so it is computed here from the parsed expression.
import { parse } from 'node-cron';
import { addDays, isoWeekOf, isoWeekOfDay, mondayOfIsoWeek, shanghaiInstant } from './periods.ts';

/** The cut-off instant of an ISO week, or null when the expression never fires in that week. */
export function weekCutOff(cronExpr: string, isoWeek: string): Date | null {
  const f = parse(cronExpr);
  const weekdays = new Set(f.dayOfWeek.map((d) => Number(d) % 7)); // 7 and 0 are both Sunday
  const monday = mondayOfIsoWeek(isoWeek);
  for (let i = 0; i < 7; i++) {
    const day = addDays(monday, i);
    const [, month, date] = day.split('-').map(Number) as [number, number, number];
    if (!f.month.includes(month) || !f.dayOfMonth.map(Number).includes(date)) continue;
    if (!weekdays.has((i + 1) % 7)) continue;
    const at = shanghaiInstant(day, Math.min(...f.hour), Math.min(...f.minute));
    return new Date(at.getTime() + Math.min(...f.second) * 1000);
  }
  return null;
}

/** The most recent cut-off at or before `now` (this week's or last week's), with its week. */
export function lastCutOff(cronExpr: string, now: Date): { week: string; at: Date } | null {
  const week = isoWeekOf(now);
  const lastWeek = isoWeekOfDay(addDays(mondayOfIsoWeek(week), -7));
  for (const w of [week, lastWeek]) {
    const at = weekCutOff(cronExpr, w);
    if (at && at <= now) return { week: w, at };
  }
  return null;
}

/** True while the week of `now` has not reached its cut-off (a send now would be early). */
export function isBeforeCutOff(cronExpr: string, now: Date): boolean {
  const at = weekCutOff(cronExpr, isoWeekOf(now));
  return at !== null && now < at;
}
