// Entry-gate counters per day × station × channel × business type. Counted in memory and flushed every second
// (and on close), so a call does not wait for a write: at most the last second is lost in a crash.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { addEntryGateCounts, type GateCount } from './queries.ts';

export interface GateCounter {
  add(
    day: string,
    station: string,
    channel: string,
    businessType: string,
    records: number,
    withError: number,
  ): void;
  flush(): Promise<void>;
  close(): Promise<void>;
}

export function startGateCounter(
  db: Kysely<Database>,
  log: FastifyBaseLogger,
  intervalMs = 1_000,
): GateCounter {
  let pending = new Map<string, GateCount>();
  let flushing: Promise<void> = Promise.resolve();
  const flush = () => {
    flushing = flushing.then(async () => {
      if (pending.size === 0) return;
      const batch = [...pending.values()];
      pending = new Map();
      try {
        await addEntryGateCounts(db, batch);
      } catch (err) {
        log.error({ err }, 'entry gate counts not saved');
      }
    });
    return flushing;
  };
  const timer = setInterval(() => void flush(), intervalMs);
  timer.unref();
  return {
    add(day, station, channel, businessType, records, withError) {
      const key = `${day}\u0000${station}\u0000${channel}\u0000${businessType}`;
      const c = pending.get(key);
      if (c) {
        c.records += records;
        c.withError += withError;
      } else pending.set(key, { day, station, channel, businessType, records, withError });
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
