// Retention end to end: a high-voltage customer closed 6 years ago is past its 5 years, a
// low-voltage one closed 2 years ago is within its 3. The dry run lists only the first; a run
// anonymises it and leaves nothing of its personal data in any text or json column of any table
// (found through information_schema, so a table added later is scanned too) nor in a temporary
// file; snapshot and ranking figures do not move; the second customer keeps everything.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testClock, TEST_EPOCH } from '../../testing/clock.ts';
import { changeCustomer, newCustomer, newUser, seedOrgTree, TEST_PASSWORD } from '../../testing/factories.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { asAdmin, createTestDb, testDbKind, type TestDb } from '../../testing/test-db.ts';
import { shanghaiDate } from '../campaign/periods.ts';
import { takeSnapshot } from '../campaign/snapshot.ts';
import { ensureDefaultRuleSet } from '../rule-sets/active.ts';
import { createFindingsPartition } from '../validation/partitions.queries.ts';
import { runLoad } from '../loads/service.ts';
import { findDivergences, recordConflicts } from '../loads/merge.ts';
import { ensureActiveCampaign, recordVerification } from '../verification/service.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let admin: string;
const yearsAgo = (n: number) =>
  `${Number(shanghaiDate(TEST_EPOCH).slice(0, 4)) - n}${shanghaiDate(TEST_EPOCH).slice(4)}`;

/** Values no other row of the test holds: what must be gone after the run. */
const OLD = {
  name: '欧阳保管甲',
  mobile: '13912340001',
  newMobile: '13912340009',
  landline: '0871-68880001',
  cert: '530102198001011116',
  address: '云南省昆明市五华区保管路1号',
  theirs: '13912340007',
};
const KEPT = { name: '司马保管乙', mobile: '13912340002', cert: '530102198202021113' };
let gone: { id: number; customer_no: string };
let kept: { id: number; customer_no: string };

