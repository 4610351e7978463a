// The one place that reads the wall clock. Everything else takes "now" from the injected clock
// (`deps.clock`, or a `now: Date` passed down) and hands it to SQL as a parameter, so a test sets
// the date and the hour and the code cannot disagree with it. `clock.unit.test.ts` scans the source
// for wall-clock reads outside this file.
export type Clock = () => Date;

/** The real time, for `server.ts` and the CLI; tests pass their own `Clock`. */
export const systemClock: Clock = () => new Date();

/** A clock that stands still at `at` (tests, and replaying a simulated campaign). */
export const fixedClock =
  (at: Date | string): Clock =>
  () =>
    new Date(typeof at === 'string' ? at : at.getTime());

/** Milliseconds on a monotonic timer, for cache lifetimes: never a date, never a decision. */
export const monotonicMs = (): number => performance.now();

/**
 * Elapsed seconds since the call, for progress lines and cache lifetimes: a monotonic timer,
 * not a date, so it never decides what is due or in which week.
 */
export function stopwatch(): () => number {
  const started = performance.now();
  return () => (performance.now() - started) / 1000;
}
