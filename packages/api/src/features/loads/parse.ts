// Opens a loaded file as a header and a stream of rows, whatever its format: CSV (UTF-8 with or
// without BOM, or GBK/GB18030 as Excel on a Chinese Windows writes it) or xlsx (first sheet).
// Row numbers are what the user sees in a spreadsheet: the header is row 1.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, type Options } from 'csv-parse';
import iconv from 'iconv-lite';
import ExcelJS from 'exceljs';
import { AppError } from '../../errors.ts';

export type TableRow = { rowNo: number; cells: string[] } | { rowNo: number; malformed: string };

export interface Table {
  format: 'csv' | 'xlsx';
  encoding: string;
  header: string[];
  rows: AsyncIterable<TableRow>;
}

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

export async function openTable(path: string): Promise<Table> {
  const head = await readHead(path);
  if (head.length === 0) throw new AppError('validation_failed', '文件为空 / The file is empty');
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return openXlsx(path);
  if (head.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) {
    throw new AppError('unsupported_file', '不支持旧版 .xls 文件，请另存为 .xlsx 或 CSV / Old .xls files are not supported: save as .xlsx or CSV');
  }
  if (head.includes(0)) {
    throw new AppError('unsupported_file', '文件不是 CSV 或 xlsx / The file is neither CSV nor xlsx');
  }
  return openCsv(path, detectEncoding(head));
}

async function openCsv(path: string, encoding: 'utf-8' | 'gb18030'): Promise<Table> {
  const source = createReadStream(path);
  const decoded = encoding === 'utf-8' ? source.setEncoding('utf8') : source.pipe(iconv.decodeStream('gb18030'));
  // Good records and skipped (malformed) ones are numbered by the parser itself, in file order:
  // the parser runs ahead of the consumer, so numbering on our side would misplace skipped rows.
  let seq = 0;
  const skipped: { seq: number; message: string }[] = [];
  const parser = decoded.pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_record: (record: string[]) => ({ seq: seq++, cells: record }),
      on_skip: (err: Error | undefined) => {
        skipped.push({ seq: seq++, message: err?.message ?? 'malformed record' });
        return undefined;
      },
      // csv-parse's typings do not allow on_record to change the record type, which it does.
    } as unknown as Options),
  );
  const iterator = parser[Symbol.asyncIterator]() as AsyncIterator<{ seq: number; cells: string[] }>;
  const first = await iterator.next();
  if (first.done || first.value.seq !== 0) throw new AppError('validation_failed', '文件没有可读的表头 / The file has no readable header row');
  // seq 0 is the header (spreadsheet row 1), so a record's row number is seq + 1.
  async function* rows(): AsyncGenerator<TableRow> {
    for (;;) {
      const next = await iterator.next();
      const upTo = next.done ? Infinity : next.value.seq;
      while (skipped.length && skipped[0]!.seq < upTo) {
        const s = skipped.shift()!;
        yield { rowNo: s.seq + 1, malformed: s.message };
      }
      if (next.done) return;
      yield { rowNo: next.value.seq + 1, cells: next.value.cells };
    }
  }
  return { format: 'csv', encoding, header: first.value.cells, rows: rows() };
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
    throw new AppError('unsupported_file', `无法读取 xlsx 文件 / Cannot read the xlsx file: ${(err as Error).message}`);
  }
  if (first.done) throw new AppError('validation_failed', '文件没有表头 / The file has no header row');
  async function* rows(): AsyncGenerator<TableRow> {
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { format: 'xlsx', encoding: 'xlsx', header: first.value.cells, rows: rows() };
}
