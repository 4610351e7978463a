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
import { Worker } from 'node:worker_threads';
import { WorksheetWorkbook, type DataSheet, type SheetRow, type WorkbookInfo } from './export-writer.ts';

export interface SheetSink {
  /** Resolves when the writer can take more rows. */
  addRows(rows: readonly SheetRow[]): Promise<void>;
  commit(): Promise<void>;
}

export interface WorkbookSink {
  addSheet(name: string): SheetSink;
  commit(): Promise<void>;
}

export interface WorkbookWriters {
  open(path: string, info: WorkbookInfo): WorkbookSink;
  close(): Promise<void>;
}

/**
 * Rows per message to a worker. A message's rows are all made in the worker's heap when it is
 * taken, and live until written: small batches die young, where 5,000-row ones outlived several
 * scavenges each and were copied and promoted (the worker's GC pauses: 2.5 s against 3 s a million).
 */
const BATCH_ROWS = 1_000;
/** Unwritten row batches a worker may hold before addRows waits: 10,000 rows. */
const MAX_BATCHES = 10;
/**
 * Workbooks a worker may still be closing before addRows waits: exceljs's streaming writer has no
 * backpressure (rows are taken at once and buffered until zlib and the file catch up), so a
 * commit is the point where a workbook's buffers are known to be gone.
 */
const MAX_CLOSING = 2;

/** Exports expected to have at least this many rows are written by worker threads. */
export const THREADED_MIN_ROWS = 50_000;

/** Writer threads for an export of about `rows` rows: 0 (inline) for small ones. */
export const defaultWriterThreads = (rows: number) =>
  rows >= THREADED_MIN_ROWS ? Math.max(1, Math.min(availableParallelism() - 1, 4)) : 0;

export function createWriters(threads: number): WorkbookWriters {
  return threads > 0 ? new ThreadedWriters(threads) : inlineWriters();
}

// Inline, every call on a workbook is queued behind the one before, as a worker would take them,
// so a caller may go on to the next workbook without awaiting a commit; addRows waits while more
// than MAX_CLOSING workbooks are still closing.
function inlineWriters(): WorkbookWriters {
  const closing: Promise<void>[] = [];
  return {
    open(path, info) {
      let last: Promise<void> = Promise.resolve();
      const then = (step: () => void | Promise<void>) => {
        last = last.then(step);
        return last;
      };
      let wb: WorksheetWorkbook | undefined;
      void then(() => void (wb = new WorksheetWorkbook({ filename: path }, info)));
      return {
        addSheet(name) {
          let sheet: DataSheet | undefined;
          void then(() => void (sheet = wb!.addSheet(name)));
          return {
            addRows: async (rows) => {
              await then(() => {
                for (const r of rows) sheet!.addRow(r);
              });
              while (closing.length > MAX_CLOSING) await closing.shift();
            },
            commit: () => then(() => sheet!.commit()),
          };
        },
        commit: () => {
          const done = then(() => wb!.commit());
          closing.push(done);
          return done;
        },
      };
    },
    async close() {},
  };
}

// ---------- the threaded writers ----------

type RowCells = [string, string, string, string, string, string, string, string, string];

export const cellsFromRow = (r: SheetRow): RowCells => [
  r.customerNo,
  r.name,
  r.mobile,
  r.landline,
  r.address,
  r.certNo,
  r.station,
  r.findings,
  r.token,
];

export const rowFromCells = (c: RowCells): SheetRow => ({
  customerNo: c[0],
  name: c[1],
  mobile: c[2],
  landline: c[3],
  address: c[4],
  certNo: c[5],
  station: c[6],
  findings: c[7],
  token: c[8],
});

type WriterOp =
  | { op: 'open'; workbook: number; path: string; info: WorkbookInfo }
  | { op: 'sheet'; workbook: number; sheet: number; name: string }
  | { op: 'rows'; sheet: number; rows: RowCells[] }
  | { op: 'commitSheet'; sheet: number }
  | { op: 'commit'; workbook: number };
export type WriterRequest = WriterOp & { seq: number };
export type WriterReply = { seq: number; error?: string };

class WriterThread {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private readonly batches: Promise<void>[] = [];
  private readonly closing: Promise<void>[] = [];
  private seq = 0;

  constructor(private readonly onError: (e: Error) => void) {
    // A writer holds a few batches of rows and exceljs's buffers: a small old generation is
    // plenty, and V8 would otherwise let it grow towards the process's limit before collecting.
    // exceljs allocates ~15 KB of short-lived objects per row: a 48 MB young generation (not 16)
    // halves the scavenges, which cost the thread 5 s per million rows, for ~30 MB more RSS.
    // Under a cap this small V8 lets the old generation grow only ~1.3x after a full collection,
    // so with ~16 MB live it started marking again at once: 60 full collections per million rows.
    // The processes that export run node with --heap-growing-percent=150 (packages/api's scripts).
    this.worker = new Worker(new URL('./writer-worker.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: 96, maxYoungGenerationSizeMb: 48 },
    });
    this.worker.on('message', (r: WriterReply) => {
      const p = this.waiting.get(r.seq);
      this.waiting.delete(r.seq);
      if (r.error) p?.reject(new Error(`工作表写入失败 / Writing the worksheet failed: ${r.error}`));
      else p?.resolve();
    });
    const fail = (e: Error) => {
      this.dead ??= e;
      for (const p of this.waiting.values()) p.reject(e);
      this.waiting.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`writer thread exited (${code})`)));
  }

  /** Set once the thread has failed or exited: later messages would never be answered. */
  private dead: Error | undefined;

  send(req: WriterOp): Promise<void> {
    const seq = ++this.seq;
    const done = this.dead
      ? Promise.reject(this.dead)
      : new Promise<void>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    done.catch(this.onError);
    if (!this.dead) this.worker.postMessage({ ...req, seq });
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
    await this.worker.terminate();
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
