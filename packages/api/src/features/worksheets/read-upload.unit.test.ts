// The streaming read of uploads keeps every Chinese character intact, however the XML is chunked.
// exceljs's reader decodes chunk by chunk, so without the ASCII normalisation of zip-check.ts a
// character split across chunks comes out as U+FFFD: the control below shows that it does.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readUpload, type ReadMeta } from './read-upload.ts';
import { writeFilledWorkbook, type FilledRow } from './synthetic.testing.ts';
import { RESULT_LABELS } from './template.ts';
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
