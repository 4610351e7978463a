// The in-process runner: executes queued runs one after another in the background, and on start
// resumes runs a previous process left queued or running; then the incremental runs
// (incremental.ts). Closing stops after the page in flight.
// plugins/jobs.ts starts and stops it; POST /runs kicks it through app.jobs (in this process or,
// by NOTIFY, in a worker). With several processes, each run and each increment is executed under
// its own lock: the others skip it, and take it up only if its holder dies (the lock dies with
// its connection).
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db.ts';
import { withLock } from '../../db/coordination.ts';
import { executeIncrement } from './incremental.ts';
import * as iq from './incremental.queries.ts';
import * as q from './queries.ts';
import { executeRun } from './runner.ts';

export interface ValidationRunner {
  /** Resume what a previous process left, then run whatever is queued. */
  start(): void;
  /** Look for queued runs now. */
  kick(): void;
  stop(): Promise<void>;
}

export function createValidationRunner(db: Db, log: FastifyBaseLogger, clock: Clock): ValidationRunner {
  const abort = new AbortController();
  let loop: Promise<void> | null = null;
  let again = false;

  async function drain() {
    do {
      again = false;
      for (const { id } of await q.findRunsToExecute(db.kysely)) {
        if (abort.signal.aborted) return;
        try {
          const held = await withLock(db.coordination, `validation-run:${id}`, async (lost) => {
            // the list was read before the lock: another process may have finished it meanwhile
            const run = await q.findRun(db.kysely, id);
            if (!run || (run.status !== 'queued' && run.status !== 'running')) return undefined;
            return executeRun(db, id, {
              signal: AbortSignal.any([abort.signal, lost]),
              clock,
            });
          });
          if (held?.value !== undefined) log.info({ runId: id, done: held.value }, 'validation run finished');
        } catch (err) {
          log.error({ err, runId: id }, 'validation run failed');
        }
      }
      // then the incremental runs: queued ones, and one a killed process left running (redone)
      for (const { id } of await iq.findIncrementsToExecute(db.kysely)) {
        if (abort.signal.aborted) return;
        try {
          const held = await withLock(db.coordination, `validation-increment:${id}`, async () => {
            // the list was read before the lock: another process may have finished it meanwhile
            const open = await iq.findIncrementsToExecute(db.kysely);
            if (!open.some((r) => r.id === id)) return undefined;
            return executeIncrement(db, id, { clock });
          });
          if (held?.value !== undefined)
            log.info({ incrementId: id, result: held.value }, 'incremental validation finished');
        } catch (err) {
          log.error({ err, incrementId: id }, 'incremental validation failed');
        }
      }
    } while (again && !abort.signal.aborted);
  }

  const kick = () => {
    if (abort.signal.aborted) return;
    if (loop) {
      again = true;
      return;
    }
    loop = drain()
      .catch((err: unknown) => log.error({ err }, 'validation runner stopped'))
      .finally(() => {
        loop = null;
      });
  };
  return {
    start: kick,
    kick,
    async stop() {
      abort.abort();
      await loop;
    },
  };
}
