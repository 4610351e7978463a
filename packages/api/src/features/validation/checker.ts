// Runs the per-record checks of a page: inline (tests, small runs, PGlite) or in a pool of
// worker threads so the checks use the other cores while the main thread reads and writes.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { compileRuleSet, type CompiledRuleSet, type CustomerRecord, type Finding } from '@qingyuan/rules';
import { startWorker } from '../../bundled-worker.ts';

export interface Checker {
  check(records: CustomerRecord[]): Promise<Finding[][]>;
  close(): Promise<void>;
}

export function inlineChecker(rules: CompiledRuleSet): Checker {
  return {
    check: async (records) => records.map((r) => rules.check(r)),
    close: async () => {},
  };
}

/** Default pool size: the cores we have, at most 4, none for small runs (thread start-up costs more). */
export const defaultWorkers = (rows: number) => (rows >= 100_000 ? Math.min(4, availableParallelism()) : 0);

interface Pending {
  resolve: (f: Finding[][]) => void;
  reject: (e: unknown) => void;
}

const CHECK_WORKER = new URL('./check-worker.ts', import.meta.url);
/** The check worker through tsx, should it not be bundled. */
const CHECK_WORKER_LOADER = new URL('./check-worker.mjs', import.meta.url);

export function workerPoolChecker(document: unknown, today: string, size: number): Checker {
  // Compile here too, so a bad document fails before any thread starts.
  compileRuleSet(document, { today });
  const pending = new Map<number, Pending>();
  let seq = 0;
  let failure: unknown;
  // started from the worker's bundle (bundled-worker.ts); the first pages wait for it
  const workers = Array.from({ length: size }, async () => {
    const w = await startWorker(CHECK_WORKER, CHECK_WORKER_LOADER, { workerData: { document, today } });
    w.on('message', (m: { id: number; findings?: Finding[][]; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!p) return;
      if (m.findings) p.resolve(m.findings);
      else p.reject(new Error(m.error ?? 'worker failed'));
    });
    w.on('error', (err) => {
      failure = err;
      for (const p of pending.values()) p.reject(err);
      pending.clear();
    });
    return w;
  });
  for (const w of workers) w.catch(() => {}); // a thread that fails to start fails the pages sent to it
  const send = async (worker: Promise<Worker>, records: CustomerRecord[]) => {
    const w = await worker;
    return new Promise<Finding[][]>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = ++seq;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, records });
    });
  };
  return {
    async check(records) {
      const chunk = Math.ceil(records.length / workers.length);
      const parts = await Promise.all(
        workers.map((w, i) => send(w, records.slice(i * chunk, (i + 1) * chunk))),
      );
      return parts.flat();
    },
    async close() {
      await Promise.all(workers.map(async (w) => (await w.catch(() => undefined))?.terminate()));
    },
  };
}
