// Calendar of the campaign in Asia/Shanghai (UTC+8, no daylight saving): ISO weeks, months, and
// when a city team's weekly summary / monthly plan falls due.
const OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The Shanghai calendar date of an instant, as YYYY-MM-DD. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

const utcOf = (day: string) => Date.parse(`${day}T00:00:00Z`);
export const addDays = (day: string, n: number) =>
  new Date(utcOf(day) + n * DAY_MS).toISOString().slice(0, 10);
export const daysBetween = (from: string, to: string) => Math.round((utcOf(to) - utcOf(from)) / DAY_MS);

/** ISO 8601 week of a Shanghai date: 2026-11-27 → 2026-W48. */
export function isoWeekOfDay(day: string): string {
  const d = new Date(utcOf(day));
  const weekday = d.getUTCDay() || 7;
  const thursday = new Date(d.getTime() + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}
export const isoWeekOf = (at: Date) => isoWeekOfDay(shanghaiDate(at));
export const monthOf = (at: Date) => shanghaiDate(at).slice(0, 7);

/** Monday (YYYY-MM-DD) of an ISO week key. */
export function mondayOfIsoWeek(key: string): string {
  const m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (!m) throw new Error(`bad ISO week ${key}`);
  const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4));
  const monday = jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * DAY_MS;
  return new Date(monday + (Number(m[2]) - 1) * 7 * DAY_MS).toISOString().slice(0, 10);
}

/** A Shanghai wall-clock time as an instant. */
export const shanghaiInstant = (day: string, hh: number, mm = 0) =>
  new Date(utcOf(day) + (hh * 60 + mm) * 60_000 - OFFSET_MS);

/** Weekly summary of week W is due on its Friday at 18:00 Shanghai time (before the weekly snapshot). */
export const weekDueAt = (isoWeek: string) => shanghaiInstant(addDays(mondayOfIsoWeek(isoWeek), 4), 18);
/** The monthly plan for month M is due on the 5th of M at 18:00 Shanghai time. */
export const monthDueAt = (month: string) => shanghaiInstant(`${month}-05`, 18);

export const isLastDayOfMonth = (at: Date) => addDays(shanghaiDate(at), 1).endsWith('-01');

/** ISO weeks whose due time lies in [from, until]: the weekly summaries a city should have sent. */
export function weeksDueBetween(fromDay: string, until: Date): string[] {
  const weeks: string[] = [];
  let week = isoWeekOfDay(fromDay);
  for (let i = 0; i < 520; i++) {
    if (weekDueAt(week) > until) break;
    weeks.push(week);
    week = isoWeekOfDay(addDays(mondayOfIsoWeek(week), 7));
  }
  return weeks;
}
