// Test helper: opens a workbook (as exported, or as LibreOffice re-saved it), fills input cells of
// the rows named by customer number, and saves it, the way a field team would in a spreadsheet.
import ExcelJS from 'exceljs';
import { COLUMNS, type ColumnKey } from './template.ts';

export type Fill = Partial<Record<ColumnKey, ExcelJS.CellValue>>;

export async function fillWorkbook(
  inPath: string,
  outPath: string,
  fills: Record<string, Fill>,
  edit?: (wb: ExcelJS.Workbook) => void,
): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(inPath);
  let filled = 0;
  wb.eachSheet((ws) => {
    const header = ws.getRow(1).values as unknown[];
    const col = new Map<ColumnKey, number>();
    header.forEach((v, i) => {
      const c = COLUMNS.find((x) => x.header === v);
      if (c) col.set(c.key, i);
    });
    if (!col.has('token')) return;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const no = String(row.getCell(col.get('customerNo')!).value ?? '').replace('\u2060', '');
      const fill = fills[no];
      if (!fill) return;
      for (const [key, value] of Object.entries(fill)) row.getCell(col.get(key as ColumnKey)!).value = value;
      filled++;
    });
  });
  edit?.(wb);
  await wb.xlsx.writeFile(outPath);
  return filled;
}

/** All data rows of a workbook's worksheets, as header → text (for assertions). */
export async function readRows(path: string): Promise<Record<string, string>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: Record<string, string>[] = [];
  wb.eachSheet((ws) => {
    const header = (ws.getRow(1).values as unknown[]).map((v) => String(v ?? ''));
    if (!header.includes('校验码')) return;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const rec: Record<string, string> = {};
      header.forEach((h, i) => {
        if (h) rec[h] = String(row.getCell(i).value ?? '');
      });
      out.push(rec);
    });
  });
  return out;
}

/** The text of one entry of an xlsx (a zip), e.g. xl/worksheets/sheet2.xml. */
export async function zipEntryText(path: string, name: string): Promise<string> {
  const yauzl = (await import('yauzl')).default;
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      zip.on('entry', (entry: import('yauzl').Entry) => {
        if (entry.fileName.replace(/^\//, '') !== name) return zip.readEntry();
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            zip.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      zip.on('end', () => reject(new Error(`${name} not in ${path}`)));
      zip.readEntry();
    });
  });
}
