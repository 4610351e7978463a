// A workbook written on the calling thread, its calls in order: what a small export uses on the
// main thread and what each writer thread of a large one runs (writer-worker.ts). Also the rows'
// and the messages' shapes between the two. Kept apart from writer-pool.ts, which starts the
// threads, so that a writer thread's module graph does not include the code that starts it.
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
 * Workbooks a worker may still be closing before addRows waits: exceljs's streaming writer has no
 * backpressure (rows are taken at once and buffered until zlib and the file catch up), so a
 * commit is the point where a workbook's buffers are known to be gone.
 */
export const MAX_CLOSING = 2;

// Inline, every call on a workbook is queued behind the one before, as a worker would take them,
// so a caller may go on to the next workbook without awaiting a commit; addRows waits while more
// than MAX_CLOSING workbooks are still closing.
export function inlineWriters(): WorkbookWriters {
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

export type RowCells = [string, string, string, string, string, string, string, string, string];

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

export type WriterOp =
  | { op: 'open'; workbook: number; path: string; info: WorkbookInfo }
  | { op: 'sheet'; workbook: number; sheet: number; name: string }
  | { op: 'rows'; sheet: number; rows: RowCells[] }
  | { op: 'commitSheet'; sheet: number }
  | { op: 'commit'; workbook: number };
export type WriterRequest = WriterOp & { seq: number };
export type WriterReply = { seq: number; error?: string };
