// The PostgreSQL page loop: the run's customers come as COPY (… order by id) TO STDOUT from the
// last committed page on, one statement per segment of ids (so none runs long enough to meet the
// statement timeout, whatever the province's size), cut here into pages of whole lines; each page is checked by a
// worker thread or by this thread (page-text.ts: COPY text in, findings as COPY text out, no row
// objects) and committed here strictly in order with the run's progress, so a crash loses at most
// the pages in flight and the next execution resumes after the last committed one. A query per
// segment of ~500k ids instead of a keyset page query per page. Each worker thread
// costs its own copy of the modules in RSS, so this thread takes a share of the pages too.
import type { Worker } from 'node:worker_threads';
import { compileRuleSet } from '@qingyuan/rules';
import { startWorker } from '../../bundled-worker.ts';
import type { Db } from '../../db.ts';
import type { Region } from '../auth/region.ts';
import { checkPageBytes, PageCutter, type CheckedPage, type CutPage } from './page-text.ts';
import type { PageInit, PageJob, PageResult, PageWorkerReady } from './page-worker.ts';
import * as q from './queries.ts';
import { commitPage, type RunOptions } from './runner.ts';

const PAGE_WORKER = new URL('./page-worker.ts', import.meta.url);
/** The page worker through tsx, should it not be bundled. */
const PAGE_WORKER_LOADER = new URL('./page-worker.mjs', import.meta.url);

/** Pages a worker holds at most (being checked, and waiting): more are checked by this thread. */
const QUEUED = 2;

/** Ids per COPY statement: a few seconds of reading and checking each. */
const SEGMENT_IDS = 500_000;

interface Page {
  after: number;
  lastId: number;
  rows: number;
  result: Promise<CheckedPage>;
}

export async function copyPageLoop(
  db: Db,
  init: PageInit & { scope: Region },
  startAfter: number,
  pageSize: number,
  threads: number,
  opts: RunOptions,
): Promise<boolean> {
  const copyOut = db.copyOutBytes!.bind(db);
  const { scope, ...workerInit } = init;
  const rules = compileRuleSet(init.document, { today: init.today });
  const divisions = new Map(init.divisions);
  const waiting = new Map<number, { resolve: (r: CheckedPage) => void; reject: (e: unknown) => void }>();
  const fail = (err: unknown) => {
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  // A page goes to the least busy worker that has started and holds fewer than QUEUED pages;
  // otherwise this thread checks it. The workers start while this thread already reads and
  // checks (a worker is bundled, then loads the rules: ~0.5 s), so none is waited for.
  const workers: (Worker | undefined)[] = Array.from({ length: threads }, () => undefined);
  const ready = workers.map(() => false);
  const queued = workers.map(() => 0);
  let ended = false;
  const start = async (i: number) => {
    const w = await startWorker(PAGE_WORKER, PAGE_WORKER_LOADER, { workerData: workerInit });
    if (ended) return void (await w.terminate());
    workers[i] = w;
    // a worker's first message says it is ready
    const first = new Promise((resolve, reject) => w.once('message', resolve).once('error', reject));
    w.on('message', (r: PageResult | PageWorkerReady) => {
      if ('ready' in r) {
        ready[i] = true;
        return;
      }
      queued[i]!--;
      const p = waiting.get(r.seq);
      waiting.delete(r.seq);
      if (r.error) p?.reject(new Error(r.error));
      else p?.resolve(r);
    });
    w.on('error', (err) => {
      ready[i] = false; // no more pages to a thread that has died
      fail(err);
    });
    await first;
  };
  const started = Promise.all(workers.map((_, i) => start(i)));
  started.catch(() => {}); // awaited only with waitForWorkers; a worker's error fails its pages
  const slots = threads + 1; // the workers, then this thread
  let seq = 0;
  const check = (bytes: Buffer): Promise<CheckedPage> => {
    const n = ++seq;
    let slot = -1;
    for (let i = 0; i < threads; i++)
      if (ready[i] && queued[i]! < QUEUED && (slot < 0 || queued[i]! < queued[slot]!)) slot = i;
    if (slot < 0) {
      try {
        return Promise.resolve(checkPageBytes(bytes, rules, divisions, init.runId));
      } catch (err) {
        return Promise.reject(err);
      }
    }
    const result = new Promise<CheckedPage>((resolve, reject) => waiting.set(n, { resolve, reject }));
    queued[slot]!++;
    workers[slot]!.postMessage({ seq: n, bytes } satisfies PageJob, [bytes.buffer as ArrayBuffer]);
    return result;
  };
  const inflight: Page[] = [];
  let committed = 0;
  // false: stopped before committing (the signal, or the crash hook)
  const commitOldest = async (): Promise<boolean> => {
    const page = inflight.shift()!;
    const checked = await page.result;
    if (opts.failAfterPages !== undefined && committed >= opts.failAfterPages)
      throw new Error(`simulated crash after ${committed} pages`);
    if (opts.signal?.aborted) return false;
    await commitPage(db, init.runId, page.after, page.lastId, page.rows, checked, (bulk) =>
      bulk.writeText('findings', q.FINDING_COLUMNS, checked.findings),
    );
    committed++;
    return true;
  };
  try {
    const cutter = new PageCutter(pageSize);
    let after = startAfter;
    const add = (page: CutPage) => {
      const result = check(page.bytes);
      result.catch(() => {}); // awaited in order below; avoid an unhandled rejection meanwhile
      inflight.push({ after, lastId: page.lastId, rows: page.rows, result });
      after = page.lastId;
    };
    const maxId = await q.findMaxCustomerId(db.kysely);
    if (opts.waitForWorkers) await started;
    const span = opts.segmentIds ?? SEGMENT_IDS;
    // a segment ends on a whole line: the cutter carries a page across segments unchanged
    for (let from = startAfter; from < maxId; from += span) {
      const segment = q.customersInRangeQuery(db.kysely, scope, from, Math.min(from + span, maxId));
      for await (const chunk of copyOut(segment.compile())) {
        for (const page of cutter.push(chunk)) {
          add(page);
          // pages ahead of the commits: enough to keep every thread busy, bounded in memory
          while (inflight.length >= slots * 2) if (!(await commitOldest())) return false;
        }
      }
    }
    const last = cutter.end();
    if (last) add(last);
    while (inflight.length > 0) if (!(await commitOldest())) return false;
    return true;
  } finally {
    ended = true;
    fail(new Error('page loop ended'));
    await Promise.all(workers.map((w) => w?.terminate()));
  }
}
