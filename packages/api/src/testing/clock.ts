// The tests' time: never today's date, the machine's time zone or the hour. TEST_EPOCH is a
// Monday, 10:00 in Beijing (inside the SMS window); a test that needs another moment sets it.
import { monotonicMs, type Clock } from '../clock.ts';

export const TEST_EPOCH = new Date('2026-11-30T02:00:00.000Z');

export interface TestClock extends Clock {
  /** Jump to this instant (the clock keeps ticking from there if it ticks). */
  set(at: Date | string): void;
  advance(ms: number): void;
}

/**
 * A clock that starts at `start` and, if `ticking` (the default), moves on with real elapsed time,
 * so the order of events within a test is kept; `ticking: false` stands still until told.
 */
export function testClock(start: Date | string = TEST_EPOCH, opts: { ticking?: boolean } = {}): TestClock {
  const ticking = opts.ticking ?? true;
  let base = new Date(start).getTime();
  let since = monotonicMs();
  const clock = (() => new Date(base + (ticking ? Math.floor(monotonicMs() - since) : 0))) as TestClock;
  clock.set = (at) => {
    base = new Date(at).getTime();
    since = monotonicMs();
  };
  clock.advance = (ms) => {
    base += ms;
  };
  return clock;
}
