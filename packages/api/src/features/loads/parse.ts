// Opens a loaded file as a header and a stream of rows, whatever its format: CSV (UTF-8 with or
// without BOM, or GBK/GB18030 as Excel on a Chinese Windows writes it) or xlsx (first sheet).
// Row numbers are what the user sees in a spreadsheet: the header is row 1.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { open } from 'node:fs/promises';
import Papa from 'papaparse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors.ts';
import { checkXlsxZip, type ZipLimits } from '../worksheets/zip-check.ts';

export type TableRow = { rowNo: number; cells: string[] } | { rowNo: number; malformed: string };

export interface Table {
  format: 'csv' | 'xlsx';
  encoding: string;
  header: string[];
  /** Data rows in file order, in batches (one await per batch keeps a million rows fast). */
  rows: AsyncIterable<TableRow[]>;
  /**
   * Closes the file, read through or not (a load refused on its header or part-way): its
   * descriptor, and for xlsx the reader's temp copies of sheets. Safe to call twice.
   */
  close(): Promise<void>;
}

const BATCH = 2_000;
const QUEUE_HIGH = 10_000;

async function readHead(path: string, bytes = 64 * 1024): Promise<Buffer> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** UTF-8 if the sample decodes as UTF-8 (a multi-byte character cut at the end is allowed), else GB18030 (a superset of GBK). */
export function detectEncoding(sample: Buffer): 'utf-8' | 'gb18030' {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  for (let cut = 0; cut <= Math.min(3, sample.length); cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return 'utf-8';
    } catch {
      // try with the last bytes cut off
    }
  }
  return 'gb18030';
}

/** Unpacked size and entries beyond which an xlsx is refused before exceljs opens it (a zip bomb). */
export const DEFAULT_XLSX_LIMITS: ZipLimits = { maxEntries: 2_000, maxUncompressedBytes: 256 * 2 ** 20 };

export async function openTable(path: string, xlsxLimits: ZipLimits = DEFAULT_XLSX_LIMITS): Promise<Table> {
  const head = await readHead(path);
  if (head.length === 0) throw new AppError('validation_failed', '文件为空 / The file is empty');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) {
    // the worksheets' guard, check only: every entry inflated and counted, nothing written
    await checkXlsxZip(path, null, xlsxLimits);
    return openXlsx(path);
  }
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new AppError(
      'unsupported_file',
      '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV / Old .xls files are not supported: save as .xlsx or CSV',
    );
  }
  if (head.includes(0)) {
    throw new AppError('unsupported_file', '文件不是 CSV 或 xlsx / The file is neither CSV nor xlsx');
  }
  return openCsv(path, detectEncoding(head));
}

async function openCsv(path: string, encoding: 'utf-8' | 'gb18030'): Promise<Table> {
  const source = createReadStream(path, { highWaterMark: 256 * 1024 });
  const decoded: Readable =
    encoding === 'utf-8'
      ? source.setEncoding('utf8')
      : (source.pipe(iconv.decodeStream('gb18030')) as unknown as Readable);
  // The parser's step callback puts good and malformed records into one queue, in file order.
  // The consumer takes the queue in batches (one await per batch, not per row) and the parser
  // is paused while the queue is full, so memory stays bounded whatever the file size.
  const queue: TableRow[] = [];
  let rowNo = 0;
  let width = 0;
  let ended = false;
  let failure: Error | undefined;
  let paused: Papa.Parser | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  Papa.parse<string[]>(decoded, {
    skipEmptyLines: true,
    step: (result, parser) => {
      rowNo++;
      const cells = result.data;
      if (rowNo === 1) width = cells.length;
      const error = result.errors[0];
      if (error) queue.push({ rowNo, malformed: `${error.code}: ${error.message}` });
      else if (rowNo > 1 && cells.length > width) {
        queue.push({ rowNo, malformed: `TooManyFields: ${cells.length} fields, the header has ${width}` });
      } else queue.push({ rowNo, cells });
      if (queue.length >= QUEUE_HIGH) {
        // pausing the parser alone is not enough: papaparse would keep buffering the stream
        parser.pause();
        decoded.pause();
        paused = parser;
      }
      if (queue.length >= BATCH || rowNo === 1) notify();
    },
    complete: () => {
      ended = true;
      notify();
    },
    error: (err: Error) => {
      failure = err;
      notify();
    },
  });
  decoded.on('error', (err) => {
    failure = err;
    notify();
  });

  async function take(): Promise<TableRow[] | null> {
    for (;;) {
      if (failure)
        throw new AppError(
          'validation_failed',
          `无法读取 CSV 文件 / Cannot read the CSV file: ${failure.message}`,
        );
      if (queue.length > 0) {
        const batch = queue.splice(0);
        const p = paused;
        paused = undefined;
        if (p) {
          decoded.resume();
          p.resume();
        }
        return batch;
      }
      if (ended) return null;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  const first = await take();
  const head = first?.shift();
  if (!head || !('cells' in head))
    throw new AppError('validation_failed', '文件没有可读的表头 / The file has no readable header row');
  async function* rows(): AsyncGenerator<TableRow[]> {
    if (first && first.length > 0) yield first;
    for (let batch = await take(); batch; batch = await take()) yield batch;
  }
  const close = async () => {
    source.destroy();
    decoded.destroy();
  };
  return { format: 'csv', encoding, header: head.cells, rows: rows(), close };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return value.result === undefined ? '' : cellText(value.result as ExcelJS.CellValue);
  if ('text' in value) return String(value.text);
  if ('error' in value) return String(value.error);
  return '';
}

async function openXlsx(path: string): Promise<Table> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  async function* sheetRows(): AsyncGenerator<{ rowNo: number; cells: string[] }> {
    for await (const sheet of reader) {
      for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
        if (values.some((v) => v.trim() !== '')) yield { rowNo: row.number, cells: values };
      }
      return; // the first sheet only
    }
  }
  const it = sheetRows();
  let first: IteratorResult<{ rowNo: number; cells: string[] }>;
  try {
    first = await it.next();
  } catch (err) {
    throw new AppError(
      'unsupported_file',
      `无法读取 xlsx 文件 / Cannot read the xlsx file: ${(err as Error).message}`,
    );
  }
  if (first.done) throw new AppError('validation_failed', '文件没有表头 / The file has no header row');
  async function* rows(): AsyncGenerator<TableRow[]> {
    let batch: TableRow[] = [];
    for (let next = await it.next(); !next.done; next = await it.next()) {
      batch.push(next.value);
      if (batch.length >= BATCH) yield batch.splice(0);
    }
    if (batch.length > 0) yield batch;
  }
  // exceljs removes its temp copies of sheets and closes the file when its reader is returned
  const close = async () => void (await it.return(undefined));
  return { format: 'xlsx', encoding: 'xlsx', header: first.value.cells, rows: rows(), close };
}
