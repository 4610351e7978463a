// The incremental run against a fresh full run of the same data: the same findings, the same
// finding_counts and unit_counts — after changes from a load, a worksheet and a call (the write
// path every writer uses), new and closed customers, and cross-record groups joined and left.
// The nightly schedule is driven by execute() and a test clock.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { residentIdCheckChar } from '@qingyuan/rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../testing/clock.ts';
import { newCustomer, seedOrgTree, TREE } from '../../testing/factories.ts';
import { asAdmin, createTestDb, testDbKind, type TestDb } from '../../testing/test-db.ts';
import { PROVINCE } from '../auth/region.ts';
import { applyOverCurrent, type FieldValues } from '../customers/changes.ts';
import { runLoad } from '../loads/service.ts';
import type { ChangeSource } from '../../db/schema.ts';
import { executeIncrement } from './incremental.ts';
import { executeRun } from './runner.ts';
import { createValidationScheduler } from './scheduler.ts';
import { groupMembers, inGroupOf } from './cross-record.queries.ts';
import { sql, type RawBuilder } from 'kysely';
import { queueRun } from './service.ts';
import { scratchDir } from '../../testing/scratch.ts';
import pg from 'pg';

let db: TestDb;
// Monday 2026-11-30, 10:00 in Beijing; the night after is 2026-12-01 02:00 (18:00 UTC)
const clock = testClock('2026-11-30T02:00:00Z', { ticking: false });
const id = (first17: string) => first17 + residentIdCheckChar(first17);
const ids: Record<string, number> = {};

async function customer(key: string, over: Record<string, string> = {}) {
  const c = await newCustomer(db.kysely, {
    customer_no: `C${key}`,
    name: '李建国',
    cert_no: id(`53010219850312${String(Object.keys(ids).length + 100).slice(-3)}`),
    mobile: `1394700${String(Object.keys(ids).length).padStart(4, '0')}`,
    landline: '',
    address: `云南省昆明市五华区华山街道翠湖社区${Object.keys(ids).length}组1号`,
    ...over,
  });
  ids[key] = Number(c.id);
  return c;
}

const write = (kind: ChangeSource, values: FieldValues[]) =>
  db.kysely
    .transaction()
    .execute((trx) =>
      applyOverCurrent(trx, values, { source: { kind, ref: '1', userId: null }, now: clock() }),
    );

async function fullRun() {
  const runId = await queueRun(db, PROVINCE, null, clock());
  await executeRun(db, runId, { clock, workers: 0 });
  return runId;
}

/** A run's results, comparable between runs. */
async function resultsOf(runId: number) {
  const findings = await db.kysely
    .selectFrom('findings')
    .select(['customer_id', 'rule_id', 'code', 'severity', 'station_code', 'message_zh'])
    .where('run_id', '=', runId)
    .execute();
  const counts = await db.kysely
    .selectFrom('finding_counts')
    .select(['station_code', 'field', 'rule_id', 'severity', 'customers', 'findings'])
    .where('run_id', '=', runId)
    .execute();
  const units = await db.kysely
    .selectFrom('unit_counts')
    .select(['station_code', 'customers_checked', 'customers_with_error'])
    .where('run_id', '=', runId)
    .where((eb) => eb.or([eb('customers_checked', '>', 0), eb('customers_with_error', '>', 0)]))
    .execute();
  const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
  return { findings: sorted(findings), counts: sorted(counts), units: sorted(units) };
}

/** The marks table's file: a new one once it has been emptied at once (TRUNCATE), the same after a delete. */
const marksFile = async () =>
  (await sql<{ n: string }>`select pg_relation_filenode('validation_dirty')::text as n`.execute(db.kysely))
    .rows[0]!.n;

