// The parallel page loop (PostgreSQL, large runs): page bounds are found here by a cheap
// index-only query, pages are read and checked by worker threads over their own connections —
// and by this thread too, which otherwise mostly waits on its commits — and committed here
// strictly in order, so resume-after-crash works exactly as in the inline loop. Each worker
// thread costs ~130 MB of RSS (its own copy of the modules), so this thread takes a share of the
// pages instead of one more worker.
import { Worker } from 'node:worker_threads';
import { compileRuleSet } from '@qingyuan/rules';
import type { Db } from '../../db.ts';
import type { Region } from '../auth/region.ts';
import { checkPageRows } from './page-check.ts';
import type { PageJob, PageResult } from './page-worker.ts';
import * as q from './queries.ts';
import { commitPage, type RunOptions } from './runner.ts';

interface Init {
  document: unknown;
  today: string;
  url: string;
  divisions: [string, string][];
  runId: number;
  scope: Region;
}

export async function parallelPageLoop(
  db: Db,
  init: Init,
  startAfter: number,
  pageSize: number,
  size: number,
  opts: RunOptions,
): Promise<boolean> {
  const url = new URL('./page-worker.mjs', import.meta.url);
  const workers = Array.from({ length: size }, () => new Worker(url, { workerData: init }));
  const rules = compileRuleSet(init.document, { today: init.today });
  const divisions = new Map(init.divisions);
  // This thread's pages: read over the main pool, checked here.
  const checkHere = async (job: PageJob): Promise<PageResult> => {
    const rows = await q.findCustomerPage(db.kysely, init.scope, job.after, job.limit, job.upTo);
    const { cells, stations } = checkPageRows(rows, rules, divisions, init.runId);
    return {
      seq: job.seq,
      rows: rows.length,
      lastId: job.upTo ?? rows[rows.length - 1]?.id ?? job.after,
      cells,
      stations,
    };
  };
  const slots = size + 1; // the workers, then this thread
  const waiting = new Map<number, { resolve: (r: PageResult) => void; reject: (e: unknown) => void }>();
  const fail = (err: unknown) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  for (const w of workers) {
    w.on('message', (r: PageResult) => {
      const p = waiting.get(r.seq);
      waiting.delete(r.seq);
      if (r.error) p?.reject(new Error(r.error));
      else p?.resolve(r);
    });
    w.on('error', fail);
  }
  let seq = 0;
  let nextAfter: number | undefined = startAfter; // undefined: no more pages to hand out
  const inflight: { after: number; result: Promise<PageResult> }[] = [];
  const dispatch = async () => {
    if (nextAfter === undefined) return;
    const after = nextAfter;
    nextAfter = await q.findPageEnd(db.kysely, init.scope, after, pageSize);
    const job: PageJob = { seq: ++seq, after, limit: pageSize };
    if (nextAfter !== undefined) job.upTo = nextAfter;
    const slot = job.seq % slots;
    let result: Promise<PageResult>;
    if (slot === size) result = checkHere(job);
    else {
      result = new Promise<PageResult>((resolve, reject) => waiting.set(job.seq, { resolve, reject }));
      workers[slot]!.postMessage(job);
    }
    result.catch(() => {}); // awaited in order below; avoid an unhandled rejection meanwhile
    inflight.push({ after, result });
  };
  try {
    for (let i = 0; i < slots * 2; i++) await dispatch();
    let committed = 0;
    while (inflight.length > 0) {
      const { after, result } = inflight.shift()!;
      const page = await result;
      // An empty final page ends the run; an empty bounded page (its customers closed meanwhile) still moves it on.
      if (page.rows === 0 && page.lastId === after) continue;
      if (opts.failAfterPages !== undefined && committed >= opts.failAfterPages)
        throw new Error(`simulated crash after ${committed} pages`);
      if (opts.signal?.aborted) return false;
      await commitPage(db, init.runId, after, page.lastId, page.rows, page.cells, page.stations);
      committed++;
      await dispatch();
    }
    return true;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
