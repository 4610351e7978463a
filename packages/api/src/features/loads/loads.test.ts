import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asAdmin, createTestDb, testDbKind, type TestDb } from '../../testing/test-db.ts';
import { applyOverCurrent } from '../customers/changes.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { loadCustomers } from './customers-loader.ts';
import { runLoad } from './service.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { openTable, type Table } from './parse.ts';

let db: TestDb;
const load = (kind: 'customers' | 'org_units', path: string, fileName: string) =>
  runLoad(db, { kind, path, fileName, userId: null, now: TEST_EPOCH });
const dir = mkdtempSync(join(tmpdir(), 'qy-load-test-'));
let n = 0;
const file = (content: string | Buffer, ext = 'csv') => {
  const path = join(dir, `f${++n}.${ext}`);
  writeFileSync(path, content);
  return path;
};
const HEADER = 'customer_no,name,customer_type,cert_type,cert_no,mobile,landline,address,station_code,status';
const row = (no: string, over: Partial<Record<string, string>> = {}) => {
  const v = {
    name: '李四',
    customer_type: 'residential',
    cert_type: 'resident_id',
    cert_no: '',
    mobile: '13912345678',
    landline: '',
    address: '云南省昆明市五华区华山街道1号',
    station_code: TREE.kunming.station,
    status: 'active',
    ...over,
  };
  return [
    no,
    v.name,
    v.customer_type,
    v.cert_type,
    v.cert_no,
    v.mobile,
    v.landline,
    v.address,
    v.station_code,
    v.status,
  ].join(',');
};
const countCustomers = async () =>
  Number(
    (
      await db.kysely
        .selectFrom('customers')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
});
afterAll(async () => {
  await db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('customers loader', () => {
  it('loads a UTF-8 CSV with BOM and Chinese headers and enum values', async () => {
    const csv =
      '\uFEFF户号,户名,用户类型,证件类型,证件号码,手机号码,固定电话,用电地址,供电单位编码,状态\n' +
      `C1,王五,居民,居民身份证,,13812345678,,昆明市五华区,${TREE.kunming.station},在用\n` +
      `C2,昆明某某有限公司,非居民,统一社会信用代码,91530100MA6K000000,,0871-65123456,昆明市,${TREE.kunming.station},销户\n`;
    const { batch } = await load('customers', file(csv), 'a.csv');
    expect(batch).toMatchObject({
      status: 'completed',
      rowsTotal: 2,
      rowsLoaded: 2,
      rowsInserted: 2,
      rowsRejected: 0,
    });
    const c2 = await db.kysely
      .selectFrom('customers')
      .selectAll()
      .where('customer_no', '=', 'C2')
      .executeTakeFirstOrThrow();
    expect(c2).toMatchObject({
      customer_type: 'non_residential',
      cert_type: 'uscc',
      status: 'closed',
      city_code: TREE.kunming.city,
      county_code: TREE.kunming.county,
      version: 1,
    });
  });

  it('detects and converts a GBK file', async () => {
    const csv = `${HEADER}\n${row('G1', { name: '赵六', address: '云南省曲靖市麒麟区南宁街道8号', station_code: TREE.qujing.station })}\n`;
    const { batch } = await load('customers', file(iconv.encode(csv, 'gbk')), 'gbk.csv');
    expect(batch.rowsLoaded).toBe(1);
    const g1 = await db.kysely
      .selectFrom('customers')
      .select(['name', 'address'])
      .where('customer_no', '=', 'G1')
      .executeTakeFirstOrThrow();
    expect(g1).toEqual({ name: '赵六', address: '云南省曲靖市麒麟区南宁街道8号' });
  });

  it('loads an xlsx file', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户');
    ws.addRow(HEADER.split(','));
    ws.addRow(row('X1', { name: '孙七' }).split(','));
    ws.addRow([]);
    ws.addRow(row('X2', { mobile: '13700001111' }).split(','));
    const path = join(dir, 'c.xlsx');
    await wb.xlsx.writeFile(path);
    const { batch } = await load('customers', path, 'c.xlsx');
    expect(batch).toMatchObject({ rowsTotal: 2, rowsLoaded: 2 });
  });

  it('upserts by customer_no, records each changed field, bumps the version, leaves unchanged rows alone', async () => {
    await load('customers', file(`${HEADER}\n${row('U1')}\n${row('U2')}\n`), 'u1.csv');
    const before = await db.kysely
      .selectFrom('customers')
      .selectAll()
      .where('customer_no', '=', 'U1')
      .executeTakeFirstOrThrow();
    const { batch } = await load(
      'customers',
      file(
        `${HEADER}\n${row('U1', { mobile: '13600000001', address: '昆明市五华区华山街道2号' })}\n${row('U2')}\n`,
      ),
      'u2.csv',
    );
    expect(batch).toMatchObject({ rowsUpdated: 1, rowsUnchanged: 1, rowsInserted: 0 });
    const after = await db.kysely
      .selectFrom('customers')
      .selectAll()
      .where('customer_no', '=', 'U1')
      .executeTakeFirstOrThrow();
    expect(after.version).toBe(before.version + 1);
    expect(after.mobile).toBe('13600000001');
    const changes = await db.kysely
      .selectFrom('customer_changes')
      .selectAll()
      .where('customer_id', '=', before.id)
      .orderBy('field')
      .execute();
    expect(changes.map((c) => [c.field, c.old_value, c.new_value, c.source, c.batch_id])).toEqual([
      ['address', '云南省昆明市五华区华山街道1号', '昆明市五华区华山街道2号', 'load', batch.id],
      ['mobile', '13912345678', '13600000001', 'load', batch.id],
    ]);
    expect(changes.map((c) => [c.city_code, c.user_id, c.changed_at.toISOString()])).toEqual([
      [TREE.kunming.city, null, TEST_EPOCH.toISOString()],
      [TREE.kunming.city, null, TEST_EPOCH.toISOString()],
    ]);
    expect(after.updated_at.toISOString()).toBe(TEST_EPOCH.toISOString());
  });

  it('moves a customer to another city with its station, the change filed under the new city', async () => {
    await load('customers', file(`${HEADER}\n${row('MOVE1')}\n`), 'm1.csv');
    const before = await db.kysely
      .selectFrom('customers')
      .selectAll()
      .where('customer_no', '=', 'MOVE1')
      .executeTakeFirstOrThrow();
    const { batch } = await load(
      'customers',
      file(`${HEADER}\n${row('MOVE1', { station_code: TREE.qujing.station })}\n`),
      'm2.csv',
    );
    expect(batch).toMatchObject({ rowsUpdated: 1 });
    const after = await db.kysely
      .selectFrom('customers')
      .selectAll()
      .where('customer_no', '=', 'MOVE1')
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({
      station_code: TREE.qujing.station,
      county_code: TREE.qujing.county,
      city_code: TREE.qujing.city,
      version: before.version + 1,
    });
    const changes = await db.kysely
      .selectFrom('customer_changes')
      .select(['field', 'old_value', 'new_value', 'city_code', 'batch_id'])
      .where('customer_id', '=', before.id)
      .execute();
    expect(changes).toEqual([
      {
        field: 'station_code',
        old_value: TREE.kunming.station,
        new_value: TREE.qujing.station,
        city_code: TREE.qujing.city,
        batch_id: batch.id,
      },
    ]);
  });

  it('keeps the change log append-only', async () => {
    // even the tables' owner: the trigger refuses (the app's role has no such privilege at all: audit-roles.test.ts)
    await asAdmin(db, async (admin) => {
      await expect(admin.deleteFrom('customer_changes').execute()).rejects.toThrow(/append-only/);
      await expect(admin.updateTable('customer_changes').set({ new_value: 'x' }).execute()).rejects.toThrow(
        /append-only/,
      );
    });
  });

  it('rejects bad rows with row, column and reason, loads the good ones, and loaded + rejected = rows', async () => {
    const lines = [
      HEADER,
      row('B1'), // 2: good
      row('', {}), // 3: missing customer_no
      row('B1'), // 4: duplicate in file
      row('B3', { customer_type: '工业' }), // 5: unknown enum
      row('B4', { station_code: 'NOPE' }), // 6: unknown station
      row('B5', { station_code: TREE.kunming.county }), // 7: a county is not a station
      'B6,"unclosed,residential', // 8..: malformed CSV
      row('B7'),
    ];
    const { batch } = await load('customers', file(lines.join('\n') + '\n'), 'bad.csv');
    expect(batch.rowsLoaded + batch.rowsRejected).toBe(batch.rowsTotal);
    expect(batch.rowsRejected).toBeGreaterThanOrEqual(5);
    const errors = await db.kysely
      .selectFrom('load_errors')
      .selectAll()
      .where('batch_id', '=', Number(batch.id))
      .orderBy('row_no')
      .execute();
    expect(errors.slice(0, 5).map((e) => [e.row_no, e.column_name, e.code])).toEqual([
      [3, 'customer_no', 'required'],
      [4, 'customer_no', 'duplicate'],
      [5, 'customer_type', 'unknown_value'],
      [6, 'station_code', 'unknown_station'],
      [7, 'station_code', 'unknown_station'],
    ]);
    expect(errors[2]!.reason_zh).toContain('用户类型“工业”无效');
    expect(errors.some((e) => e.code === 'malformed')).toBe(true);
  });

  it('refuses a file without the required columns and records the batch as failed', async () => {
    await expect(load('customers', file('foo,bar\n1,2\n'), 'x.csv')).rejects.toThrow(/缺少必需的列/);
    const last = await db.kysely
      .selectFrom('load_batches')
      .selectAll()
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(last).toMatchObject({ status: 'failed', file_name: 'x.csv' });
    expect(last.error_message).toContain('customer_no');
  });

  it('refuses a file that is not a table', async () => {
    await expect(load('customers', file(Buffer.from([0, 1, 2, 3, 0, 0])), 'bin.csv')).rejects.toThrow(
      /neither CSV nor xlsx/,
    );
    await expect(
      load('customers', file(Buffer.from('PK\u0003\u0004garbage')), 'broken.xlsx'),
    ).rejects.toThrow();
  });

  // PostgreSQL only: PGlite has one connection, so nothing can commit beside a running load.
  it.runIf(testDbKind() === 'postgres')(
    'merges a correction committed while the load runs, never overwrites it',
    async () => {
      await load('customers', file(`${HEADER}\n${row('W1')}\n${row('W2')}\n`), 'w1.csv');
      const { id: batchId } = await db.kysely
        .insertInto('load_batches')
        .values({ kind: 'customers', file_name: 'w2.csv', user_id: null, started_at: TEST_EPOCH })
        .returning('id')
        .executeTakeFirstOrThrow();
      const w1 = await db.kysely
        .selectFrom('customers')
        .select('id')
        .where('customer_no', '=', 'W1')
        .executeTakeFirstOrThrow();
      const table = await openTable(
        file(`${HEADER}\n${row('W1', { mobile: '13600000002' })}\n${row('W2')}\n`),
      );
      let window: string[] = [];
      const counts = await loadCustomers(db, table, {
        batchId,
        userId: null,
        now: TEST_EPOCH,
        // a field team's correction of W1 commits after the load read W1, before it locks it
        beforeLock: async (nos) => {
          window = nos;
          await db.kysely.transaction().execute((trx) =>
            applyOverCurrent(trx, [{ customerId: Number(w1.id), fields: { mobile: '13600000001' } }], {
              source: { kind: 'worksheet', ref: 'w', userId: null },
              now: TEST_EPOCH,
            }),
          );
        },
      });
      expect(window).toEqual(['W1']);
      expect(counts).toMatchObject({ rowsUpdated: 0, rowsConflicts: 1, rowsUnchanged: 2, rowsLoaded: 2 });
      expect(counts.rowsLoaded + counts.rowsRejected).toBe(counts.rowsTotal);
      const after = await db.kysely
        .selectFrom('customers')
        .select('mobile')
        .where('id', '=', w1.id)
        .executeTakeFirstOrThrow();
      expect(after.mobile).toBe('13600000001');
      const conflict = await db.kysely
        .selectFrom('source_conflicts')
        .select(['base', 'ours', 'theirs', 'status'])
        .where('customer_id', '=', w1.id)
        .executeTakeFirstOrThrow();
      expect(conflict).toEqual({
        base: '13912345678',
        ours: '13600000001',
        theirs: '13600000002',
        status: 'open',
      });
    },
  );

  it('leaves the database as before the batch when the load dies midway', async () => {
    const before = await countCustomers();
    const { id: batchId } = await db.kysely
      .insertInto('load_batches')
      .values({ kind: 'customers', file_name: 'crash.csv', user_id: null, started_at: TEST_EPOCH })
      .returning('id')
      .executeTakeFirstOrThrow();
    async function* rows() {
      for (let i = 0; i < 2_500; i++) yield [{ rowNo: i + 2, cells: row(`K${i}`).split(',') }];
      throw new Error('disk vanished');
    }
    const table: Table = {
      format: 'csv',
      encoding: 'utf-8',
      header: HEADER.split(','),
      rows: rows(),
      close: async () => {},
    };
    // chunks of 1,000: two chunks were written inside the transaction before the failure
    await expect(
      loadCustomers(db, table, { batchId, userId: null, now: TEST_EPOCH, chunkSize: 1_000 }),
    ).rejects.toThrow('disk vanished');
    expect(await countCustomers()).toBe(before);
    expect(
      await db.kysely.selectFrom('load_errors').select('id').where('batch_id', '=', batchId).execute(),
    ).toHaveLength(0);
  });

  it('loads 100,000 rows with 1,000 bad ones: good rows in, each bad row reported', async () => {
    const lines = [HEADER];
    const bad = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      const isBad = i % 100 === 7;
      if (isBad) bad.add(i + 2);
      lines.push(isBad ? row(`M${i}`, { station_code: 'UNKNOWN' }) : row(`M${i}`));
    }
    const before = await countCustomers();
    const { batch } = await load('customers', file(lines.join('\n') + '\n'), 'big.csv');
    expect(batch).toMatchObject({ rowsTotal: 100_000, rowsLoaded: 99_000, rowsRejected: 1_000 });
    expect(await countCustomers()).toBe(before + 99_000);
    const errors = await db.kysely
      .selectFrom('load_errors')
      .select('row_no')
      .where('batch_id', '=', Number(batch.id))
      .execute();
    expect(new Set(errors.map((e) => e.row_no))).toEqual(bad);
  });
});