const dirty = async () =>
  (await db.kysely.selectFrom('validation_dirty').select('customer_id').execute()).map((r) =>
    Number(r.customer_id),
  );

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  // a mobile with 4 holders (one short of X-01), and one with 5 (X-01)
  for (const k of ['a1', 'a2', 'a3', 'a4']) await customer(k, { mobile: '13800000001' });
  for (const k of ['b1', 'b2', 'b3', 'b4', 'b5']) await customer(k, { mobile: '13800000002' });
  // one ID under two names (X-02)
  await customer('c1', { cert_no: id('53010219700101123'), name: '王芳' });
  await customer('c2', { cert_no: id('53010219700101123'), name: '王方' });
  // same name and address (X-03), and a few plain customers
  await customer('d1', { name: '赵丽华', address: '云南省昆明市五华区华山街道翠湖社区9组9号' });
  await customer('d2', { name: '赵丽华', address: '云南省昆明市五华区华山街道翠湖社区9组9号', cert_no: '' });
  for (const k of ['p1', 'p2', 'p3']) await customer(k);
  await customer('q1', { city: 'qujing' } as never);
});

afterAll(async () => {
  await db?.close();
});

describe('incremental validation', () => {
  it('a full run clears the changed-customer marks it has seen', async () => {
    expect((await dirty()).length).toBeGreaterThan(0);
    await fullRun();
    expect(await dirty()).toEqual([]);
  });

  it('the nightly run takes exactly the day’s changes and their groups, and equals a full run', async () => {
    // during the day: a load adds one customer to mobile …01 (now 5 holders) …
    const dir = scratchDir('qy-inc');
    const file = join(dir, 'delta.csv');
    writeFileSync(
      file,
      'customer_no,name,customer_type,cert_type,cert_no,mobile,address,station_code\n' +
        `CN1,周志强,residential,resident_id,${id('53010219800101555')},13800000001,云南省昆明市五华区华山街道翠湖社区77组1号,${TREE.kunming.station}\n`,
    );
    await runLoad(db, {
      kind: 'customers',
      path: file,
      fileName: 'delta.csv',
      userId: null,
      now: clock(),
      mode: 'delta',
    });
    // … a worksheet moves b1 off mobile …02 (4 holders left) and corrects c2's name (X-02 gone) …
    await write('worksheet', [
      { customerId: ids.b1!, fields: { mobile: '13911112222' } },
      { customerId: ids.c2!, fields: { name: '王芳' } },
    ]);
    // … a call fixes p1's mobile to a bad one, and d2 is closed (its duplicate pair ends)
    await write('call', [{ customerId: ids.p1!, fields: { mobile: '12345' } }]);
    await write('manual', [{ customerId: ids.d2!, fields: { status: 'closed' } }]);
    const changedToday = await dirty();
    expect(changedToday).toHaveLength(5);

    clock.set('2026-11-30T18:00:00Z'); // 02:00 in Beijing
    const kicked: number[] = [];
    const scheduler = createValidationScheduler(db, {
      incrementalCron: '0 2 * * *',
      fullCron: '0 2 * * 0',
      clock,
      log: { info: () => {}, error: () => {} },
      kick: () => kicked.push(1),
    });
    expect(scheduler.incremental.match(clock())).toBe(true);
    expect(scheduler.full!.match(clock())).toBe(false); // a Tuesday in Beijing
    const work = (await scheduler.incremental.execute()) as { queued: string; id: number };
    await scheduler.stop();
    expect(work.queued).toBe('increment');
    expect(kicked).toHaveLength(1);

    const base = (await db.kysely
      .selectFrom('validation_runs')
      .select('id')
      .where('status', '=', 'completed')
      .executeTakeFirstOrThrow())!.id;
    const result = await executeIncrement(db, work.id, { clock });
    expect(result).toMatchObject({ status: 'completed', customersChanged: 5 });
    // the changed ones and their partners: mobile …01's (a1–a4), mobile …02's (b2–b5), c1, d1
    const partners = ['a1', 'a2', 'a3', 'a4', 'b2', 'b3', 'b4', 'b5', 'c1', 'd1'].map((k) => ids[k]!);
    expect([...result.customerIds].sort((x, y) => x - y)).toEqual(
      [...changedToday, ...partners].sort((x, y) => x - y),
    );
    expect(await dirty()).toEqual([]);
    const increment = await db.kysely
      .selectFrom('validation_increments')
      .selectAll()
      .where('id', '=', work.id)
      .executeTakeFirstOrThrow();
    expect(increment).toMatchObject({ status: 'completed', base_run_id: base, customers_changed: 5 });

    const incremental = await resultsOf(base);
    const fresh = await resultsOf(await fullRun());
    expect(incremental.findings).toEqual(fresh.findings);
    expect(incremental.counts).toEqual(fresh.counts);
    expect(incremental.units).toEqual(fresh.units);
    // and the change is visible: X-01 moved from mobile …02 to …01
    const x01 = incremental.findings.filter((f) => f.includes('"X-01"'));
    expect(x01).toHaveLength(5);
  });

  it('finds a group’s members and a mobile’s holders through the key indexes, not a scan', async () => {
    // the look-ups must read the key hash indexes by the key's hash, or over a province the
    // planner scans (with statistics: without, on a table this small, any index looks as cheap)
    await asAdmin(db, (admin) => sql`analyze customers`.execute(admin));
    const plan = (query: RawBuilder<unknown>) =>
      db.kysely.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const { rows } = await sql<{ 'QUERY PLAN': string }>`explain ${query}`.execute(trx);
        return rows.map((r) => r['QUERY PLAN']).join('\n');
      });
    const groups = { mobiles: ['13800000001'], certs: ['X'], dups: [['赵丽华', 'x'] as const] };
    const members = await plan(sql`select c.id from ${groupMembers(groups)} c`);
    for (const index of ['customers_mobile_hash', 'customers_cert_hash', 'customers_dup_hash'])
      expect(members).toContain(index);
    expect(members).not.toContain('Seq Scan');
    const gate = await plan(sql`select c.id from customers c where ${inGroupOf.mobile(sql`'13800000001'`)}`);
    expect(gate).toMatch(/Index Cond: \(c?\.?mobile_hash = /);
  });

  it('a night with no change changes nothing', async () => {
    clock.set('2026-12-01T18:00:00Z');
    const scheduler = createValidationScheduler(db, {
      incrementalCron: '0 2 * * *',
      fullCron: null,
      clock,
      log: { info: () => {}, error: () => {} },
      kick: () => {},
    });
    const work = (await scheduler.incremental.execute()) as { queued: string; id: number };
    expect(work.queued).toBe('increment');
    expect(await executeIncrement(db, work.id, { clock })).toMatchObject({
      status: 'completed',
      customersChanged: 0,
      findingsAdded: 0,
    });
    await scheduler.stop();
  });
  it('a full run keeps the marks of changes it has not seen, and empties the tables when it has seen them all', async () => {
    await write('manual', [{ customerId: ids.p2!, fields: { name: '张三丰' } }]);
    // the run starts (what it will have seen is fixed then) and stops before its first page
    const runId = await queueRun(db, PROVINCE, null, clock());
    const stop = new AbortController();
    stop.abort();
    expect(await executeRun(db, runId, { clock, workers: 0, signal: stop.signal })).toBe(false);
    await write('manual', [{ customerId: ids.p3!, fields: { name: '张无忌' } }]); // after the start
    const before = await marksFile();
    expect(await executeRun(db, runId, { clock, workers: 0 })).toBe(true);
    expect(await dirty()).toEqual([ids.p3]); // p2's change was seen, p3's was not
    expect(await marksFile()).toBe(before); // deleted row by row
    // the next run has seen the one left: the tables are emptied at once
    await fullRun();
    expect(await dirty()).toEqual([]);
    expect(await marksFile()).not.toBe(before);
  });

  it.runIf(testDbKind() === 'postgres')(
    'a writer holding the marks table does not hold up the end of a full run',
    async () => {
      await write('manual', [{ customerId: ids.p2!, fields: { name: '张翠山' } }]);
      const other = new pg.Client(db.url);
      await other.connect();
      try {
        // a load's open transaction holds this lock until it commits
        await other.query('begin');
        await other.query('lock table validation_dirty in row exclusive mode');
        const before = await marksFile();
        await fullRun(); // would wait for the other transaction if it emptied the table
        expect(await dirty()).toEqual([]);
        expect(await marksFile()).toBe(before);
      } finally {
        await other.query('rollback');
        await other.end();
      }
    },
  );
});
