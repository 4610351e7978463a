// The export's writer threads write exactly what the inline writer writes, in both layouts, and a
// writer that fails (its file cannot be created) fails the export and records no state.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { PROVINCE } from '../auth/region.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { newCustomer, newUser, seedOrgTree, TREE } from '../../testing/factories.ts';
import { exportWorksheets, type ExportResult } from './export.ts';

let db: TestDb;
let dir: string;
let coordinator: Principal;
const NOW = new Date('2026-11-20T02:00:00Z');

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  dir = await mkdtemp(join(tmpdir(), 'qy-ws-threads-'));
  const u = await newUser(db.kysely, 'coordinator');
  coordinator = {
    kind: 'user',
    id: u.id,
    username: u.username,
    name: '协调员',
    role: 'coordinator',
    region: PROVINCE,
  };
  for (let i = 0; i < 30; i++)
    await newCustomer(db.kysely, {
      customer_no: `T${String(i).padStart(3, '0')}`,
      city: i % 3 === 0 ? 'qujing' : 'kunming',
      ...(i === 4 ? { name: '=HYPERLINK("http://evil","x")', address: '@SUM(A1)' } : {}),
    });
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

/** Every cell of every sheet of every workbook, in order, with the export's id taken out. */
async function contents(out: ExportResult): Promise<string[][]> {
  const files = out.path.endsWith('.zip') ? await unzip(out.path) : [await readFile(out.path)];
  const sheets: string[][] = [];
  for (const file of files) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(file as unknown as ArrayBuffer);
    wb.eachSheet((ws) => {
      const cells: string[] = [ws.name];
      ws.eachRow((row) =>
        row.eachCell((cell) =>
          cells.push(
            // the check code is signed over the export's id: compare what it names
            String(cell.value)
              .replace(
                new RegExp(`^QY1\\.${out.exportId}\\.(\\d+)\\.(\\d+)\\.[\\w-]{16}$`),
                'QY1.<export>.$1.$2',
              )
              .replace(new RegExp(`^${out.exportId}$`), '<export>'),
          ),
        ),
      );
      sheets.push(cells);
    });
  }
  return sheets;
}

function unzip(path: string): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: Buffer[] = [];
      zip.on('entry', (entry: yauzl.Entry) =>
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            out.push(Buffer.concat(chunks));
            zip.readEntry();
          });
        }),
      );
      zip.on('end', () => resolve(out));
      zip.readEntry();
    });
  });
}

const exportAll = (layout: 'workbooks' | 'sheets', writerThreads: number, outDir = dir, pageSize?: number) =>
  exportWorksheets(
    db,
    coordinator,
    { findingsOnly: false, pilotOnly: false, layout },
    { outDir, now: NOW, secret: 'test-secret-0123456789', writerThreads, pageSize },
  );

describe('writer threads', () => {
  it('read the customers page by page, moving each page to in_field as it is read', async () => {
    // 7 a page: each station's 15 customers take three statements, the last one short
    const paged = await exportAll('workbooks', 2, dir, 7);
    expect(paged.rows).toBe(30);
    const tokens = (await contents(paged)).flat().filter((v) => v.startsWith('QY1.<export>.'));
    const all = await db.kysely.selectFrom('customers').select('id').execute();
    const ids = all.map((c) => String(c.id)).sort();
    expect(tokens.map((t) => t.split('.')[2]).sort()).toEqual(ids);
    const events = await db.kysely
      .selectFrom('verification_events')
      .select(['customer_id', 'from_state', 'to_state'])
      .where('source', '=', 'worksheet_export')
      .where('ref', '=', String(paged.exportId))
      .execute();
    // every customer once: none skipped or repeated at a page boundary
    expect(events.map((e) => String(e.customer_id)).sort()).toEqual(ids);
    expect(new Set(events.map((e) => `${e.from_state}>${e.to_state}`))).toEqual(
      new Set(['not_started>in_field']),
    );
  });

  for (const layout of ['workbooks', 'sheets'] as const)
    it(`write the same ${layout} as the inline writer`, async () => {
      const inline = await exportAll(layout, 0);
      const threaded = await exportAll(layout, 2);
      expect(inline.writerThreads).toBe(0);
      expect(threaded.writerThreads).toBe(2);
      expect(threaded.rows).toBe(30);
      expect(threaded.stations).toBe(2);
      const expected = await contents(inline);
      // the instructions and one data sheet per station, with every customer's row
      expect(expected.length).toBe(layout === 'sheets' ? 3 : 4);
      expect(expected.flat().filter((v) => v.startsWith('QY1.<export>.'))).toHaveLength(30);
      expect(await contents(threaded)).toEqual(expected);
    });

  it('fails the export, and records no state, when a writer thread cannot write its file', async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'qy-ws-threads-fail-'));
    // the next export's per-station file is a directory already: the writer cannot create it
    const next =
      Number(
        (
          await db.kysely
            .selectFrom('worksheet_exports')
            .select((eb) => eb.fn.max('id').as('id'))
            .executeTakeFirstOrThrow()
        ).id ?? 0,
      ) + 1;
    await mkdir(join(outDir, `export-${next}`, `${TREE.qujing.station}.xlsx`), { recursive: true });
    const campaignStates = () =>
      db.kysely
        .selectFrom('verification_events')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('ref', '=', String(next))
        .executeTakeFirstOrThrow();
    for (const threads of [2, 0]) {
      await expect(exportAll('workbooks', threads, outDir)).rejects.toThrow(
        /EISDIR|illegal operation on a directory/,
      );
      // the same file fails the inline writer too (a second export gets the next id: make its directory as well)
      await mkdir(join(outDir, `export-${next + 1}`, `${TREE.qujing.station}.xlsx`), { recursive: true });
    }
    expect(Number((await campaignStates()).n)).toBe(0);
    const failed = await db.kysely
      .selectFrom('worksheet_exports')
      .select(['id', 'status'])
      .where('id', '>=', next)
      .orderBy('id')
      .execute();
    expect(failed.map((e) => [Number(e.id), e.status])).toEqual([
      [next, 'failed'],
      [next + 1, 'failed'],
    ]);
    await rm(outDir, { recursive: true, force: true });
  });
});
