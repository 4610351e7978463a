// Where the export's workbooks are written: inline on this thread (small exports), or by worker
// threads (large ones), so exceljs's XML and zip work runs on another core while this thread
// reads the database, builds the rows and signs the tokens. Same WorksheetWorkbook either way,
// so the files are identical.
//
// Threaded: each workbook is written by one worker (round robin), its messages in order. A batch
// of rows is acknowledged once written; addRows waits while a worker has more than MAX_BATCHES
// unwritten batches, so memory stays bounded however fast the database is. The first error of
// any worker fails every later call and the commits.
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../../bundled-worker.ts';
import type { WorkbookInfo } from './export-writer.ts';
import {
  cellsFromRow,
  inlineWriters,
  MAX_CLOSING,
  type RowCells,
  type WorkbookSink,
  type WorkbookWriters,
  type WriterOp,
  type WriterReply,
} from './writer-inline.ts';

export type { SheetSink, WorkbookSink, WorkbookWriters } from './writer-inline.ts';

/**
 * Rows per message to a worker. A message's rows are all made in the worker's heap when it is
 * taken, and live until written: small batches die young, where 5,000-row ones outlived several
 * scavenges each and were copied and promoted (the worker's GC pauses: 2.5 s against 3 s a million).
 */
const BATCH_ROWS = 1_000;
/** Unwritten row batches a worker may hold before addRows waits: 10,000 rows. */
const MAX_BATCHES = 10;
/** Exports expected to have at least this many rows are written by worker threads. */
export const THREADED_MIN_ROWS = 50_000;

/** Writer threads for an export of about `rows` rows: 0 (inline) for small ones. */
export const defaultWriterThreads = (rows: number) =>
  rows >= THREADED_MIN_ROWS ? Math.max(1, Math.min(availableParallelism() - 1, 4)) : 0;

export function createWriters(threads: number): WorkbookWriters {
  return threads > 0 ? new ThreadedWriters(threads) : inlineWriters();
}

// ---------- the threaded writers ----------

const WRITER_WORKER = new URL('./writer-worker.ts', import.meta.url);
/** The writer worker through tsx, should it not be bundled. */
const WRITER_WORKER_LOADER = new URL('./writer-worker.mjs', import.meta.url);

class WriterThread {
  /** The thread, once started (from its bundle: bundled-worker.ts); messages wait for it in order. */
  private readonly worker: Promise<Worker | undefined>;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private readonly batches: Promise<void>[] = [];
  private readonly closing: Promise<void>[] = [];
  private seq = 0;

  constructor(private readonly onError: (e: Error) => void) {
    const fail = (e: Error) => {
      this.dead ??= e;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    // A writer holds a few batches of rows and exceljs's buffers: a small old generation is
    // plenty, and V8 would otherwise let it grow towards the process's limit before collecting.
    // exceljs allocates ~15 KB of short-lived objects per row: a 48 MB young generation (not 16)
    // halves the scavenges, which cost the thread 5 s per million rows, for ~30 MB more RSS.
    // Under a cap this small V8 lets the old generation grow only ~1.3x after a full collection,
    // so with ~16 MB live it started marking again at once: 60 full collections per million rows.
    // The processes that export run node with --heap-growing-percent=150 (packages/api's scripts).
    this.worker = startWorker(WRITER_WORKER, WRITER_WORKER_LOADER, {
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 48 },
    }).then(
      (worker) => {
        worker.on('message', (r: WriterReply) => {
          const p = this.waiting.get(r.seq);
          this.waiting.delete(r.seq);
          if (r.error) p?.reject(new Error(`工作表写入失败 / Writing the worksheet failed: ${r.error}`));
          else p?.resolve();
        });
        worker.on('error', fail);
        worker.on('exit', (code) => fail(new Error(`writer thread exited (${code})`)));
        return worker;
      },
      (err: unknown) => {
        fail(err instanceof Error ? err : new Error(String(err)));
        return undefined;
      },
    );
  }

  /** Set once the thread has failed or exited: later messages would never be answered. */
  private dead: Error | undefined;

  send(req: WriterOp): Promise<void> {
    const seq = ++this.seq;
    const done = this.dead
      ? Promise.reject(this.dead)
      : new Promise<void>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    done.catch(this.onError);
    if (!this.dead) void this.worker.then((w) => w?.postMessage({ ...req, seq }));
    return done;
  }

  async sendRows(sheet: number, rows: RowCells[]): Promise<void> {
    for (let i = 0; i < rows.length; i += BATCH_ROWS) {
      this.batches.push(this.send({ op: 'rows', sheet, rows: rows.slice(i, i + BATCH_ROWS) }));
    }
    while (this.batches.length > MAX_BATCHES) await this.batches.shift();
    while (this.closing.length > MAX_CLOSING) await this.closing.shift();
  }

  commitWorkbook(workbook: number): Promise<void> {
    const done = this.send({ op: 'commit', workbook });
    this.closing.push(done);
    return done;
  }

  async terminate() {
    await (await this.worker)?.terminate();
  }
}

class ThreadedWriters implements WorkbookWriters {
  private readonly threads: WriterThread[];
  private ids = 0;
  private workbooks = 0;
  private error: Error | undefined;

  constructor(size: number) {
    this.threads = Array.from({ length: size }, () => new WriterThread((e) => void (this.error ??= e)));
  }

  private check() {
    if (this.error) throw this.error;
  }

  open(path: string, info: WorkbookInfo): WorkbookSink {
    this.check();
    const thread = this.threads[this.workbooks++ % this.threads.length]!;
    const workbook = ++this.ids;
    void thread.send({ op: 'open', workbook, path, info });
    return {
      addSheet: (name) => {
        this.check();
        const sheet = ++this.ids;
        void thread.send({ op: 'sheet', workbook, sheet, name });
        return {
          addRows: async (rows) => {
            this.check();
            await thread.sendRows(sheet, rows.map(cellsFromRow));
            this.check();
          },
          commit: async () => {
            await thread.send({ op: 'commitSheet', sheet });
            this.check();
          },
        };
      },
      commit: async () => {
        await thread.commitWorkbook(workbook);
        this.check(); // an earlier batch of this worker failed: the file is not whole
      },
    };
  }

  async close() {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}
