// The SMS dispatcher: claims due messages from the durable queue (FOR UPDATE SKIP LOCKED, several
// dispatchers may run), commits them as 'sending', hands them to the provider at the configured
// rate inside the daily window, and records each answer. What it guarantees after a crash is
// written down in README.md beside this file.
import type { Kysely } from 'kysely';
import { monotonicMs, type Clock } from '../../clock.ts';
import type { Database } from '../../db/schema.ts';
import { flagUnreachable } from './flags.ts';
import { SmsSendError, type OutgoingSms, type SendAccepted, type SmsProvider } from './provider.ts';
import * as q from './queries.ts';
import { RateLimiter } from './rate-limiter.ts';
import { backoffMs, isInWindow, msUntilOpen, type SendWindow } from './window.ts';

export interface DispatcherOptions {
  /** Messages per second; 0 lifts the limit. */
  ratePerSecond: number;
  window: SendWindow;
  maxAttempts: number;
  retryBaseSeconds: number;
  /** A 'sending' message older than this is reconciled (its dispatcher is presumed dead). */
  leaseSeconds: number;
  batchSize?: number;
  /** Sends in flight at once. */
  concurrency?: number;
  pollMs?: number;
  clock: Clock;
  log?: (message: string, detail?: object) => void;
}

export interface BatchResult {
  claimed: number;
  sent: number;
  retrying: number;
  failed: number;
  /** Outcome unknown (timeout after the request left): left 'sending' for reconciliation. */
  unknown: number;
  /** Why nothing was claimed. */
  idle?: 'empty' | 'window';
}

export interface Totals extends Omit<BatchResult, 'idle'> {
  reconciled: number;
  requeued: number;
}

type Outcome = { ok: SendAccepted } | { error: SmsSendError };

