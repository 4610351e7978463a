// Export → fill → preview → commit through the real API on a real database (both legs), with the
// row checks, conflicts, idempotent re-upload, region scope, masking and formula injection.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import {
  changeCustomer,
  newCustomer,
  newUser,
  seedOrgTree,
  TEST_PASSWORD,
  TREE,
} from '../../testing/factories.ts';
import { GUARD } from './cells.ts';
import { fillWorkbook, readRows, zipEntryText } from './fill.testing.ts';
import { exportTo, uploadFile } from './worksheets-helpers.testing.ts';
import { TEST_EPOCH, testClock } from '../../testing/clock.ts';

let db: TestDb;
const clock = testClock();
let app: Awaited<ReturnType<typeof buildTestApp>>;
let dir: string;
let kunming: string;
let qujing: string;
let coordinator: string;
let kunmingUserId: number;
let kunmingUsername: string;
const c: Record<string, Awaited<ReturnType<typeof newCustomer>>> = {};

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db, {}, clock);
  dir = await mkdtemp(join(tmpdir(), 'qy-ws-test-'));
  const k = await newUser(db.kysely, 'city_member', { cityCode: TREE.kunming.city });
  kunmingUserId = k.id;
  kunmingUsername = k.username;
  kunming = await loginAs(app, k.username, TEST_PASSWORD);
  const q = await newUser(db.kysely, 'city_member', { cityCode: TREE.qujing.city });
  qujing = await loginAs(app, q.username, TEST_PASSWORD);
  const co = await newUser(db.kysely, 'coordinator');
  coordinator = await loginAs(app, co.username, TEST_PASSWORD);
  for (const key of [
    'confirm',
    'correct',
    'badMobile',
    'badResult',
    'emptyCorrect',
    'future',
    'tamper',
    'formula',
    'blank',
    'conflict',
    'closed',
  ])
    c[key] = await newCustomer(db.kysely, { customer_no: `K${key}`, city: 'kunming' });
  c.inject = await newCustomer(db.kysely, {
    customer_no: 'Kinject',
    name: '=HYPERLINK("http://evil","点我")',
    address: '+86 昆明@ -1',
    landline: '-0871',
    city: 'kunming',
  });
  c.tab = await newCustomer(db.kysely, { customer_no: 'Ktab', name: '\t@SUM(A1)', city: 'kunming' });
  c.qj = await newCustomer(db.kysely, { customer_no: 'Qone', city: 'qujing' });
});
afterAll(async () => {
  await app.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

const countChanges = async () =>
  Number(
    (
      await db.kysely
        .selectFrom('customer_changes')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('source', '=', 'worksheet')
        .executeTakeFirstOrThrow()
    ).n,
  );
const customer = (id: number) =>
  db.kysely.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const stateOf = async (id: number) =>
  (
    await db.kysely
      .selectFrom('customer_verification')
      .select('state')
      .where('customer_id', '=', id)
      .executeTakeFirst()
  )?.state;

describe('export', () => {
  it('writes the template: instructions with version, frozen header, validations, visible tokens, in_field', async () => {
    const file = join(dir, 'k.xlsx');
    const { exportId, rows } = await exportTo(app, kunming, { findingsOnly: false }, file);
    expect(rows).toBe(13);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const [info, sheet] = wb.worksheets;
    expect(info!.name).toBe('填写说明');
    expect(info!.getRow(2).values).toEqual([undefined, '模板版本', 'QY-WS-1']);
    expect(sheet!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(sheet!.pageSetup).toMatchObject({ orientation: 'landscape', printTitlesRow: '1:1' });
    const headers = (sheet!.getRow(1).values as string[]).slice(1);
    expect(headers[0]).toBe('户号');
    // 更正证件号 came later and is last, so the letters of the other columns never moved
    expect(headers.slice(-2)).toEqual(['校验码', '更正证件号']);
    expect(sheet!.getCell('I2').dataValidation).toMatchObject({
      type: 'list',
      formulae: ['"核实无误,已更正,无法联系,已销户,现场无此户"'],
    });
    expect(sheet!.getCell('O2').dataValidation).toMatchObject({ type: 'date' });
    expect(sheet!.getCell('I2').protection).toMatchObject({ locked: false });
    expect(sheet!.getCell('A2').protection?.locked).not.toBe(false);
    // every data row keeps its column's style: the address and findings wrap, the rest do not
    for (let r = 2; r <= rows + 1; r++) {
      expect(sheet!.getCell(`E${r}`).alignment).toMatchObject({ wrapText: true, vertical: 'top' });
      expect(sheet!.getCell(`H${r}`).alignment).toMatchObject({ wrapText: true });
      expect(sheet!.getCell(`A${r}`).alignment?.wrapText).not.toBe(true);
    }
    const data = await readRows(file);
    expect(data.every((r) => /^QY1\.\d+\.\d+\.\d+\.[\w-]{16}$/.test(r['校验码']!))).toBe(true);
    // a customer with nothing to check has no findings cell at all, not a cell of empty text
    // (read again: getCell above made the cells it asked for)
    const clean = data.findIndex((r) => !r['待核实问题']);
    expect(clean).toBeGreaterThanOrEqual(0);
    const again = new ExcelJS.Workbook();
    await again.xlsx.readFile(file);
    expect(again.worksheets[1]!.getRow(clean + 2).findCell(8)).toBeUndefined();
    expect(again.worksheets[1]!.getRow(clean + 2).findCell(1)?.value).toBe(data[clean]!['户号']);
    expect(data.map((r) => r['户号'])).not.toContain('Qone');
    expect(await stateOf(c.confirm!.id)).toBe('in_field');
    const rec = await db.kysely
      .selectFrom('worksheet_exports')
      .selectAll()
      .where('id', '=', exportId)
      .executeTakeFirstOrThrow();
    expect(rec).toMatchObject({
      status: 'completed',
      rows: 13,
      user_id: kunmingUserId,
      city_code: TREE.kunming.city,
    });
  });

  it('writes values that look like formulas as guarded text, never as formulas', async () => {
    const file = join(dir, 'inject.xlsx');
    await exportTo(app, kunming, { findingsOnly: false, stationCodes: [TREE.kunming.station] }, file);
    const rows = await readRows(file);
    const inj = rows.find((r) => r['户号'] === 'Kinject')!;
    expect(inj['户名']).toBe(`${GUARD}=HYPERLINK("http://evil","点我")`);
    expect(inj['用电地址']).toBe(`${GUARD}+86 昆明@ -1`);
    expect(inj['固话']).toBe(`${GUARD}-0871`);
    expect(rows.find((r) => r['户号'] === 'Ktab')!['户名']).toBe(`${GUARD}\t@SUM(A1)`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    wb.worksheets[1]!.eachRow((row) =>
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula)),
    );
    // and nothing in the sheet XML is a formula element
    const xml = await zipEntryText(file, 'xl/worksheets/sheet2.xml');
    expect(xml).toContain('HYPERLINK');
    expect(xml).not.toMatch(/<f>|<f /);
  });

  it('masks phone and ID numbers for a coordinator, not for the city team', async () => {
    const mine = await readRows(join(dir, 'k.xlsx'));
    expect(mine[0]!['手机']).toBe('13812345678');
    const file = join(dir, 'coord.xlsx');
    await exportTo(app, coordinator, { findingsOnly: false, unitCode: TREE.kunming.city }, file);
    const rows = await readRows(file);
    expect(rows[0]!['手机']).toBe('138****5678');
    expect(rows[0]!['证件号']).toBe('5301**********1234');
  });

  it('refuses a scope outside the caller’s region', async () => {
    for (const body of [{ unitCode: TREE.kunming.city }, { stationCodes: [TREE.kunming.station] }]) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/worksheets/exports',
        headers: { cookie: qujing },
        payload: body,
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('lists each export with the scope asked for and the label it resolved to', async () => {
    const res = await app.inject({
      method: 'GET',
      url: '/api/v1/worksheets/exports',
      headers: { cookie: kunming },
    });
    expect(res.statusCode).toBe(200);
    const scopes = res.json().items.map((e: { scope: unknown }) => e.scope);
    expect(scopes).toContainEqual({
      stationCodes: [TREE.kunming.station],
      pilotOnly: false,
      findingsOnly: false,
      layout: 'sheets',
      label: expect.any(String),
    });
  });

  it('pilotOnly is refused, with the reason, while the province has chosen no pilot stations', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/worksheets/exports',
      headers: { cookie: kunming },
      payload: { pilotOnly: true },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toContain('试点');
  });
});

describe('import', () => {
  let filled: string;
  let uploadId: string;

  it('previews every kind of row with a clear reason', async () => {
    const exported = join(dir, 'k.xlsx');
    filled = join(dir, 'k-filled.xlsx');
    // the app's clock starts at TEST_EPOCH: that is "today" for the date checks
    const today = TEST_EPOCH;
    const future = new Date(TEST_EPOCH.getTime() + 5 * 86_400_000);
    await fillWorkbook(
      exported,
      filled,
      {
        Kconfirm: { result: '核实无误', verifier: '李四', verifiedOn: today },
        Kcorrect: { result: '已更正', newMobile: '13912345678', newName: '王五', verifiedOn: '2026-01-05' },
        KbadMobile: { result: '已更正', newMobile: '1234' },
        KbadResult: { result: '差不多' },
        KemptyCorrect: { result: '已更正' },
        Kfuture: { result: '核实无误', verifiedOn: future },
        Kformula: { result: { formula: 'IF(1,"核实无误","")' } as ExcelJS.CellFormulaValue },
        Kclosed: { result: '已销户' },
        Ktamper: { result: '核实无误' },
      },
      (wb) => {
        const ws = wb.worksheets[1]!;
        ws.eachRow((row) => {
          if (row.getCell(1).value === 'Ktamper') {
            const t = String(row.getCell(17).value);
            row.getCell(17).value = t.replace(
              /\.(\d+)\.([\w-]+)$/,
              (_m, v: string, s: string) => `.${Number(v) + 1}.${s}`,
            );
          }
        });
      },
    );
    const res = await uploadFile(app, kunming, filled);
    expect(res.statusCode, res.body).toBe(200);
    const upload = res.json().upload;
    uploadId = upload.id;
    expect(upload).toMatchObject({ status: 'previewed', rowsUpdate: 3, rowsError: 6, rowsConflict: 0 });
    const rows = (
      await app.inject({
        url: `/api/v1/worksheets/uploads/${uploadId}/rows?limit=100`,
        headers: { cookie: kunming },
      })
    ).json().items as {
      customerNo: string;
      outcome: string;
      errors: { column: string; zh: string }[];
      changes: Record<string, { old: string; new: string }>;
    }[];
    const by = (no: string) => rows.find((r) => r.customerNo === no)!;
    expect(by('Kconfirm').outcome).toBe('update');
    expect(by('Kcorrect').changes).toEqual({
      name: { old: '张三', new: '王五' },
      mobile: { old: '13812345678', new: '13912345678' },
    });
    expect(by('Kclosed').changes).toEqual({ status: { old: 'active', new: 'closed' } });
    expect(by('KbadMobile').errors[0]).toMatchObject({ column: '更正手机' });
    expect(by('KbadMobile').errors[0]!.zh).toContain('未通过系统校验');
    expect(by('KbadResult').errors[0]!.zh).toContain('不是有效的核实结果');
    expect(by('KemptyCorrect').errors[0]!.zh).toContain('没有填写任何更正值');
    expect(by('Kfuture').errors[0]).toMatchObject({ column: '核实日期' });
    expect(by('Kfuture').errors[0]!.zh).toContain('未来');
    expect(by('Kformula').errors[0]!.zh).toMatch(/^I\d+ 单元格是公式/);
    expect(by('Ktamper').errors[0]).toMatchObject({ column: '校验码' });
    expect(by('Ktamper').errors[0]!.zh).toContain('被修改');
    expect(by('Kblank').outcome).toBe('blank');
    // nothing changed yet
    expect((await customer(c.correct!.id)).mobile).toBe('13812345678');
    expect(await countChanges()).toBe(0);
  });

  it('offers the sheet back with an error column', async () => {
    const res = await app.inject({
      url: `/api/v1/worksheets/uploads/${uploadId}/errors.xlsx`,
      headers: { cookie: kunming },
    });
    expect(res.statusCode).toBe(200);
    const file = join(dir, 'errors.xlsx');
    await writeFile(file, res.rawPayload);
    const rows = await readRows(file);
    expect(rows.find((r) => r['户号'] === 'KbadResult')!['错误说明']).toContain('【核实结果】');
    expect(rows.find((r) => r['户号'] === 'Kconfirm')!['错误说明']).toBe('');
  });

  // issue 18, finding 1: the error file wrote the stored rows unmasked for every viewer
  it('masks phones and IDs in the error file for a coordinator, as in every other answer', async () => {
    const res = await app.inject({
      url: `/api/v1/worksheets/uploads/${uploadId}/errors.xlsx`,
      headers: { cookie: coordinator },
    });
    expect(res.statusCode).toBe(200);
    const file = join(dir, 'errors-coordinator.xlsx');
    await writeFile(file, res.rawPayload);
    const text = JSON.stringify(await readRows(file));
    expect(text).toContain('KbadMobile');
    expect(text).toContain('138****5678');
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain('530102199001011234');
    expect(text).not.toContain('13912345678'); // a correction typed into the sheet
    // the city team that works with the numbers still gets them in full
    const own = await app.inject({
      url: `/api/v1/worksheets/uploads/${uploadId}/errors.xlsx`,
      headers: { cookie: kunming },
    });
    await writeFile(file, own.rawPayload);
    expect(JSON.stringify(await readRows(file))).toContain('13812345678');
  });

  it('commits atomically: changes logged, states moved, findings re-checked', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/uploads/${uploadId}/commit`,
      headers: { cookie: kunming },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      applied: 3,
      conflicts: 0,
      changedCustomers: 2,
      alreadyCommitted: false,
    });
    const after = await customer(c.correct!.id);
    expect(after).toMatchObject({ mobile: '13912345678', name: '王五', version: c.correct!.version + 1 });
    expect((await customer(c.closed!.id)).status).toBe('closed');
    const changes = await db.kysely
      .selectFrom('customer_changes')
      .selectAll()
      .where('source', '=', 'worksheet')
      .execute();
    expect(changes.map((ch) => [ch.customer_id, ch.field, ch.batch_id, ch.user_id]).sort()).toEqual(
      [
        [c.correct!.id, 'mobile', uploadId, kunmingUserId],
        [c.correct!.id, 'name', uploadId, kunmingUserId],
        [c.closed!.id, 'status', uploadId, kunmingUserId],
      ].sort(),
    );
    // one commit, one time: the customer's updated_at and its changes' changed_at
    const at = after.updated_at.toISOString();
    expect(
      changes
        .map((ch) => [ch.field, ch.old_value, ch.city_code, ch.changed_at.toISOString()].join(' '))
        .sort(),
    ).toEqual(
      [
        `mobile ${c.correct!.mobile} ${TREE.kunming.city} ${at}`,
        `name ${c.correct!.name} ${TREE.kunming.city} ${at}`,
        `status active ${TREE.kunming.city} ${at}`,
      ].sort(),
    );
    expect(changes.map((ch) => ch.new_value).sort()).toEqual(['13912345678', 'closed', '王五'].sort());
    expect(await stateOf(c.confirm!.id)).toBe('confirmed');
    expect(await stateOf(c.correct!.id)).toBe('corrected');
    expect(await stateOf(c.closed!.id)).toBe('closed');
    expect(await stateOf(c.badMobile!.id)).toBe('in_field');
    const ev = await db.kysely
      .selectFrom('verification_events')
      .selectAll()
      .where('source', '=', 'worksheet')
      .execute();
    expect(ev.every((e) => e.ref === uploadId)).toBe(true);
    // committing the same upload again changes nothing
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/uploads/${uploadId}/commit`,
      headers: { cookie: kunming },
    });
    expect(again.json()).toMatchObject({ alreadyCommitted: true });
    expect(await countChanges()).toBe(3);
  });

  it('re-uploading the same file changes nothing', async () => {
    const res = await uploadFile(app, kunming, filled);
    const upload = res.json().upload;
    expect(upload).toMatchObject({ rowsUpdate: 0, rowsConflict: 0, rowsUnchanged: 3, duplicateOf: uploadId });
    const commit = await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/uploads/${upload.id}/commit`,
      headers: { cookie: kunming },
    });
    expect(commit.json()).toMatchObject({ applied: 0, changedCustomers: 0 });
    expect(await countChanges()).toBe(3);
    expect((await customer(c.correct!.id)).version).toBe(c.correct!.version + 1);
  });

  it('two previews of the same rows: the second commit sees them applied, not as conflicts', async () => {
    const exported = join(dir, 'twice.xlsx');
    await exportTo(app, kunming, { findingsOnly: false, stationCodes: [TREE.kunming.station] }, exported);
    const file = join(dir, 'twice-filled.xlsx');
    await fillWorkbook(exported, file, {
      KemptyCorrect: { result: '已更正', newName: '钱七' },
      Kfuture: { result: '无法联系' },
    });
    const first = (await uploadFile(app, kunming, file)).json().upload;
    const second = (await uploadFile(app, kunming, file)).json().upload;
    expect([first.rowsUpdate, second.rowsUpdate]).toEqual([2, 2]);
    const before = await countChanges();
    const commit = (id: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/worksheets/uploads/${id}/commit`,
        headers: { cookie: kunming },
      });
    expect((await commit(first.id)).json()).toMatchObject({ applied: 2, conflicts: 0, changedCustomers: 1 });
    const again = (await commit(second.id)).json();
    expect(again).toMatchObject({ applied: 0, conflicts: 0, changedCustomers: 0 });
    expect(again.upload).toMatchObject({ rowsUpdate: 0, rowsUnchanged: 2 });
    expect(await countChanges()).toBe(before + 1);
  });

  it('a preview can be discarded, and one left alone expires: neither can be committed', async () => {
    const file = join(dir, 'twice-filled.xlsx');
    const post = (id: string, action: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/worksheets/uploads/${id}/${action}`,
        headers: { cookie: kunming },
      });
    const dropped = (await uploadFile(app, kunming, file)).json().upload;
    expect(dropped).toMatchObject({ status: 'previewed' });
    expect(Date.parse(dropped.expiresAt) - Date.parse(dropped.createdAt)).toBe(24 * 3600 * 1000);
    const discarded = await post(dropped.id, 'discard');
    expect(discarded.json().upload).toMatchObject({ status: 'discarded', expiresAt: null });
    expect((await post(dropped.id, 'commit')).statusCode).toBe(409);
    // the other team's city cannot discard it, or see it
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/worksheets/uploads/${dropped.id}/discard`,
          headers: { cookie: qujing },
        })
      ).statusCode,
    ).toBe(404);

    const left = (await uploadFile(app, kunming, file)).json().upload;
    const now = clock();
    clock.advance(24 * 3600 * 1000 + 1000);
    try {
      // a day later the session has expired too: sign in again, as the team would
      const later = await loginAs(app, kunmingUsername, TEST_PASSWORD);
      const listed = (
        await app.inject({ url: '/api/v1/worksheets/uploads', headers: { cookie: later } })
      ).json();
      expect(listed.items.find((u: { id: string }) => u.id === left.id)).toMatchObject({
        status: 'expired',
        expiresAt: null,
      });
      const commit = await app.inject({
        method: 'POST',
        url: `/api/v1/worksheets/uploads/${left.id}/commit`,
        headers: { cookie: later },
      });
      expect(commit.statusCode).toBe(409);
    } finally {
      clock.set(now);
    }
    // a committed upload cannot be discarded
    const committed = (await app.inject({ url: '/api/v1/worksheets/uploads', headers: { cookie: kunming } }))
      .json()
      .items.find((u: { status: string }) => u.status === 'committed');
    expect((await post(committed.id, 'discard')).statusCode).toBe(409);
  });

  it('a customer changed after export is a conflict, shown with current and uploaded values, not applied', async () => {
    const exported = join(dir, 'conf.xlsx');
    await exportTo(app, kunming, { findingsOnly: false, stationCodes: [TREE.kunming.station] }, exported);
    await changeCustomer(db.kysely, c.conflict!.id, { mobile: '13700000000' });
    const file = join(dir, 'conf-filled.xlsx');
    await fillWorkbook(exported, file, { Kconflict: { result: '已更正', newMobile: '13911112222' } });
    const upload = (await uploadFile(app, kunming, file)).json().upload;
    expect(upload.rowsConflict).toBe(1);
    const rows = (
      await app.inject({
        url: `/api/v1/worksheets/uploads/${upload.id}/rows?outcome=conflict`,
        headers: { cookie: kunming },
      })
    ).json().items;
    expect(rows[0]).toMatchObject({
      customerNo: 'Kconflict',
      currentValues: { mobile: '13700000000' },
      changes: { mobile: { new: '13911112222' } },
    });
    await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/uploads/${upload.id}/commit`,
      headers: { cookie: kunming },
    });
    expect((await customer(c.conflict!.id)).mobile).toBe('13700000000');
  });

  it('a change between preview and commit turns the row into a conflict at commit', async () => {
    const exported = join(dir, 'race.xlsx');
    await exportTo(app, kunming, { findingsOnly: false, stationCodes: [TREE.kunming.station] }, exported);
    const file = join(dir, 'race-filled.xlsx');
    await fillWorkbook(exported, file, {
      KbadResult: { result: '已更正', newAddress: '云南省昆明市五华区华山街道翠湖社区2组8号' },
    });
    const upload = (await uploadFile(app, kunming, file)).json().upload;
    expect(upload.rowsUpdate).toBe(1);
    await changeCustomer(db.kysely, c.badResult!.id, { name: '赵六' });
    const commit = (
      await app.inject({
        method: 'POST',
        url: `/api/v1/worksheets/uploads/${upload.id}/commit`,
        headers: { cookie: kunming },
      })
    ).json();
    expect(commit).toMatchObject({ applied: 0, conflicts: 1 });
    expect((await customer(c.badResult!.id)).address).toBe(c.badResult!.address);
  });

  it('rows about customers outside the uploader’s region are refused, and uploads are private to the region', async () => {
    const res = await uploadFile(app, qujing, filled);
    expect(res.statusCode).toBe(200);
    const upload = res.json().upload;
    expect(upload.rowsUpdate).toBe(0);
    const rows = (
      await app.inject({
        url: `/api/v1/worksheets/uploads/${upload.id}/rows?outcome=error`,
        headers: { cookie: qujing },
      })
    ).json().items;
    expect(rows.some((r: { errors: { zh: string }[] }) => r.errors[0]!.zh.includes('不在您的管辖范围'))).toBe(
      true,
    );
    expect(
      (await app.inject({ url: `/api/v1/worksheets/uploads/${uploadId}`, headers: { cookie: qujing } }))
        .statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: 'POST',
          url: `/api/v1/worksheets/uploads/${uploadId}/commit`,
          headers: { cookie: qujing },
        })
      ).statusCode,
    ).toBe(404);
    const list = (await app.inject({ url: '/api/v1/worksheets/uploads', headers: { cookie: qujing } })).json()
      .items;
    expect(list.map((u: { id: string }) => u.id)).toEqual([upload.id]);
  });

  it('corrects an ID number in the 更正证件号 column, judged by the rules before it lands', async () => {
    const good = await newCustomer(db.kysely, { customer_no: 'KcertGood', city: 'kunming' });
    const bad = await newCustomer(db.kysely, { customer_no: 'KcertBad', city: 'kunming' });
    const exported = join(dir, 'cert.xlsx');
    await exportTo(app, kunming, { findingsOnly: false, stationCodes: [TREE.kunming.station] }, exported);
    const rows = await readRows(exported);
    expect(Object.keys(rows[0]!)).toContain('更正证件号');
    const file = join(dir, 'cert-filled.xlsx');
    await fillWorkbook(exported, file, {
      KcertGood: { result: '已更正', newCertNo: '5301 0219 9001 0112 31' },
      KcertBad: { result: '已更正', newCertNo: '530102199001011239' },
    });
    const upload = (await uploadFile(app, kunming, file)).json().upload;
    const errors = (
      await app.inject({
        url: `/api/v1/worksheets/uploads/${upload.id}/rows?outcome=error`,
        headers: { cookie: kunming },
      })
    ).json().items;
    const refused = errors.find((r: { customerNo: string }) => r.customerNo === 'KcertBad');
    expect(refused.errors[0]).toMatchObject({ column: '更正证件号' });
    expect(refused.errors[0].zh).toContain('更正证件号未通过系统校验');
    await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/uploads/${upload.id}/commit`,
      headers: { cookie: kunming },
    });
    expect((await customer(good.id)).cert_no).toBe('530102199001011231');
    expect((await customer(bad.id)).cert_no).toBe(bad.cert_no);
  });

  it('downloads an earlier export again from its stored scope, logged as a new export', async () => {
    const first = await exportTo(
      app,
      kunming,
      { findingsOnly: false, stationCodes: [TREE.kunming.station] },
      join(dir, 'a.xlsx'),
    );
    const again = await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/exports/${first.exportId}/again`,
      headers: { cookie: kunming },
    });
    expect(again.statusCode).toBe(200);
    expect(Number(again.headers['x-export-id'])).toBeGreaterThan(first.exportId);
    expect(Number(again.headers['x-export-rows'])).toBe(first.rows);
    const list = (
      await app.inject({ url: '/api/v1/worksheets/exports', headers: { cookie: kunming } })
    ).json().items;
    expect(list[0]).toMatchObject({ id: String(again.headers['x-export-id']), stations: 1 });
    expect(list[0].scope.label).toMatch(/^重新下载：/);
    expect(list[0].scope.stationCodes).toEqual([TREE.kunming.station]);
    // another city's export is not there to download
    const foreign = await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/exports/${first.exportId}/again`,
      headers: { cookie: qujing },
    });
    expect(foreign.statusCode).toBe(404);
  });
});
