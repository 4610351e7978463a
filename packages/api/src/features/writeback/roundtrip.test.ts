// The round trip (issue 17) through the real API and services, on PGlite and PostgreSQL:
// load extract A → worksheet for 昆明 → correct X's mobile in the xlsx (exceljs) → import + commit →
// reload A (X keeps ours, 0 conflicts) → load B with a third number (1 conflict, ours kept) →
// change file lists X once → ack → the next file after that id does not list it → load C carrying
// the corrected number → 源系统已确认. Then bad acknowledgements, conflict resolution, full/delta.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { createApiToken } from '../auth/service.ts';
import { PROVINCE } from '../auth/region.ts';
import { runLoad } from '../loads/service.ts';
import { fillWorkbook } from '../worksheets/fill.testing.ts';
import { exportTo, uploadFile } from '../worksheets/worksheets-helpers.testing.ts';
import { acknowledgeChanges, parseAckCsv } from './ack.ts';
import { writeChangeFile } from './file.ts';
import { maskerFor } from './mask.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let dir: string;
let kunming: string;
let coordinator: string;
let cityToken: string;
let qujingToken: string;
let provinceToken: string;

const HEADER = 'customer_no,name,customer_type,mobile,address,station_code';
const M0 = '13800000001';
const M1 = '13911112222';
const M2 = '13733334444';
function extract(xMobile: string, opts: { withoutY?: boolean } = {}) {
  const rows = [
    `X1,张三,residential,${xMobile},昆明市五华区1号,${TREE.kunming.station}`,
    `Y1,李四,residential,13800000002,昆明市五华区2号,${TREE.kunming.station}`,
    `Q1,王五,residential,13800000003,曲靖市麒麟区3号,${TREE.qujing.station}`,
  ].filter((r) => !(opts.withoutY && r.startsWith('Y1')));
  return [HEADER, ...rows].join('\n') + '\n';
}
let n = 0;
async function load(content: string, mode: 'full' | 'delta' = 'full') {
  const path = join(dir, `extract-${++n}.csv`);
  await writeFile(path, content);
  return (
    await runLoad(db, { kind: 'customers', path, fileName: `e${n}.csv`, userId: null, now: TEST_EPOCH, mode })
  ).batch;
}
const customerX = () =>
  db.kysely.selectFrom('customers').selectAll().where('customer_no', '=', 'X1').executeTakeFirstOrThrow();
