// When SMS may go out: a daily window in local time (no messages at night, Asia/Shanghai by
// default), and the exponential backoff between retries. Pure functions of a Date.

export interface SendWindow {
  /** Local hour the window opens (inclusive), 0–24. */
  startHour: number;
  /** Local hour it closes (exclusive); equal to startHour = always open; may wrap past midnight. */
  endHour: number;
  timeZone: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local hour and minute of a moment in a time zone. */
export function localTime(at: Date, timeZone: string): { hour: number; minute: number } {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return { hour: get('hour'), minute: get('minute') };
}

export function isInWindow(at: Date, w: SendWindow): boolean {
  if (w.startHour % 24 === w.endHour % 24) return true;
  const { hour } = localTime(at, w.timeZone);
  return w.startHour < w.endHour
    ? hour >= w.startHour && hour < w.endHour
    : hour >= w.startHour || hour < w.endHour;
}

/** Milliseconds until the window next opens (0 when open now); minute precision is enough. */
export function msUntilOpen(at: Date, w: SendWindow): number {
  if (isInWindow(at, w)) return 0;
  const { hour, minute } = localTime(at, w.timeZone);
  const nowMin = hour * 60 + minute;
  const openMin = (w.startHour % 24) * 60;
  const wait = (openMin - nowMin + 24 * 60) % (24 * 60);
  return wait * 60_000 - at.getUTCSeconds() * 1000 - at.getUTCMilliseconds();
}

/** Retry n (1 = after the first failed attempt) waits base × 2^(n−1), capped at six hours. */
export function backoffMs(attempt: number, baseSeconds: number): number {
  return Math.min(baseSeconds * 1000 * 2 ** Math.max(0, attempt - 1), 6 * 3600_000);
}
