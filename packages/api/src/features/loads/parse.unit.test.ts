// A customer file is closed however its load ends: read through, refused on its header, or stopped
// part-way. For xlsx that includes exceljs's temp copies of sheets (a copy of customers' data, kept
// until the process ended whenever the reader was left early: the load reads the first sheet only).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openFilesUnder, tempLeftBy } from '../../testing/open-files.ts';
import { openTable } from './parse.ts';

let dir: string;
let xlsx: string;
let csv: string;
const HEADER = ['户号', '户名', '手机号'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qy-load-parse-'));
  // exceljs's writer stores the sheets before the shared strings, as Excel does
  xlsx = join(dir, 'customers.xlsx');
  const wb = new ExcelJS.Workbook();
  for (const name of ['客户', '备注']) {
    const ws = wb.addWorksheet(name);
    ws.addRow(HEADER);
    for (let i = 0; i < 5_000; i++) ws.addRow([`C${i}`, `张${i}`, `1391234${String(i).padStart(4, '0')}`]);
  }
  await wb.xlsx.writeFile(xlsx);
  csv = join(dir, 'customers.csv');
  await writeFile(
    csv,
    [HEADER, ...Array.from({ length: 200_000 }, (_, i) => [`C${i}`, `张${i}`, ''])].join('\n'),
  );
});
afterAll(() => rm(dir, { recursive: true, force: true }));

it('reads the first sheet of an xlsx and leaves no copy of it, however the load ends', async () => {
  let rows = 0;
  const left = await tempLeftBy(dir, async () => {
    // read through
    const whole = await openTable(xlsx);
    expect(whole.header).toEqual(HEADER);
    for await (const batch of whole.rows) rows += batch.length;
    await whole.close();
    // refused on its header: rows never read
    await (await openTable(xlsx)).close();
    // stopped part-way, as a load that fails does
    const part = await openTable(xlsx);
    for await (const batch of part.rows) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    await part.close();
  });
  expect(rows).toBe(5_000);
  expect(left).toEqual([]);
  expect(await openFilesUnder(dir)).toEqual([]);
});

it('closes a CSV that is not read through', async () => {
  const table = await openTable(csv);
  expect(table.header).toEqual(HEADER);
  expect(await openFilesUnder(dir)).toEqual([csv]);
  await table.close();
  await table.close(); // twice is harmless
  // the descriptor is closed on the next turns of the event loop
  let open: string[] = [];
  for (let i = 0; i < 50 && (open = await openFilesUnder(dir)).length > 0; i++)
    await new Promise((r) => setTimeout(r, 20));
  expect(open).toEqual([]);
});