const changesOfX = async () =>
  db.kysely
    .selectFrom('outbound_changes as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .select(['o.id', 'o.field', 'o.base_value', 'o.new_value', 'o.state', 'o.source'])
    .where('c.customer_no', '=', 'X1')
    .orderBy('o.id')
    .execute();
const csvRows = async (path: string) =>
  (await readFile(path, 'utf8'))
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((l) => l.split(','));
async function changeFile(opts: { afterId?: number } = {}) {
  const path = join(dir, `changes-${++n}.csv`);
  const r = await writeChangeFile(db, path, {
    region: PROVINCE,
    format: 'csv',
    mask: maskerFor('operator'),
    userId: null,
    tokenId: null,
    now: TEST_EPOCH,
    ...opts,
  });
  return { ...r, rows: await csvRows(path) };
}

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db);
  dir = await mkdtemp(join(tmpdir(), 'qy-roundtrip-'));
  const k = await newUser(db.kysely, 'city_member', { cityCode: TREE.kunming.city });
  kunming = await loginAs(app, k.username, TEST_PASSWORD);
  const co = await newUser(db.kysely, 'coordinator');
  coordinator = await loginAs(app, co.username, TEST_PASSWORD);
  cityToken = (await createApiToken(db.kysely, 'km', TREE.kunming.city, null, TEST_EPOCH)).token;
  qujingToken = (await createApiToken(db.kysely, 'qj', TREE.qujing.city, null, TEST_EPOCH)).token;
  provinceToken = (await createApiToken(db.kysely, 'prov', null, null, TEST_EPOCH)).token;
});
afterAll(async () => {
  await app.close();
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the round trip', () => {
  let changeId = 0;

  it('load A, correct X through a worksheet, reload A: ours kept, 0 conflicts', async () => {
    const a = await load(extract(M0));
    expect(a).toMatchObject({ rowsInserted: 3, rowsConflicts: 0, mode: 'full' });
    const exported = join(dir, 'km.xlsx');
    await exportTo(app, kunming, { findingsOnly: false }, exported);
    const filled = join(dir, 'km-filled.xlsx');
    expect(await fillWorkbook(exported, filled, { X1: { result: '已更正', newMobile: M1 } })).toBe(1);
    const up = await uploadFile(app, kunming, filled);
    expect(up.statusCode, up.body).toBe(200);
    const commit = await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/uploads/${up.json().upload.id}/commit`,
      headers: { cookie: kunming },
    });
    expect(commit.statusCode, commit.body).toBe(200);
    expect((await customerX()).mobile).toBe(M1);
    const [change] = await changesOfX();
    expect(change).toMatchObject({
      field: 'mobile',
      base_value: M0,
      new_value: M1,
      state: 'pending',
      source: 'worksheet',
    });
    changeId = Number(change!.id);

    const again = await load(extract(M0));
    expect(again).toMatchObject({ rowsUnchanged: 3, rowsUpdated: 0, rowsConflicts: 0, rowsConfirmed: 0 });
    expect(again.rowsLoaded + again.rowsRejected).toBe(again.rowsTotal);
    expect((await customerX()).mobile).toBe(M1);
  });

  it('load B with a third number: one conflict, ours kept, on the 冲突处理 list of 昆明', async () => {
    const b = await load(extract(M2));
    // loaded + rejected = rows: the customer merged twice (read, then locked) is counted once
    expect(b).toMatchObject({
      rowsConflicts: 1,
      rowsUpdated: 0,
      rowsTotal: 3,
      rowsLoaded: 3,
      rowsUnchanged: 3,
    });
    expect((await customerX()).mobile).toBe(M1);
    const res = await app.inject({ method: 'GET', url: '/api/v1/conflicts', headers: { cookie: kunming } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      total: 1,
      items: [
        {
          customerNo: 'X1',
          field: 'mobile',
          base: M0,
          ours: M1,
          theirs: M2,
          oursSource: 'worksheet',
          kind: 'load',
        },
      ],
    });
    // reloading B does not raise it twice: the source's value is now the base
    expect(await load(extract(M2))).toMatchObject({ rowsConflicts: 0 });
    const summary = await app.inject({
      method: 'GET',
      url: '/api/v1/conflicts/summary',
      headers: { cookie: coordinator },
    });
    expect(
      summary.json().cities.find((c: { cityCode: string }) => c.cityCode === TREE.kunming.city),
    ).toMatchObject({
      open: 1,
      oldestDays: 0,
    });
  });

  it('the change file lists X once; after the ack the next file after that id does not', async () => {
    const first = await changeFile();
    expect(first.rows[0]).toEqual(['变更编号', '户号', '供电单位编码', '手机号码']);
    const xRows = first.rows.filter((r) => r[1] === 'X1');
    expect(xRows).toEqual([[String(changeId), 'X1', TREE.kunming.station, M1]]);
    // the next file holds nothing already handed out
    expect((await changeFile()).rows.filter((r) => r[1] === 'X1')).toEqual([]);
    const feed = await app.inject({
      method: 'GET',
      url: `/api/v1/changes?after=0`,
      headers: { authorization: `Bearer ${cityToken}` },
    });
    expect(
      feed.json().items.map((i: { customerNo: string; state: string }) => [i.customerNo, i.state]),
    ).toEqual([['X1', 'exported']]);
    const ack = await app.inject({
      method: 'POST',
      url: '/api/v1/changes/ack',
      headers: { authorization: `Bearer ${cityToken}` },
      payload: { csv: `id,status\n${changeId},applied\n` },
    });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toEqual({ applied: 1, rejected: 0, unchanged: 0 });
    // again: idempotent
    expect(
      await acknowledgeChanges(
        db,
        parseAckCsv(`${changeId},applied`),
        { region: PROVINCE, by: 't' },
        TEST_EPOCH,
      ),
    ).toEqual({ applied: 0, rejected: 0, unchanged: 1 });
    expect((await changeFile({ afterId: changeId })).rows.filter((r) => r[1] === 'X1')).toEqual([]);
    expect((await changesOfX())[0]!.state).toBe('written_back');
  });

  it('load C carrying the corrected number: 源系统已确认, the conflict settles', async () => {
    const c = await load(extract(M1));
    expect(c).toMatchObject({
      rowsConfirmed: 1,
      rowsConflicts: 0,
      rowsUpdated: 0,
      rowsTotal: 3,
      rowsLoaded: 3,
    });
    expect((await changesOfX())[0]!.state).toBe('confirmed');
    const res = await app.inject({ method: 'GET', url: '/api/v1/conflicts', headers: { cookie: kunming } });
    expect(res.json().total).toBe(0);
    const summary = await app.inject({
      method: 'GET',
      url: '/api/v1/changes/summary',
      headers: { cookie: coordinator },
    });
    expect(
      summary.json().cities.find((x: { cityCode: string }) => x.cityCode === TREE.kunming.city),
    ).toMatchObject({
      confirmed: 1,
      writtenBackPct: 100,
    });
  });

  it('a full extract without Y marks it missing; a delta without it does not; Y back clears it', async () => {
    expect(await load(extract(M1, { withoutY: true }), 'delta')).toMatchObject({
      rowsMissing: 0,
      mode: 'delta',
    });
    expect(await load(extract(M1, { withoutY: true }))).toMatchObject({ rowsMissing: 1 });
    expect(await db.kysely.selectFrom('source_missing').selectAll().execute()).toHaveLength(1);
    await load(extract(M1));
    expect(await db.kysely.selectFrom('source_missing').selectAll().execute()).toHaveLength(0);
    expect(await db.kysely.selectFrom('customers').selectAll().execute()).toHaveLength(3);
  });
});

describe('bad acknowledgements: a clear error, nothing applied', () => {
  let kmId = 0;
  let qjId = 0;
  beforeAll(async () => {
    // one fresh correction in each city, through the one write path
    const { applyOverCurrent } = await import('../customers/changes.ts');
    const ids = await db.kysely.selectFrom('customers').select(['id', 'customer_no']).execute();
    const id = (no: string) => ids.find((r) => r.customer_no === no)!.id;
    await db.kysely.transaction().execute((trx) =>
      applyOverCurrent(
        trx,
        [
          { customerId: id('Y1'), fields: { mobile: '13955556666' } },
          { customerId: id('Q1'), fields: { mobile: '13977778888' } },
        ],
        { source: { kind: 'call', ref: '1', userId: null }, now: TEST_EPOCH },
      ),
    );
    const rows = await db.kysely
      .selectFrom('outbound_changes')
      .selectAll()
      .where('state', '=', 'pending')
      .execute();
    kmId = Number(rows.find((r) => r.customer_no === 'Y1')!.id);
    qjId = Number(rows.find((r) => r.customer_no === 'Q1')!.id);
  });
  const states = async () =>
    (
      await db.kysely.selectFrom('outbound_changes').select('state').where('id', 'in', [kmId, qjId]).execute()
    ).map((r) => r.state);
  const ack = (token: string, payload: object) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/changes/ack',
      headers: { authorization: `Bearer ${token}` },
      payload,
    });

  it('a malformed file', async () => {
    const res = await ack(provinceToken, { csv: `id,status\n${kmId},applied\nabc,done\n` });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/回执文件格式错误.*第3行.*Malformed.*line 3/s);
    expect(await states()).toEqual(['pending', 'pending']);
  });

  it('an unknown id', async () => {
    const res = await ack(provinceToken, {
      items: [
        { id: kmId, status: 'applied' },
        { id: 999999, status: 'applied' },
      ],
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().error).toMatchObject({ details: { ids: [999999] } });
    expect(res.json().error.message).toMatch(/未找到变更编号：999999.*Unknown change ids: 999999/);
    expect(await states()).toEqual(['pending', 'pending']);
  });

  it("another city's change acked by a city token", async () => {
    const res = await ack(cityToken, {
      items: [
        { id: kmId, status: 'applied' },
        { id: qjId, status: 'applied' },
      ],
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(
      new RegExp(`不属于您的单位：${qjId}.*outside your region: ${qjId}`),
    );
    expect(await states()).toEqual(['pending', 'pending']);
    // and a city token's feed holds only its city
    const feed = await app.inject({
      method: 'GET',
      url: '/api/v1/changes',
      headers: { authorization: `Bearer ${qujingToken}` },
    });
    expect(feed.json().items.map((i: { customerNo: string }) => i.customerNo)).toEqual(['Q1']);
  });

  it('a rejection becomes a conflict with the reason; keep ours sends the change again', async () => {
    const res = await ack(cityToken, { csv: `${kmId},rejected,"号码已停机, 请核实"` });
    expect(res.json()).toEqual({ applied: 0, rejected: 1, unchanged: 0 });
    const list = await app.inject({ method: 'GET', url: '/api/v1/conflicts', headers: { cookie: kunming } });
    const conflict = list.json().items.find((c: { customerNo: string }) => c.customerNo === 'Y1');
    expect(conflict).toMatchObject({ kind: 'rejected', reason: '号码已停机, 请核实', ours: '13955556666' });
    const resolve = await app.inject({
      method: 'POST',
      url: '/api/v1/conflicts/resolve',
      headers: { cookie: kunming },
      payload: { ids: [conflict.id], action: 'keep_ours' },
    });
    expect(resolve.json()).toEqual({ resolved: 1, failed: [] });
    const again = await db.kysely
      .selectFrom('outbound_changes')
      .select(['new_value', 'state', 'source'])
      .where('customer_no', '=', 'Y1')
      .where('state', '=', 'pending')
      .execute();
    expect(again).toEqual([{ new_value: '13955556666', state: 'pending', source: 'resolution' }]);
  });

  it('a value another person enters is checked by the rules', async () => {
    await load(extract(M1).replace('13800000003', '13700000000'));
    const list = await app.inject({
      method: 'GET',
      url: '/api/v1/conflicts',
      headers: { cookie: coordinator },
    });
    const conflict = list.json().items.find((c: { customerNo: string }) => c.customerNo === 'Q1');
    expect(conflict).toMatchObject({ kind: 'load' });
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/conflicts/resolve',
      headers: { cookie: coordinator },
      payload: { ids: [conflict.id], action: 'other', value: '1234' },
    });
    expect(bad.json().resolved).toBe(0);
    expect(bad.json().failed[0].zh).toContain('未通过校验');
    const take = await app.inject({
      method: 'POST',
      url: '/api/v1/conflicts/resolve',
      headers: { cookie: kunming },
      payload: { ids: [conflict.id], action: 'take_source' },
    });
    // 曲靖's conflict is not 昆明's to resolve
    expect(take.json().failed).toHaveLength(1);
  });
});
