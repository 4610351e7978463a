// The upload written back with a 错误说明 column: the same template (instructions sheet with the
// version marker, same headers, same check codes), so the team fixes the marked rows in place and
// uploads the file again; rows already applied are then recognised and left alone.
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Masker } from '../auth/masking.ts';
import { safeText } from './cells.ts';
import * as q from './queries.ts';
import { COLUMNS, INSTRUCTIONS_SHEET, TEMPLATE_VERSION, VERSION_LABEL } from './template.ts';

const ERROR_HEADER = '错误说明';
const BAD = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFEE2E2' } } as const;
const CONFLICT = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFEF3C7' } } as const;
/** Free-text columns that may quote a number (a finding, a remark): masked as text. */
const TEXT_COLUMNS = new Set(['findings', 'remark']);

/**
 * The stored row as the viewer may see it: phone and ID columns masked by field, free text by
 * the numbers it quotes. Masked read-only columns change nothing on re-upload (only input
 * columns and the check code are read back).
 */
const maskedRow = (raw: string[], mask: Masker) =>
  raw.map((v, i) => {
    const key = COLUMNS[i]?.key;
    if (!key) return mask.text(v);
    return TEXT_COLUMNS.has(key) ? mask.text(v) : mask.field(key, v);
  });

export async function writeErrorWorkbook(
  db: Kysely<Database>,
  upload: q.UploadRow,
  out: Writable,
  mask: Masker,
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const info = wb.addWorksheet(INSTRUCTIONS_SHEET);
  info.columns = [{ width: 18 }, { width: 90 }];
  for (const line of [
    ['核实表错误说明', ''],
    [VERSION_LABEL, TEMPLATE_VERSION],
    ['原文件', upload.file_name],
    [
      '说明',
      '红色行有错误，黄色行为冲突（导出后客户信息已变），请按最后一列“错误说明”修改后重新上传；其他行可保留不动。',
    ],
  ])
    info.addRow(line).commit();
  info.commit();

  const sheets = new Map<string, ExcelJS.Worksheet>();
  const sheetFor = (name: string) => {
    let ws = sheets.get(name);
    if (!ws) {
      ws = wb.addWorksheet(name.slice(0, 31) || '核实表', {
        views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }],
      });
      ws.columns = [...COLUMNS.map((c) => ({ width: c.width })), { width: 60 }];
      const header = ws.addRow([...COLUMNS.map((c) => c.header), ERROR_HEADER]);
      header.font = { bold: true };
      header.commit();
      sheets.set(name, ws);
    }
    return ws;
  };
  for (let after = 0; ;) {
    const rows = await q.findUploadRows(db, Number(upload.id), { afterSeq: after, limit: 2_000 });
    if (rows.length === 0) break;
    after = rows[rows.length - 1]!.seq;
    for (const r of rows) {
      const ws = sheetFor(r.sheet);
      const message =
        r.outcome === 'error'
          ? r.errors.map((e) => `【${e.column}】${mask.text(e.zh)}`).join('；')
          : r.outcome === 'conflict'
            ? `${mask.text(r.note ?? '冲突')}。当前值：${Object.entries(r.current_values ?? {})
                .map(([k, v]) => `${k}=${mask.field(k, v)}`)
                .join('，')}`
            : '';
      const row = ws.addRow([...maskedRow(r.raw, mask).map((v) => safeText(v)), message]);
      if (r.outcome === 'error' || r.outcome === 'conflict')
        for (let i = 1; i <= COLUMNS.length + 1; i++)
          row.getCell(i).fill = r.outcome === 'error' ? BAD : CONFLICT;
      row.commit();
    }
  }
  for (const ws of sheets.values()) ws.commit();
  await wb.commit();
}
