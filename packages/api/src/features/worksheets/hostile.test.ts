// Hostile and broken uploads are refused with a clear message and leave no trace; a commit that
// fails half-way leaves nothing applied. Both database legs.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import yazl from 'yazl';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { asAdmin, createTestDb, type TestDb } from '../../testing/test-db.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { fillWorkbook } from './fill.testing.ts';
import { exportTo, uploadBuffer, uploadFile } from './worksheets-helpers.testing.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let dir: string;
let cookie: string;
let exported: string;
const ids: number[] = [];

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db, {
    WORKSHEET_MAX_UNZIPPED_MB: '2',
    WORKSHEET_MAX_ENTRIES: '50',
    WORKSHEET_MAX_ROWS: '3',
  });
  dir = await mkdtemp(join(tmpdir(), 'qy-ws-hostile-'));
  const user = await newUser(db.kysely, 'city_member', { cityCode: TREE.kunming.city });
  cookie = await loginAs(app, user.username, TEST_PASSWORD);
  for (const no of ['H1', 'H2', 'H3'])
    ids.push((await newCustomer(db.kysely, { customer_no: no, city: 'kunming' })).id);
  exported = join(dir, 'export.xlsx');
  await exportTo(app, cookie, { findingsOnly: false }, exported);
});
afterAll(async () => {
  await app.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

const uploads = async () =>
  Number(
    (
      await db.kysely
        .selectFrom('worksheet_uploads')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function expectRefused(content: Buffer, status: number, message: RegExp) {
  const before = await uploads();
  const res = await uploadBuffer(app, cookie, content);
  expect(res.statusCode, res.body).toBe(status);
  expect(res.json().error.message).toMatch(message);
  expect(await uploads()).toBe(before);
}

function zipOf(entries: [string, Buffer][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(data, name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) =>
    (zip.outputStream as Readable)
      .on('data', (c: Buffer) => chunks.push(c))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject),
  );
}

async function filledWith(edit: (wb: ExcelJS.Workbook) => void, fills = { H1: { result: '核实无误' } }) {
  const out = join(dir, `edit-${Math.random().toString(36).slice(2)}.xlsx`);
  await fillWorkbook(exported, out, fills, edit);
  return readFile(out);
}

describe('refused files', () => {
  it('not an xlsx at all', async () => {
    await expectRefused(Buffer.from('户号,核实结果\nH1,核实无误\n'), 415, /不是 xlsx/);
  });

  it('an old .xls file', async () => {
    await expectRefused(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), 415, /xls/);
  });

  it('a truncated upload', async () => {
    const full = await readFile(exported);
    await expectRefused(full.subarray(0, Math.floor(full.length * 0.6)), 415, /损坏或不完整/);
  });

  it('a corrupted central directory', async () => {
    const bad = Buffer.from(await readFile(exported));
    const at = bad.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(at).toBeGreaterThan(0);
    bad.fill(0x20, at, at + 40);
    await expectRefused(bad, 415, /损坏或不完整/);
  });

  it('a zip that is not a workbook', async () => {
    await expectRefused(await zipOf([['readme.txt', Buffer.from('hello')]]), 415, /不是 Excel 工作簿/);
  });

  it('a zip bomb: too large once unpacked', async () => {
    const bomb = await zipOf([
      ['[Content_Types].xml', Buffer.from('<Types/>')],
      ['xl/workbook.xml', Buffer.from('<workbook/>')],
      ['xl/worksheets/sheet1.xml', Buffer.alloc(3 * 1024 * 1024, 0x20)],
    ]);
    expect(bomb.length).toBeLessThan(50_000);
    await expectRefused(bomb, 413, /压缩炸弹/);
  });

  it('a zip with too many entries', async () => {
    const many = await zipOf(
      Array.from({ length: 60 }, (_, i): [string, Buffer] => [`x/${i}.xml`, Buffer.from('x')]),
    );
    await expectRefused(many, 413, /条目过多/);
  });

  it('more rows than the cap', async () => {
    const wb = await filledWith((w) => {
      const ws = w.worksheets[1]!;
      const src = ws.getRow(2).values as ExcelJS.CellValue[];
      ws.addRow(src.slice(1));
    });
    await expectRefused(wb, 413, /行数超过上限 3/);
  });

  it('a worksheet of another template version', async () => {
    const wb = await filledWith((w) => {
      w.getWorksheet('填写说明')!.getCell('B2').value = 'QY-WS-0';
    });
    await expectRefused(wb, 400, /模板版本为“QY-WS-0”/);
  });

  it('missing columns', async () => {
    const wb = await filledWith((w) => {
      w.worksheets[1]!.getCell('O1').value = '日期';
    });
    await expectRefused(wb, 400, /缺少列：核实日期/);
  });

  it('a workbook without any worksheet header', async () => {
    const wb = await filledWith((w) => {
      w.removeWorksheet(w.worksheets[1]!.id);
    });
    await expectRefused(wb, 400, /没有核实表/);
  });

  it('a file over the upload size limit', async () => {
    const small = await buildTestApp(db, { UPLOAD_LIMIT_MB: '0.01' });
    const res = await uploadBuffer(small, cookie, Buffer.alloc(64 * 1024, 1));
    expect(res.statusCode).toBe(413);
    expect(res.json().error.message).toMatch(/大小限制/);
    await small.close();
  });
});

describe('formulas in input cells', () => {
  it('takes a cached result, refuses a formula without one and names the cell', async () => {
    const wb = await filledWith(() => {}, {
      H1: { result: { formula: 'IF(1,"核实无误","")', result: '核实无误' } },
      H2: { result: { formula: 'IF(1,"核实无误","")' } },
    } as never);
    const res = await uploadBuffer(app, cookie, wb);
    expect(res.statusCode, res.body).toBe(200);
    const rows = (
      await app.inject({
        url: `/api/v1/worksheets/uploads/${res.json().upload.id}/rows`,
        headers: { cookie },
      })
    ).json().items;
    expect(rows.find((r: { customerNo: string }) => r.customerNo === 'H1').outcome).toBe('update');
    const h2 = rows.find((r: { customerNo: string }) => r.customerNo === 'H2');
    expect(h2.outcome).toBe('error');
    expect(h2.errors[0].zh).toMatch(/^I\d 单元格是公式且没有计算结果/);
  });
});

describe('a commit that fails half-way', () => {
  it('leaves nothing applied, and the same upload commits cleanly afterwards', async () => {
    const file = join(dir, 'crash.xlsx');
    await fillWorkbook(exported, file, {
      H1: { result: '已更正', newMobile: '13911112222' },
      H3: { result: '核实无误' },
    });
    const upload = (await uploadFile(app, cookie, file)).json().upload;
    expect(upload.rowsUpdate).toBe(2);
    // The markers are written after the customers, their changes and states: fail there.
    await asAdmin(db, async (admin) => {
      await sql`create function qy_test_boom() returns trigger language plpgsql as $$
        begin raise exception 'simulated crash mid-commit'; end $$`.execute(admin);
      await sql`create trigger qy_test_boom before insert on worksheet_applied_rows
        for each row execute function qy_test_boom()`.execute(admin);
    });
    const failed = await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/uploads/${upload.id}/commit`,
      headers: { cookie },
    });
    expect(failed.statusCode).toBe(500);
    const h1 = await db.kysely
      .selectFrom('customers')
      .selectAll()
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    expect(h1.mobile).toBe('13812345678');
    expect(
      await db.kysely.selectFrom('customer_changes').selectAll().where('source', '=', 'worksheet').execute(),
    ).toEqual([]);
    const states = await db.kysely
      .selectFrom('customer_verification')
      .select(['customer_id', 'state'])
      .execute();
    expect(states.every((s) => s.state === 'in_field')).toBe(true);
    const row = await db.kysely
      .selectFrom('worksheet_uploads')
      .select('status')
      .where('id', '=', Number(upload.id))
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('previewed');

    await asAdmin(db, (admin) => sql`drop trigger qy_test_boom on worksheet_applied_rows`.execute(admin));
    const ok = await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/uploads/${upload.id}/commit`,
      headers: { cookie },
    });
    expect(ok.json()).toMatchObject({ applied: 2, changedCustomers: 1 });
    const after = await db.kysely
      .selectFrom('customers')
      .select('mobile')
      .where('id', '=', ids[0]!)
      .executeTakeFirstOrThrow();
    expect(after.mobile).toBe('13911112222');
  });
});
