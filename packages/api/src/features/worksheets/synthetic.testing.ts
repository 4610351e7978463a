// Synthetic worksheets for benches and large tests, written with the streaming writer so a
// hundred thousand rows cost little memory: a bare reference workbook (no styles, no validation)
// and a filled-in upload in the real template.
import ExcelJS from 'exceljs';
import { COLUMNS, INSTRUCTIONS_SHEET, TEMPLATE_VERSION, VERSION_LABEL, type ColumnKey } from './template.ts';

/** The reference for the export bench: n rows × the template's columns of typical text, nothing else. */
export async function writeBareWorkbook(path: string, n: number): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: false,
  });
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(COLUMNS.map((c) => c.header)).commit();
  for (let i = 0; i < n; i++) {
    ws.addRow([
      `53010${String(i).padStart(8, '0')}`,
      '张三丰',
      '13812345678',
      '0871-65123456',
      '云南省昆明市五华区华山街道翠湖社区1组1号',
      '530102199001011234',
      '华山供电所',
      i % 3 ? '' : '手机号码：号段不存在',
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      `QY1.1.${i + 1}.1.AAAAAAAAAAAAAAAA`,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}

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