export class SmsDispatcher {
  private readonly limiter: RateLimiter;
  private readonly clock: Clock;
  private readonly state = { stopped: true };
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly provider: SmsProvider,
    private readonly opts: DispatcherOptions,
  ) {
    this.limiter = new RateLimiter(opts.ratePerSecond);
    this.clock = opts.clock;
  }

  private get batchSize() {
    const max = this.opts.batchSize ?? 500;
    // at a low rate, claim about one second's worth: fewer messages wait in 'sending' if we die
    return this.opts.ratePerSecond > 0 ? Math.max(1, Math.min(max, Math.ceil(this.opts.ratePerSecond))) : max;
  }

  /** Claims one batch and sends it. */
  async dispatchBatch(): Promise<BatchResult> {
    const empty = { claimed: 0, sent: 0, retrying: 0, failed: 0, unknown: 0 };
    if (!isInWindow(this.clock(), this.opts.window)) return { ...empty, idle: 'window' };
    const claimed = await q.claimDueMessages(this.db, this.clock(), this.batchSize);
    if (claimed.length === 0) return { ...empty, idle: 'empty' };
    const outcomes = await this.sendAll(claimed);
    return this.record(claimed, outcomes);
  }

  private async sendAll(claimed: q.ClaimedMessage[]): Promise<Outcome[]> {
    const outcomes: Outcome[] = new Array(claimed.length);
    let next = 0;
    const worker = async () => {
      while (next < claimed.length) {
        const i = next++;
        const m = claimed[i]!;
        await this.limiter.take();
        try {
          outcomes[i] = { ok: await this.provider.send(toOutgoing(m)) };
        } catch (err) {
          outcomes[i] = {
            error:
              err instanceof SmsSendError ? err : new SmsSendError('unknown', 'provider_error', String(err)),
          };
        }
      }
    };
    const n = Math.min(claimed.length, this.opts.concurrency ?? 16);
    await Promise.all(Array.from({ length: n }, worker));
    return outcomes;
  }

  private async record(claimed: q.ClaimedMessage[], outcomes: Outcome[]): Promise<BatchResult> {
    const now = this.clock();
    const sent: { id: number; sid: string }[] = [];
    const retry: { id: number; code: string; message: string; nextAttemptAt: Date }[] = [];
    const failed: { id: number; code: string; message: string }[] = [];
    let unknown = 0;
    claimed.forEach((m, i) => {
      const o = outcomes[i]!;
      if ('ok' in o) return void sent.push({ id: m.id, sid: o.ok.sid });
      const { kind, code, message } = o.error;
      if (kind === 'unknown') {
        unknown++;
        this.opts.log?.('sms outcome unknown; left for reconciliation', { id: m.id, code, message });
      } else if (kind === 'transient' && m.attempts < this.opts.maxAttempts) {
        const nextAttemptAt = new Date(now.getTime() + backoffMs(m.attempts, this.opts.retryBaseSeconds));
        retry.push({ id: m.id, code, message, nextAttemptAt });
      } else failed.push({ id: m.id, code, message });
    });
    await q.markSent(this.db, this.provider.name, sent, now);
    await q.requeueForRetry(this.db, retry, now);
    if (failed.length > 0)
      await this.db
        .transaction()
        .execute(async (trx) => flagUnreachable(trx, await q.markFailed(trx, failed, now), now));
    return {
      claimed: claimed.length,
      sent: sent.length,
      retrying: retry.length,
      failed: failed.length,
      unknown,
    };
  }

  /**
   * Messages left 'sending' by a dispatcher that died: asks the provider whether each was
   * accepted (by our key for the outbox; by number, text and time for Twilio). Accepted → 'sent'
   * with its sid; not there → queued again. A provider that cannot answer leaves it for later.
   */
  async reconcileStale(): Promise<{ reconciled: number; requeued: number }> {
    const now = this.clock();
    const olderThan = new Date(now.getTime() - this.opts.leaseSeconds * 1000);
    let reconciled = 0;
    let requeued = 0;
    for (;;) {
      const stale = await q.claimStaleSending(this.db, now, olderThan, 200);
      if (stale.length === 0) break;
      const found: { id: number; sid: string }[] = [];
      const missing: number[] = [];
      for (const m of stale) {
        try {
          const hit = await this.provider.lookup({ ...toOutgoing(m), claimedAt: m.previous_claim });
          if (hit) found.push({ id: m.id, sid: hit.sid });
          else missing.push(m.id);
        } catch (err) {
          this.opts.log?.('sms lookup failed; will ask again after the lease', {
            id: m.id,
            err: String(err),
          });
        }
      }
      await q.markSent(this.db, this.provider.name, found, now);
      await q.requeueUnsent(this.db, missing, now);
      await q.insertEvents(
        this.db,
        [
          ...found.map((f) => ({
            kind: 'reconciled' as const,
            messageId: f.id,
            sid: f.sid,
            detail: { found: true },
          })),
          ...missing.map((id) => ({
            kind: 'requeued' as const,
            messageId: id,
            sid: null,
            detail: { found: false },
          })),
        ],
        now,
      );
      reconciled += found.length;
      requeued += missing.length;
      if (stale.length < 200) break;
    }
    return { reconciled, requeued };
  }

  /** Reconciles, then sends until nothing is due (the CLI's --until-empty; tests; the bench). */
  async runUntilIdle(onBatch?: (r: BatchResult, totals: Totals) => void): Promise<Totals & { idle: string }> {
    const totals: Totals = {
      claimed: 0,
      sent: 0,
      retrying: 0,
      failed: 0,
      unknown: 0,
      ...(await this.reconcileStale()),
    };
    for (;;) {
      const r = await this.dispatchBatch();
      if (r.idle) return { ...totals, idle: r.idle };
      for (const k of ['claimed', 'sent', 'retrying', 'failed', 'unknown'] as const) totals[k] += r[k];
      onBatch?.(r, totals);
    }
  }

  /** Runs in the background until stop(): the in-process dispatcher of the server. */
  start(): void {
    if (this.loop) return;
    this.state.stopped = false;
    const pollMs = this.opts.pollMs ?? 1000;
    this.loop = (async () => {
      // a cadence, not a decision: the monotonic timer, so a test clock standing still cannot stop it
      let lastReconcile = -Infinity;
      while (!this.state.stopped) {
        let waitMs = 0;
        try {
          if (monotonicMs() - lastReconcile > Math.max(1000, (this.opts.leaseSeconds * 1000) / 4)) {
            lastReconcile = monotonicMs();
            await this.reconcileStale();
          }
          const r = await this.dispatchBatch();
          if (r.idle === 'window')
            waitMs = Math.min(60_000, Math.max(pollMs, msUntilOpen(this.clock(), this.opts.window)));
          else if (r.idle) waitMs = pollMs;
        } catch (err) {
          this.opts.log?.('sms dispatcher error', { err: String(err) });
          waitMs = pollMs;
        }
        if (waitMs > 0 && !this.state.stopped)
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, waitMs);
            this.wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
      }
    })();
  }

  /** Finishes the batch in hand (its answers are recorded), then stops. */
  async stop(): Promise<void> {
    this.state.stopped = true;
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }
}

function toOutgoing(m: q.ClaimedMessage): OutgoingSms {
  return {
    messageId: m.id,
    to: m.to_number,
    body: m.body,
    idempotencyKey: m.idempotency_key,
    attempt: m.attempts,
    claimedAt: m.claimed_at,
  };
}
