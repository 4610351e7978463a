// Worker thread of a large export: writes the workbooks the main thread opens, from the rows it
// sends, with the same WorksheetWorkbook as an inline export. A workbook's messages are handled
// strictly in order (exceljs's streaming writer is not re-entrant), but one workbook's commit
// (closing its file) does not hold up the rows of the next. Each message gets a reply, with the
// error if any.
import { parentPort } from 'node:worker_threads';
import { WorksheetWorkbook, type DataSheet } from './export-writer.ts';
import type { WriterReply, WriterRequest } from './writer-pool.ts';
import { rowFromCells } from './writer-pool.ts';

const workbooks = new Map<number, WorksheetWorkbook>();
const sheets = new Map<number, DataSheet>();

async function handle(req: WriterRequest): Promise<void> {
  switch (req.op) {
    case 'open':
      workbooks.set(req.workbook, new WorksheetWorkbook({ filename: req.path }, req.info));
      return;
    case 'sheet':
      sheets.set(req.sheet, workbooks.get(req.workbook)!.addSheet(req.name));
      return;
    case 'rows': {
      const sheet = sheets.get(req.sheet)!;
      for (const cells of req.rows) sheet.addRow(rowFromCells(cells));
      return;
    }
    case 'commitSheet':
      await sheets.get(req.sheet)!.commit();
      sheets.delete(req.sheet);
      return;
    case 'commit':
      await workbooks.get(req.workbook)!.commit();
      workbooks.delete(req.workbook);
      return;
  }
}

/** The last queued step of each workbook; a sheet's messages go to its workbook's queue. */
const queues = new Map<number, Promise<void>>();
const sheetWorkbook = new Map<number, number>();

function queueOf(req: WriterRequest): number {
  switch (req.op) {
    case 'open':
    case 'commit':
      return req.workbook;
    case 'sheet':
      sheetWorkbook.set(req.sheet, req.workbook);
      return req.workbook;
    case 'rows':
    case 'commitSheet':
      return sheetWorkbook.get(req.sheet)!;
  }
}

parentPort!.on('message', (req: WriterRequest) => {
  const workbook = queueOf(req);
  if (req.op === 'commitSheet') sheetWorkbook.delete(req.sheet);
  const step = (queues.get(workbook) ?? Promise.resolve()).then(async () => {
    let reply: WriterReply;
    try {
      await handle(req);
      reply = { seq: req.seq };
    } catch (err) {
      reply = { seq: req.seq, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    }
    parentPort!.postMessage(reply);
  });
  queues.set(workbook, step);
  if (req.op === 'commit') void step.then(() => queues.get(workbook) === step && queues.delete(workbook));
});