beforeAll(async () => {
  db = await createTestDb();
  const k = db.kysely;
  await seedOrgTree(k);
  app = await buildTestApp(db, {}, testClock());
  await newUser(k, 'admin', { username: 'ret-admin' });
  admin = await loginAs(app, 'ret-admin', TEST_PASSWORD);
  gone = await newCustomer(k, {
    name: OLD.name,
    mobile: OLD.mobile,
    landline: OLD.landline,
    cert_no: OLD.cert,
    address: OLD.address,
    status: 'closed',
    voltage_class: 'high',
    closed_on: yearsAgo(6),
  });
  kept = await newCustomer(k, {
    name: KEPT.name,
    mobile: KEPT.mobile,
    cert_no: KEPT.cert,
    status: 'closed',
    voltage_class: 'low',
    closed_on: yearsAgo(2),
  });
  for (let i = 0; i < 3; i++) await newCustomer(k, { city: i ? 'qujing' : 'kunming' });
  await seedPersonalData(gone.id, gone.customer_no);
  // the campaign: both verified as closed, and a weekly snapshot taken
  await k.transaction().execute(async (trx) => {
    const campaign = await ensureActiveCampaign(trx, TEST_EPOCH);
    await recordVerification(trx, {
      campaignId: campaign.id,
      source: 'manual',
      at: TEST_EPOCH,
      results: [gone, kept].map((c) => ({ customerId: c.id, state: 'closed' as const })),
    });
  });
  await takeSnapshot(db, 'week', TEST_EPOCH);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

/** The customer's personal data in every other place the app keeps it. */
async function seedPersonalData(customerId: number, customerNo: string) {
  const k = db.kysely;
  const at = TEST_EPOCH;
  // a correction (trail, divergence, outbound change) and a conflict with the source
  await changeCustomer(k, customerId, { mobile: OLD.newMobile });
  await k.transaction().execute(async (trx) => {
    const d = (await findDivergences(trx, [customerId])).get(customerId)!.get('mobile')!;
    await recordConflicts(
      trx,
      [{ customerId, field: 'mobile', base: d.base, ours: OLD.newMobile, theirs: OLD.theirs, divergence: d }],
      0,
      at,
    );
  });
  const scope = { city_code: '5301', county_code: '530102', station_code: '53010201' };
  await ensureDefaultRuleSet(db, at);
  const run = await k
    .insertInto('validation_runs')
    .values({ rule_set_version: 1, scope_key: 'p', created_at: at, status: 'completed' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k.transaction().execute((trx) => createFindingsPartition(trx, run.id));
  await k
    .insertInto('findings')
    .values({
      run_id: run.id,
      customer_id: customerId,
      ...scope,
      rule_id: 'N-01',
      rule_version: 1,
      field: 'name',
      code: 'x',
      severity: 'error',
      message_zh: `户名 ${OLD.name} 有误`,
      message_en: 'bad',
      suggested: OLD.address,
    })
    .execute();
  const msg = await k
    .insertInto('sms_messages')
    .values({
      idempotency_key: `ret:${customerId}`,
      purpose: 'sampling',
      ref: null,
      customer_id: customerId,
      user_id: null,
      city_code: '5301',
      county_code: '530102',
      to_number: OLD.mobile,
      body: `尊敬的${OLD.name}`,
      next_attempt_at: at,
      created_at: at,
      updated_at: at,
      status: 'delivered',
      provider: null,
      provider_sid: null,
      error_code: null,
      error_message: null,
      sent_at: at,
      finished_at: at,
      claimed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('sms_outbox')
    .values({
      idempotency_key: `ret:${customerId}`,
      sid: 'SIM-ret',
      to_number: OLD.mobile,
      body: `尊敬的${OLD.name}`,
      outcome: 'delivered',
      error_code: null,
      accepted_at: at,
      report_at: at,
      reported_at: null,
    })
    .execute();
  await k
    .insertInto('sms_inbound')
    .values({
      provider_sid: null,
      from_number: OLD.mobile,
      body: `我是${OLD.name}，地址是${OLD.address}`,
      message_id: msg.id,
      customer_id: customerId,
      action: 'ignored',
      received_at: at,
      city_code: '5301',
      county_code: '530102',
      review_state: 'no_action',
      reviewed_by: null,
      reviewed_at: at,
      review_note: `客户说身份证是 ${OLD.cert}`,
    })
    .execute();
  const plan = await k
    .insertInto('sampling_plans')
    .values({
      campaign_id: null,
      kind: 'call',
      name: 'p',
      rate: null,
      size_per_stratum: 1,
      stratify_by: 'city',
      city_codes: null,
      seed: '1',
      rule_set_version: null,
      created_by: null,
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('sample_members')
    .values({
      plan_id: plan.id,
      customer_id: customerId,
      stratum_code: '5301',
      ...scope,
      mobile: OLD.mobile,
      draw_rank: 1,
    })
    .execute();
  const task = await k
    .insertInto('call_tasks')
    .values({
      plan_id: plan.id,
      customer_id: customerId,
      stratum_code: '5301',
      ...scope,
      draw_rank: 1,
      leased_by: null,
      lease_expires_at: null,
      leased_version: null,
      status: 'done',
      result: 'answered',
      request_id: null,
      note: `座机 ${OLD.landline} 已停用`,
      finished_by: null,
      finished_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('call_field_results')
    .values({
      call_id: task.id,
      field: 'address',
      verdict: 'wrong',
      old_value: OLD.address,
      new_value: '别处',
    })
    .execute();
  await k
    .insertInto('customer_flags')
    .values({
      customer_id: customerId,
      ...scope,
      kind: 'sms_failed',
      value: OLD.mobile,
      reason: `${OLD.mobile} 空号`,
      ref: null,
      created_at: at,
      resolved_at: null,
    })
    .execute();
  const upload = await k
    .insertInto('worksheet_uploads')
    .values({
      user_id: null,
      city_code: '5301',
      county_code: null,
      file_name: 'w.xlsx',
      content_hash: 'h',
      created_at: at,
      committed_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('worksheet_upload_rows')
    .values({
      upload_id: upload.id,
      seq: 1,
      sheet: 's',
      row_no: 2,
      customer_id: customerId,
      export_id: null,
      token_version: null,
      row_hash: null,
      outcome: 'update',
      result: null,
      changes: JSON.stringify({ address: { old: OLD.address, new: '别处' } }),
      current_values: JSON.stringify({ name: OLD.name }),
      errors: JSON.stringify([{ column: 'mobile', zh: OLD.mobile, en: OLD.mobile }]),
      note: OLD.landline,
      raw: JSON.stringify([customerNo, OLD.name, OLD.cert]),
    })
    .execute();
  const batch = await k
    .insertInto('load_batches')
    .values({
      kind: 'customers',
      file_name: 'c.csv',
      user_id: null,
      started_at: at,
      error_message: null,
      finished_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('load_errors')
    .values({
      batch_id: batch.id,
      row_no: 2,
      column_name: 'status',
      code: 'unknown_value',
      reason_zh: 'x',
      reason_en: 'x',
      raw: `${customerNo},${OLD.name},residential,${OLD.cert}`,
    })
    .execute();
}

/**
 * For each value, every `table.column` of text, json or array type that contains it: one query
 * per table (its text-like columns side by side, all values at once), tables found through
 * information_schema so that one added later is scanned too.
 */
async function scan(values: readonly string[]): Promise<Map<string, string[]>> {
  const { rows: columns } = await sql<{ table_name: string; column_name: string }>`
    select c.table_name, c.column_name from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
      and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')
    order by 1, 2`.execute(db.kysely);
  const byTable = new Map<string, string[]>();
  for (const c of columns) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);
  const found = new Map<string, string[]>(values.map((v) => [v, []]));
  for (const [table, cols] of byTable) {
    const cells = sql.join(cols.map((c) => sql`(${c}, ${sql.ref(c)}::text)`));
    const { rows } = await sql<{ col: string; value: string }>`
      select distinct x.col, v.value from ${sql.table(table)} t
      cross join lateral (values ${cells}) as x(col, txt)
      join unnest(${[...values]}::text[]) as v(value) on strpos(x.txt, v.value) > 0`.execute(db.kysely);
    for (const r of rows) found.get(r.value)!.push(`${table}.${r.col}`);
  }
  for (const list of found.values()) list.sort();
  return found;
}

const as = (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
  app.inject({ method, url, headers: { cookie: admin }, ...(payload ? { payload } : {}) });

const figures = async () => ({
  snapshots: await db.kysely
    .selectFrom('progress_snapshots')
    .select(['level', 'unit_code', 'in_scope', 'verified', 'completion_pct', 'rank'])
    .orderBy('level')
    .orderBy('unit_code')
    .execute(),
  ranking: (await as('GET', '/api/v1/dashboard/ranking')).json(),
  kpis: (await as('GET', '/api/v1/dashboard/kpis')).json(),
});

it('lists only the customer past retention, runs, and leaves no personal data of it anywhere', async () => {
  const ALL = [OLD.name, OLD.mobile, OLD.newMobile, OLD.landline, OLD.cert, OLD.address, OLD.theirs];
  // the scan can fail: before the run each value is found where it was put
  const seeded = await scan(ALL);
  expect(seeded.get(OLD.name)).toEqual(
    expect.arrayContaining(['customers.name', 'findings.message_zh', 'sms_messages.body', 'load_errors.raw']),
  );
  expect(seeded.get(OLD.mobile)).toEqual(
    expect.arrayContaining(['customer_changes.old_value', 'sample_members.mobile', 'sms_outbox.to_number']),
  );
  const before = await figures();

  const dry = await as('GET', '/api/v1/retention/dry-run');
  expect(dry.statusCode).toBe(200);
  expect(dry.json()).toMatchObject({
    total: 1,
    highCutoff: yearsAgo(5),
    lowCutoff: yearsAgo(3),
    units: [{ stationCode: '53010201', high: 1, low: 0, unknown: 0, total: 1 }],
  });

  const run = await as('POST', '/api/v1/retention/runs');
  expect(run.statusCode, run.body).toBe(200);
  expect(run.json()).toMatchObject({ status: 'completed', trigger: 'manual', customers: 1 });
  expect((await as('GET', '/api/v1/retention/runs')).json().items[0]).toMatchObject({
    id: run.json().id,
    units: [{ stationName: '华山供电所', high: 1 }],
  });

  const after = await scan([...ALL, ...Object.values(KEPT)]);
  for (const value of ALL) expect(after.get(value), value).toEqual([]);
  // the other closed customer is within retention: untouched
  expect(after.get(KEPT.name)).toContain('customers.name');
  expect(after.get(KEPT.mobile)).toContain('customers.mobile');
  expect(after.get(KEPT.cert)).toContain('customers.cert_no');
  // no stored file of it (the app keeps uploads and exports in temporary folders only)
  expect(await tempFilesHolding(OLD.name)).toEqual([]);

  const detail = (await as('GET', `/api/v1/customers/${gone.id}`)).json();
  expect(detail).toMatchObject({
    name: '已匿名',
    mobile: '',
    certNo: '',
    voltageClass: 'high',
    status: 'closed',
  });
  expect(detail.anonymisedAt).not.toBeNull();
  // the trail keeps who changed which field when, not the values
  expect(detail.changes.map((c: { source: string }) => c.source)).toContain('retention');

  expect(await figures()).toEqual(before);
  // a second run finds nothing
  expect((await as('GET', '/api/v1/retention/dry-run')).json().total).toBe(0);
  expect((await as('POST', '/api/v1/retention/runs')).json().customers).toBe(0);
});

it('keeps the trail append-only for everything but redaction', async () => {
  // even the tables' owner: the trigger refuses (the app's role has no such privilege at all: audit-roles.test.ts)
  const c = await newCustomer(db.kysely, { mobile: '13912340055' });
  await changeCustomer(db.kysely, c.id, { mobile: '13912340056' });
  await asAdmin(db, async (admin) => {
    await expect(sql`update customer_changes set field = 'x'`.execute(admin)).rejects.toThrow(/append-only/);
    // redacting a customer that is not anonymised is refused
    await expect(
      sql`update customer_changes set old_value = '已匿名' where customer_id = ${c.id}`.execute(admin),
    ).rejects.toThrow(/append-only/);
  });
});

it.runIf(testDbKind() === 'postgres')(
  'redacts as the application role, which may not update the trail',
  async () => {
    const c = await newCustomer(db.kysely, {
      mobile: '13912340066',
      status: 'closed',
      voltage_class: 'low',
      closed_on: yearsAgo(4),
    });
    await changeCustomer(db.kysely, c.id, { mobile: '13912340067' });
    await db.kysely.connection().execute(async (conn) => {
      await sql`set role qingyuan_app`.execute(conn);
      try {
        await expect(sql`update customer_changes set old_value = null`.execute(conn)).rejects.toThrow(
          /permission denied/,
        );
      } finally {
        await sql`reset role`.execute(conn);
      }
    });
    const res = await as('POST', '/api/v1/retention/runs');
    expect(res.json().customers).toBe(1);
    expect((await scan(['13912340066'])).get('13912340066')).toEqual([]);
  },
);

it('edits the policy (admins only), recorded in its history', async () => {
  const res = await as('PUT', '/api/v1/retention/policy', { highYears: 6, lowYears: 2 });
  expect(res.json()).toMatchObject({ highYears: 6, lowYears: 2, updatedBy: 'ret-admin' });
  const history = await db.kysely.selectFrom('retention_policy_history').selectAll().orderBy('id').execute();
  expect(history.map((h) => [h.voltage_class, h.old_years, h.new_years])).toEqual([
    ['high', 5, 6],
    ['low', 3, 2],
  ]);
  expect((await as('GET', '/api/v1/retention/dry-run')).json()).toMatchObject({ lowCutoff: yearsAgo(2) });
  await newUser(db.kysely, 'coordinator', { username: 'ret-coord' });
  const coord = await loginAs(app, 'ret-coord', TEST_PASSWORD);
  const refused = await app.inject({
    method: 'PUT',
    url: '/api/v1/retention/policy',
    headers: { cookie: coord },
    payload: { highYears: 1, lowYears: 1 },
  });
  expect(refused.statusCode).toBe(403);
});

it('loads voltage class and closing date from the marketing system, Chinese headers too', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'qy-ret-load-'));
  try {
    const csv = join(dir, 'c.csv');
    await writeFile(
      csv,
      '户号,户名,用户类型,供电单位编码,状态,电压等级,销户日期\n' +
        `RL1,甲,非居民,53010201,销户,高压,2019/3/5\n` +
        `RL2,乙,居民,53010201,在用,低压,\n` +
        `RL3,丙,居民,53010201,销户,,2021-02-30\n` +
        `RL4,丁,居民,53010201,销户,中压,20200101\n`,
    );
    const { counts } = await runLoad(db, {
      kind: 'customers',
      path: csv,
      fileName: 'c.csv',
      userId: null,
      now: TEST_EPOCH,
      mode: 'delta',
    });
    expect(counts).toMatchObject({ rowsInserted: 2, rowsRejected: 2 });
    const rows = await db.kysely
      .selectFrom('customers')
      .select(['customer_no', 'voltage_class', 'closed_on'])
      .where('customer_no', 'in', ['RL1', 'RL2'])
      .orderBy('customer_no')
      .execute();
    expect(rows).toEqual([
      { customer_no: 'RL1', voltage_class: 'high', closed_on: '2019-03-05' },
      { customer_no: 'RL2', voltage_class: 'low', closed_on: '' },
    ]);
    const errors = await db.kysely
      .selectFrom('load_errors')
      .select(['column_name', 'code'])
      .where('raw', 'like', 'RL%')
      .orderBy('row_no')
      .execute();
    expect(errors).toEqual([
      { column_name: '销户日期', code: 'bad_date' },
      { column_name: '电压等级', code: 'unknown_value' },
    ]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

/** The folders the app keeps uploads and exports in while it works on them (and removes). */
const APP_TEMP = /^qy-(worksheet|export|upload|errors|ws-read|changes)-/;

async function tempFilesHolding(value: string): Promise<string[]> {
  const hits: string[] = [];
  const dirs = (await readdir(tmpdir())).filter((d) => APP_TEMP.test(d));
  for (const d of dirs) {
    const files = await readdir(join(tmpdir(), d)).catch(() => []);
    for (const f of files) {
      const path = join(tmpdir(), d, f);
      // other test files on this machine may be writing large ones: ours would be small
      if (((await stat(path).catch(() => null))?.size ?? Infinity) > 2_000_000) continue;
      const text = await readFile(path, 'utf8').catch(() => '');
      if (text.includes(value)) hits.push(join(d, f));
    }
  }
  return hits;
}
