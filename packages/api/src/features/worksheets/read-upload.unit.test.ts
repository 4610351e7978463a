// The streaming read of uploads keeps every Chinese character intact, however the XML is chunked.
// exceljs's reader decodes chunk by chunk, so without the ASCII normalisation of zip-check.ts a
// character split across chunks comes out as U+FFFD: the control below shows that it does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openFilesUnder, tempLeftBy } from '../../testing/open-files.ts';
import { readUpload, type ReadMeta } from './read-upload.ts';
import { writeFilledWorkbook, type FilledRow } from './synthetic.testing.ts';
import { COLUMNS, INSTRUCTIONS_SHEET, RESULT_LABELS, TEMPLATE_VERSION, VERSION_LABEL } from './template.ts';
import { checkXlsxZip } from './zip-check.ts';

let dir: string;
let file: string;
const N = 6_000;
const addressOf = (i: number) => `云南省昆明市五华区华山街道翠湖社区${i}组${i % 97}号附${'楼'.repeat(i % 5)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'qy-ws-read-'));
  file = join(dir, 'filled.xlsx');
  const rows = function* (): Generator<FilledRow> {
    for (let i = 0; i < N; i++)
      yield {
        customerNo: `C${i}`,
        token: `QY1.1.${i}.1.AAAAAAAAAAAAAAAA`,
        result: RESULT_LABELS[i % 5]!,
        newAddress: addressOf(i),
        remark: '备注𠀀',
      };
  };
  await writeFilledWorkbook(file, rows());
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function readAll(path: string) {
  const meta: ReadMeta = { version: null, dataSheets: 0, rows: 0 };
  const out: Record<string, string>[] = [];
  for await (const batch of readUpload(path, { maxRows: N }, meta))
    for (const row of batch) {
      const text = (k: 'result' | 'newAddress' | 'remark') => {
        const c = row.cells.get(k);
        return c?.kind === 'text' ? c.text : '';
      };
      out.push({ result: text('result'), address: text('newAddress'), remark: text('remark') });
    }
  return { meta, out };
}

it('reads every character of a large upload exactly after normalisation', async () => {
  const normalised = join(dir, 'normalised.xlsx');
  await checkXlsxZip(file, normalised, { maxEntries: 100, maxUncompressedBytes: 500 * 2 ** 20 });
  const { meta, out } = await readAll(normalised);
  expect(meta).toMatchObject({ version: 'QY-WS-1', dataSheets: 1, rows: N });
  const wrong = out.filter(
    (r, i) => r.result !== RESULT_LABELS[i % 5] || r.address !== addressOf(i) || r.remark !== '备注𠀀',
  );
  expect(wrong).toEqual([]);
});

it('control: the raw file read by exceljs alone garbles characters at chunk boundaries', async () => {
  const { out } = await readAll(file);
  expect(out.some((r) => r.address!.includes('\ufffd') || r.result!.includes('\ufffd'))).toBe(true);
});

// exceljs#3064: unzipper's Parse says 'end' once its input is written, not once its entries are
// read, and exceljs's reader stopped there, dropping the entries it had not yet taken: most often
// xl/workbook.xml, which exceljs's own writer stores last. The upload then failed with "Cannot read
// properties of undefined (reading 'sheets')" whenever unzipper got ahead of the reader (about one
// read in 150 on a busy machine, once in CI); a sheet stored last would have been dropped without
// a word. patches/exceljs@4.4.0.patch makes the reader take every entry. Parts stored, not
// deflated, let unzipper run ahead every time: unpatched, nearly all of these reads fail.
it('reads every part of an upload, even when unzipper runs ahead of the reader', async () => {
  const stored = join(dir, 'stored.xlsx');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet(INSTRUCTIONS_SHEET).addRow([VERSION_LABEL, TEMPLATE_VERSION]);
  const ws = wb.addWorksheet('核实表');
  ws.addRow(COLUMNS.map((c) => c.header));
  for (let i = 0; i < 3; i++)
    ws.addRow(
      COLUMNS.map((c) => (c.key === 'customerNo' ? `C${i}` : c.key === 'result' ? RESULT_LABELS[0] : null)),
    );
  await wb.xlsx.writeFile(stored, { zip: { compression: 'STORE' } });
  const outcomes: string[] = [];
  for (let k = 0; k < 20; k++)
    outcomes.push(
      await readAll(stored).then(
        ({ meta, out }) => `${meta.version} ${meta.dataSheets} ${out.map((r) => r.result).join()}`,
        (e: unknown) => (e as Error).message,
      ),
    );
  const whole = `${TEMPLATE_VERSION} 1 ${Array(3).fill(RESULT_LABELS[0]).join()}`;
  expect(outcomes.filter((o) => o !== whole)).toEqual([]);
});

// exceljs copies a worksheet stored before the shared strings (as Excel, WPS and exceljs itself
// store them) to a temp file and removed the copy only once it was read through: an upload refused
// part-way (too many rows) or left after one sheet kept a copy of customers' data in the temp
// directory, and two descriptors open, until the process ended. patches/exceljs@4.4.0.patch
// removes them however the reader is left; unpatched, this test fails on both counts.
it('leaves no copy of an upload behind, however the read ends', async () => {
  const normalised = join(dir, 'refused.xlsx');
  await checkXlsxZip(file, normalised, { maxEntries: 100, maxUncompressedBytes: 500 * 2 ** 20 });
  const left = await tempLeftBy(dir, async () => {
    const refused = async () => {
      const meta: ReadMeta = { version: null, dataSheets: 0, rows: 0 };
      for await (const _ of readUpload(normalised, { maxRows: 100 }, meta));
    };
    await expect(refused()).rejects.toThrow(/文件行数超过上限/);
    // left after the first batch
    const meta: ReadMeta = { version: null, dataSheets: 0, rows: 0 };
    for await (const batch of readUpload(normalised, { maxRows: N, batchSize: 10 }, meta)) {
      expect(batch).toHaveLength(10);
      break;
    }
    await readAll(normalised); // and read through
  });
  expect(left).toEqual([]);
  expect(await openFilesUnder(dir)).toEqual([]);
});
