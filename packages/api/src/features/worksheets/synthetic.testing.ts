// Synthetic worksheets for benches and large tests, written with the streaming writer so a
// hundred thousand rows cost little memory: a bare reference workbook (no styles, no validation)
// of the generator's customers and a filled-in upload in the real template.
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { COLUMNS, INSTRUCTIONS_SHEET, TEMPLATE_VERSION, VERSION_LABEL, type ColumnKey } from './template.ts';

/**
 * The reference for the export bench: the given rows × the template's columns, nothing else (no
 * styles, no validation, no protection). Returns the number of rows written.
 */
export async function writeBareWorkbook(
  path: string,
  rows: Iterable<readonly (string | null)[]>,
): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(COLUMNS.map((c) => c.header)).commit();
  let n = 0;
  for (const row of rows) {
    ws.addRow(row as (string | null)[]).commit();
    n++;
  }
  ws.commit();
  await wb.commit();
  return n;
}

/**
 * The rows an export of every customer in the generator's files writes, as bare cells in template
 * order: the customer's values, the station's name, no findings (the bench runs no validation
 * first), empty input columns and a check code of the export's shape; null where the export
 * writes no cell (empty values). Read from the files' text,
 * one line at a time, so the reference holds no million-row array.
 */
export function* customerFileRows(customersCsv: string, orgUnitsCsv: string): Generator<(string | null)[]> {
  const [orgHeader, ...orgLines] = orgUnitsCsv.split('\n');
  const [code, label] = ['code', 'name'].map((h) => orgHeader!.split(',').indexOf(h)) as [number, number];
  const stationName = new Map<string, string>();
  for (const line of orgLines) {
    if (!line) continue;
    const f = fields(line);
    stationName.set(f[code]!, f[label]!);
  }
  const header = customersCsv.slice(0, customersCsv.indexOf('\n')).split(',');
  const at = (name: string) => header.indexOf(name);
  const [no, name, mobile, landline, address, cert, station] = [
    'customer_no',
    'name',
    'mobile',
    'landline',
    'address',
    'cert_no',
    'station_code',
  ].map(at) as [number, number, number, number, number, number, number];
  let start = customersCsv.indexOf('\n') + 1;
  for (let id = 1; start < customersCsv.length; id++) {
    let end = customersCsv.indexOf('\n', start);
    if (end < 0) end = customersCsv.length;
    const f = fields(customersCsv.slice(start, end));
    start = end + 1;
    const values: Partial<Record<ColumnKey, string>> = {
      customerNo: f[no],
      name: f[name],
      mobile: f[mobile],
      landline: f[landline],
      address: f[address],
      certNo: f[cert],
      station: stationName.get(f[station]!) ?? '',
      token: `QY1.1.${id}.1.AbCdEfGhIjKlMnOp`,
    };
    // an empty value is no cell, as in the export
    yield COLUMNS.map((c) => values[c.key] || null);
  }
}

/** One CSV line's fields: a plain split unless the line has quoting (RFC 4180, as the generator writes it). */
const fields = (line: string): string[] =>
  line.includes('"') ? (parse(line) as string[][])[0]! : line.split(',');

export type FilledRow = Partial<Record<ColumnKey, string | Date>> & { customerNo: string; token: string };

/** An upload as a field team would send it back: instructions with the version, one data sheet. */
export async function writeFilledWorkbook(path: string, rows: Iterable<FilledRow>): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  const info = wb.addWorksheet(INSTRUCTIONS_SHEET);
  info.addRow(['客户档案现场核实表']).commit();
  info.addRow([VERSION_LABEL, TEMPLATE_VERSION]).commit();
  info.commit();
  const ws = wb.addWorksheet('核实表');
  ws.addRow(COLUMNS.map((c) => c.header)).commit();
  for (const row of rows) ws.addRow(COLUMNS.map((c) => row[c.key] ?? null)).commit();
  ws.commit();
  await wb.commit();
}
