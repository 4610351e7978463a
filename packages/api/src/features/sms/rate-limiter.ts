// A token bucket: at most `perSecond` sends per second on average, bursts of up to one second's
// worth. perSecond = 0 lifts the limit. Paced by the monotonic timer: a rate, not a date.
import { monotonicMs } from '../../clock.ts';

export class RateLimiter {
  private tokens: number;
  private last = monotonicMs();

  constructor(private readonly perSecond: number) {
    this.tokens = Math.min(1, perSecond);
  }

  /** Waits until one send may go. */
  async take(signal?: { stopped: boolean }): Promise<void> {
    if (this.perSecond <= 0) return;
    for (;;) {
      const now = monotonicMs();
      this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      if (signal?.stopped) return;
      await new Promise((r) => setTimeout(r, Math.ceil(((1 - this.tokens) / this.perSecond) * 1000)));
    }
  }
}