describe('org loader', () => {
  it('loads a tree in any order, derives city and county codes, rejects bad parents', async () => {
    const csv = [
      'code,name,level,parent_code,division_code',
      '53250101,蒙自某供电所,station,532501,',
      '532501,蒙自市供电公司,county,5325,532501',
      '5325,红河供电公司,city,53,5325',
      '53259901,孤儿供电所,station,999999,',
      '532502,个旧市供电公司,county,5325,', // county without a division code
      '53250102,错层供电所,station,5325,', // a station under a city
    ].join('\n');
    const { batch } = await load('org_units', file(csv), 'org.csv');
    expect(batch).toMatchObject({ rowsTotal: 6, rowsLoaded: 3, rowsRejected: 3 });
    const station = await db.kysely
      .selectFrom('org_units')
      .selectAll()
      .where('code', '=', '53250101')
      .executeTakeFirstOrThrow();
    expect(station).toMatchObject({ city_code: '5325', county_code: '532501', parent_code: '532501' });
    const codes = (
      await db.kysely
        .selectFrom('load_errors')
        .select('code')
        .where('batch_id', '=', Number(batch.id))
        .orderBy('row_no')
        .execute()
    ).map((e) => e.code);
    expect(codes).toEqual(['unknown_parent', 'required', 'wrong_parent_level']);
  });
});

