// Worker thread of a large export: writes the workbooks the main thread opens, from the rows it
// sends, through the same inline writers a small export uses on the main thread — which take a
// workbook's calls strictly in order (exceljs's streaming writer is not re-entrant) while one
// workbook's commit (closing its file) does not hold up the rows of the next. Each message gets
// a reply once its call has settled, with the error if any.
import { parentPort } from 'node:worker_threads';
import {
  inlineWriters,
  rowFromCells,
  type SheetSink,
  type WorkbookSink,
  type WriterReply,
  type WriterRequest,
} from './writer-inline.ts';

const writers = inlineWriters();
const workbooks = new Map<number, WorkbookSink>();
const sheets = new Map<number, SheetSink>();

function take<K, V>(map: Map<K, V>, key: K): V {
  const value = map.get(key)!;
  map.delete(key);
  return value;
}

async function handle(req: WriterRequest): Promise<void> {
  switch (req.op) {
    case 'open':
      workbooks.set(req.workbook, writers.open(req.path, req.info));
      return;
    case 'sheet':
      sheets.set(req.sheet, workbooks.get(req.workbook)!.addSheet(req.name));
      return;
    case 'rows':
      return sheets.get(req.sheet)!.addRows(req.rows.map(rowFromCells));
    case 'commitSheet':
      return take(sheets, req.sheet).commit();
    case 'commit':
      return take(workbooks, req.workbook).commit();
  }
}

parentPort!.on('message', (req: WriterRequest) => {
  handle(req).then(
    () => parentPort!.postMessage({ seq: req.seq } satisfies WriterReply),
    (err: unknown) =>
      parentPort!.postMessage({
        seq: req.seq,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      } satisfies WriterReply),
  );
});
