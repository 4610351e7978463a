// Streams the rows of an uploaded worksheet (exceljs WorkbookReader) in batches. Sheets are
// recognised by their header row, not their name, so a renamed sheet still imports; a sheet
// that looks like ours but lacks a column is refused, naming the missing columns.
import ExcelJS from 'exceljs';
import { AppError } from '../../errors.ts';
import { readCell, type ReadCell } from './cells.ts';
import { COLUMNS, REQUIRED_KEYS, TEMPLATE_VERSION, VERSION_LABEL, type ColumnKey } from './template.ts';

export interface ParsedRow {
  sheet: string;
  rowNo: number;
  cells: Map<ColumnKey, ReadCell>;
}

export interface ReadMeta {
  version: string | null;
  dataSheets: number;
  rows: number;
}

const norm = (s: string) => s.replace(/\s+/g, '');
const byHeader = new Map(COLUMNS.map((c) => [norm(c.header), c.key]));

export async function* readUpload(
  path: string,
  opts: { maxRows: number; batchSize?: number },
  meta: ReadMeta,
): AsyncGenerator<ParsedRow[]> {
  const batchSize = opts.batchSize ?? 2_000;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  let batch: ParsedRow[] = [];
  try {
    for await (const sheet of reader) {
      const name = (sheet as unknown as { name: string }).name;
      let columns: Map<number, ColumnKey> | null | undefined; // undefined: header not seen yet
      for await (const row of sheet) {
        const values = row.values as unknown[];
        if (columns === undefined) {
          const texts = values.map((v) => {
            const c = readCell(v);
            return c.kind === 'text' ? norm(c.text) : '';
          });
          const versionAt = texts.indexOf(VERSION_LABEL);
          if (versionAt >= 0) {
            meta.version = texts[versionAt + 1] ?? '';
            checkVersion(meta.version);
          }
          columns = headerColumns(texts, name);
          if (columns === null && versionAt < 0 && texts.some(Boolean)) columns = undefined;
          if (columns) meta.dataSheets++;
          continue;
        }
        if (columns === null) {
          // instructions or a sheet of the user's own: only the version marker matters
          const texts = values.map((v) => {
            const c = readCell(v);
            return c.kind === 'text' ? norm(c.text) : '';
          });
          const at = texts.indexOf(VERSION_LABEL);
          if (at >= 0) {
            meta.version = texts[at + 1] ?? '';
            checkVersion(meta.version);
          }
          continue;
        }
        const cells = new Map<ColumnKey, ReadCell>();
        let hasValue = false;
        for (const [col, key] of columns) {
          const cell = readCell(values[col]);
          if (cell.kind !== 'empty') hasValue = true;
          cells.set(key, cell);
        }
        if (!hasValue) continue;
        if (++meta.rows > opts.maxRows)
          throw new AppError(
            'payload_too_large',
            `文件行数超过上限 ${opts.maxRows} 行，请按供电所拆分后分批上传 / More than ${opts.maxRows} rows: split the file and upload in parts`,
          );
        batch.push({ sheet: name, rowNo: row.number, cells });
        if (batch.length >= batchSize) {
          yield batch;
          batch = [];
        }
      }
    }
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError(
      'unsupported_file',
      `无法读取工作簿内容，请在 Excel 或 WPS 中重新保存为 xlsx 后上传 / The workbook could not be read (${(err as Error).message})`,
    );
  }
  if (batch.length) yield batch;
  if (meta.dataSheets === 0)
    throw new AppError(
      'validation_failed',
      '文件中没有核实表（找不到“户号”“核实结果”“校验码”等表头），请上传从本系统导出的核实表 / No worksheet found: the header row with 户号, 核实结果 and 校验码 is missing',
    );
  if (meta.version === null)
    throw new AppError(
      'validation_failed',
      `缺少“填写说明”页中的模板版本（应为 ${TEMPLATE_VERSION}），请使用本系统最新导出的核实表 / The template version marker is missing (expected ${TEMPLATE_VERSION})`,
    );
}

function checkVersion(version: string) {
  if (version !== TEMPLATE_VERSION)
    throw new AppError(
      'validation_failed',
      `核实表模板版本为“${version || '空'}”，当前系统要求 ${TEMPLATE_VERSION}，请重新导出后填写 / Template version ${version || '(empty)'} does not match ${TEMPLATE_VERSION}: export a new worksheet`,
    );
}

/** Column positions of a header row; null when it is not a worksheet header at all. */
function headerColumns(texts: string[], sheet: string): Map<number, ColumnKey> | null {
  const found = new Map<number, ColumnKey>();
  texts.forEach((t, i) => {
    const key = byHeader.get(t);
    if (key && ![...found.values()].includes(key)) found.set(i, key);
  });
  const keys = new Set(found.values());
  const looksLikeOurs = keys.has('token') || (keys.has('result') && keys.has('customerNo'));
  if (!looksLikeOurs) return null;
  const missing = REQUIRED_KEYS.filter((k) => !keys.has(k)).map((k) => COLUMNS.find((c) => c.key === k)!);
  if (missing.length)
    throw new AppError(
      'validation_failed',
      `工作表“${sheet}”缺少列：${missing.map((c) => c.header).join('、')}。请勿删除或改名表头 / Sheet "${sheet}" is missing columns: ${missing.map((c) => c.en).join(', ')}`,
    );
  return found;
}