describe('loads over HTTP', () => {
  it('uploads a file as a coordinator, lists batches, downloads the error file; a city user may not', async () => {
    const app = await buildTestApp(db);
    try {
      const coord = await newUser(db.kysely, 'coordinator');
      const cookie = await loginAs(app, coord.username, TEST_PASSWORD);
      const boundary = '----qy';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="h.csv"\r\nContent-Type: text/csv\r\n\r\n${HEADER}\n${row('H1')}\n${row('H2', { status: 'gone' })}\n\r\n--${boundary}--\r\n`;
      const headers = { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` };
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/loads/customers',
        headers,
        payload: body,
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().batch).toMatchObject({
        fileName: 'h.csv',
        rowsLoaded: 1,
        rowsRejected: 1,
        userName: coord.username,
      });
      const list = await app.inject({ method: 'GET', url: '/api/v1/loads', headers: { cookie } });
      expect(list.json().items[0].id).toBe(res.json().batch.id);
      const errors = await app.inject({
        method: 'GET',
        url: `/api/v1/loads/${res.json().batch.id}/errors.csv`,
        headers: { cookie },
      });
      expect(errors.headers['content-type']).toContain('text/csv');
      expect(errors.body).toContain('状态“gone”无效');
      expect(errors.body.split('\n')[1]).toMatch(/^3,/);
      // issue 18, finding 2: the raw line is masked for a coordinator (phones and IDs)
      expect(errors.body).toContain('139****5678');
      expect(errors.body).not.toContain('13912345678');
      const admin = await newUser(db.kysely, 'admin');
      const full = await app.inject({
        method: 'GET',
        url: `/api/v1/loads/${res.json().batch.id}/errors.csv`,
        headers: { cookie: await loginAs(app, admin.username, TEST_PASSWORD) },
      });
      expect(full.body).toContain('13912345678');

      const city = await newUser(db.kysely, 'city_member', { cityCode: TREE.kunming.city });
      const cityCookie = await loginAs(app, city.username, TEST_PASSWORD);
      const refused = await app.inject({
        method: 'POST',
        url: '/api/v1/loads/customers',
        headers: { ...headers, cookie: cityCookie },
        payload: body,
      });
      expect(refused.statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });

  // issue 18, finding 5: a 154 KB upload raised the server's RSS by 450 MB through exceljs
  it('refuses an xlsx zip bomb before exceljs opens it, with the worksheets’ guard', async () => {
    const app = await buildTestApp(db, { LOAD_MAX_UNZIPPED_MB: '1' });
    try {
      const coord = await newUser(db.kysely, 'coordinator');
      const cookie = await loginAs(app, coord.username, TEST_PASSWORD);
      const zip = new yazl.ZipFile();
      zip.addBuffer(Buffer.from('<Types/>'), '[Content_Types].xml');
      zip.addBuffer(Buffer.from('<workbook/>'), 'xl/workbook.xml');
      zip.addBuffer(Buffer.alloc(3 * 2 ** 20, 0x20), 'xl/worksheets/sheet1.xml');
      zip.end();
      const chunks: Buffer[] = [];
      for await (const c of zip.outputStream as AsyncIterable<Buffer>) chunks.push(c);
      const bomb = Buffer.concat(chunks);
      expect(bomb.length).toBeLessThan(50_000);
      const boundary = '----qy';
      const payload = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bomb.xlsx"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        bomb,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/loads/customers',
        headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload,
      });
      expect(res.statusCode, res.body).toBe(413);
      expect(res.json().error.message).toContain('压缩炸弹');
    } finally {
      await app.close();
    }
  });
});
