// Writes worksheet workbooks with exceljs's streaming writer (no shared strings: they cost memory
// and time at a million rows). One instructions sheet, then one data sheet per station: frozen
// header, input columns unlocked with dropdown and date validation, everything else locked, print
// setup for A4 landscape with the header repeated on every page.
import { formatDateMinute } from '@qingyuan/contract/labels';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { safeText } from './cells.ts';
import {
  COLUMNS,
  columnLetter,
  INSTRUCTIONS_SHEET,
  RESULTS,
  RESULT_LABELS,
  TEMPLATE_VERSION,
  VERSION_LABEL,
} from './template.ts';

export interface WorkbookInfo {
  exportId: number;
  exportedAt: Date;
  exportedBy: string;
  scopeLabel: string;
  deadline: string;
  /** when to verify (a re-verification list: 抄表或收费时核实), printed under the deadline */
  when?: string;
}

export interface SheetRow {
  customerNo: string;
  name: string;
  mobile: string;
  landline: string;
  address: string;
  certNo: string;
  station: string;
  findings: string;
  token: string;
}

const HEADER_STYLE: Partial<ExcelJS.Style> = {
  font: { bold: true, color: { argb: 'FF1F2937' } },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE5E7EB' } },
  alignment: { vertical: 'middle', horizontal: 'center', wrapText: true },
  border: { bottom: { style: 'thin', color: { argb: 'FF9CA3AF' } } },
};
const INPUT_HEADER_STYLE: Partial<ExcelJS.Style> = {
  ...HEADER_STYLE,
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFEF3C7' } },
};

const text = (value: string) => (value === '' ? undefined : safeText(value));

/** The data rows' own style (none), one object for all of them. */
const NO_ROW_STYLE: Partial<ExcelJS.Style> = {};

export class WorksheetWorkbook {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly names = new Set<string>();
  private failed: Error | undefined;
  /** Rejects when the output fails (disk full, bad path): exceljs would wait for it forever. */
  private readonly failure: Promise<never>;

