// The in-process runner: executes queued runs one after another in the background, and on start
// resumes runs a previous process left queued or running; then the incremental runs (incremental.ts). Closing stops after the page in flight.
// plugins/jobs.ts starts and stops it; POST /runs kicks it through app.jobs.
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db.ts';
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

export function createValidationRunner(
  db: Db,
  log: FastifyBaseLogger,
  clock: Clock,
  databaseUrl?: string,
): ValidationRunner {
  const abort = new AbortController();
  let loop: Promise<void> | null = null;
  let again = false;

  async function drain() {
    do {
      again = false;
      for (const { id } of await q.findRunsToExecute(db.kysely)) {
        if (abort.signal.aborted) return;
        try {
          const done = await executeRun(db, id, {
            signal: abort.signal,
            clock,
            ...(databaseUrl ? { databaseUrl } : {}),
          });
          log.info({ runId: id, done }, 'validation run finished');
        } catch (err) {
          log.error({ err, runId: id }, 'validation run failed');
        }
      }
      // then the incremental runs: queued ones, and one a killed process left running (redone)
      for (const { id } of await iq.findIncrementsToExecute(db.kysely)) {
        if (abort.signal.aborted) return;
        try {
          const result = await executeIncrement(db, id, { clock });
          log.info({ incrementId: id, result }, 'incremental validation finished');
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