  constructor(
    output: { filename: string } | { stream: Writable },
    private readonly info: WorkbookInfo,
  ) {
    const stream = 'filename' in output ? createWriteStream(output.filename) : output.stream;
    this.failure = new Promise<never>((_, reject) =>
      stream.on('error', (err: Error) => {
        this.failed = err;
        reject(err);
      }),
    );
    this.failure.catch(() => {}); // raced in commit(); not an unhandled rejection meanwhile
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream,
      useStyles: true,
      useSharedStrings: false,
      // deflate level 1: a sheet of text compresses nearly as well (files ~15% larger) for a
      // fraction of the CPU that level 6 spends — the export's largest single cost after exceljs
      zip: { zlib: { level: 1 } },
    });
    this.wb.creator = '清源 Qingyuan';
    this.wb.created = info.exportedAt;
    this.writeInstructions();
  }

  private writeInstructions() {
    const ws = this.wb.addWorksheet(INSTRUCTIONS_SHEET, {
      properties: { tabColor: { argb: 'FF2563EB' } },
    });
    ws.columns = [{ width: 18 }, { width: 90 }];
    const { info } = this;
    const lines: [string, string][] = [
      ['客户档案现场核实表', ''],
      [VERSION_LABEL, TEMPLATE_VERSION],
      ['导出编号', String(info.exportId)],
      ['导出时间', `${formatDateMinute(info.exportedAt)}（北京时间）`],
      ['导出人', info.exportedBy],
      ['核实范围', info.scopeLabel],
      ['完成期限', info.deadline],
      ...(info.when ? [['核实时机', info.when] as [string, string]] : []),
      ['', ''],
      ['填写方法', '1. 每个供电所一张工作表。灰色表头的列是系统中的现有信息，已锁定，请勿修改。'],
      [
        '',
        '2. 黄色表头的列由核实人员填写：先在“核实结果”中从下拉列表选择，再按需填写更正值、核实人、核实日期和备注。',
      ],
      [
        '',
        '3. 选择“已更正”时，至少填写一项“更正户名/更正手机/更正固话/更正地址/更正证件号”；只填写需要更正的项。',
      ],
      ['', '4. 核实日期请填写实际核实的日期（如 2026-12-01），不能晚于今天。'],
      [
        '',
        '5. 最后一列“校验码”是系统用来识别客户的编码，请勿修改或删除；可以排序、筛选，但不要复制到其他行。',
      ],
      ['', '6. 填好后保存为 xlsx（Excel、WPS 均可），在“现场核实”页面上传；系统先预览，确认无误后再导入。'],
      ['', '7. 导入后如客户信息已被他人修改，该行会标为“冲突”，不会覆盖，请重新导出后再核实。'],
      ['', ''],
      ['核实结果说明', ''],
      ...RESULTS.map((r): [string, string] => [r.label, r.help]),
    ];
    lines.forEach(([label, text], i) => {
      const row = ws.addRow([label, text]);
      row.getCell(1).font = i === 0 ? { bold: true, size: 14 } : { bold: true };
      row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
      row.commit();
    });
    ws.commit();
  }

  private sheetName(station: string): string {
    const base = station.replace(/[[\]:*?/\\']/g, '').slice(0, 28) || '供电所';
    let name = base;
    for (let i = 2; this.names.has(name) || name === INSTRUCTIONS_SHEET; i++) name = `${base}${i}`;
    this.names.add(name);
    return name;
  }

  /** Throws the output's error, if it failed: no use writing more rows into it. */
  check() {
    if (this.failed) throw this.failed;
  }

  /** A data sheet for one station; call addRow for each customer, then commit(). */
  addSheet(stationName: string): DataSheet {
    this.check();
    return new DataSheet(this.wb, this.sheetName(stationName), () => this.check());
  }

  async commit(): Promise<void> {
    await Promise.race([this.wb.commit(), this.failure]);
  }
}

export class DataSheet {
  private readonly ws: ExcelJS.Worksheet;
  private rows = 0;
  /** One style object per column, shared by all its cells (see addRow). */
  private readonly cellStyles: Partial<ExcelJS.Style>[];

  constructor(
    wb: ExcelJS.stream.xlsx.WorkbookWriter,
    name: string,
    private readonly check: () => void,
  ) {
    this.ws = wb.addWorksheet(name, {
      views: [{ state: 'frozen', xSplit: 2, ySplit: 1, activeCell: 'I2' }],
      pageSetup: {
        orientation: 'landscape',
        paperSize: 9,
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:1',
        margins: { left: 0.3, right: 0.3, top: 0.5, bottom: 0.5, header: 0.2, footer: 0.2 },
      },
      headerFooter: { oddFooter: '第 &P 页，共 &N 页' },
    });
    this.cellStyles = COLUMNS.map((c): Partial<ExcelJS.Style> =>
      c.isInput
        ? {
            protection: { locked: false },
            ...(c.key === 'verifiedOn' ? { numFmt: 'yyyy-mm-dd' } : {}),
          }
        : c.key === 'findings' || c.key === 'address'
          ? { alignment: { wrapText: true, vertical: 'top' } }
          : {},
    );
    this.ws.columns = COLUMNS.map((c, i) => ({ key: c.key, width: c.width, style: this.cellStyles[i]! }));
    const header = this.ws.addRow(COLUMNS.map((c) => c.header));
    header.height = 30;
    COLUMNS.forEach((c, i) => {
      header.getCell(i + 1).style = c.isInput ? INPUT_HEADER_STYLE : HEADER_STYLE;
    });
    header.commit();
  }

  addRow(r: SheetRow) {
    if (this.rows % 1000 === 0) this.check();
    // Keyed by column, so the empty input cells are not created at all: they take the column's
    // unlocked style in the spreadsheet, and the writer skips a style lookup per cell. An empty
    // value (no landline, no findings) is no cell either, rather than a cell of empty text.
    const row = this.ws.addRow({
      customerNo: text(r.customerNo),
      name: text(r.name),
      mobile: text(r.mobile),
      landline: text(r.landline),
      address: text(r.address),
      certNo: text(r.certNo),
      station: text(r.station),
      findings: text(r.findings),
      token: r.token,
    });
    // exceljs gives every new cell a fresh copy of its column's style, and the writer then
    // serialises and looks up each copy; a style object it has seen before is a WeakMap hit.
    for (let i = 0; i < this.cellStyles.length; i++) {
      const cell = row.findCell(i + 1);
      if (cell) cell.style = this.cellStyles[i]!;
    }
    // the row's own style too: a fresh {} per row missed that cache and was serialised each time
    // (exceljs's types leave out the row's style object)
    (row as unknown as { style: Partial<ExcelJS.Style> }).style = NO_ROW_STYLE;
    row.commit();
    this.rows++;
  }

  /** The streaming writer has range validations; exceljs's types only declare the per-cell ones. */
  private get validations() {
    return (
      this.ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations;
  }

  async commit(): Promise<void> {
    const last = Math.max(this.rows + 1, 2);
    const range = (key: Parameters<typeof columnLetter>[0]) =>
      `${columnLetter(key)}2:${columnLetter(key)}${last}`;
    this.validations.add(range('result'), {
      type: 'list',
      allowBlank: true,
      formulae: [`"${RESULT_LABELS.join(',')}"`],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '核实结果',
      error: `请从下拉列表中选择：${RESULT_LABELS.join('、')}`,
      showInputMessage: true,
      promptTitle: '核实结果',
      prompt: '请从下拉列表中选择',
    });
    this.validations.add(range('verifiedOn'), {
      type: 'date',
      operator: 'between',
      allowBlank: true,
      formulae: [new Date(Date.UTC(2020, 0, 1)), new Date(Date.UTC(2099, 11, 31))],
      showErrorMessage: true,
      errorStyle: 'stop',
      errorTitle: '核实日期',
      error: '请填写日期，例如 2026-12-01',
    });
    this.ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
    await this.ws.protect('', {
      selectLockedCells: true,
      selectUnlockedCells: true,
      formatColumns: true,
      formatRows: true,
      autoFilter: true,
      sort: true,
    });
    this.ws.commit();
  }
}
