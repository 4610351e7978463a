// The change file reads its changes two ways: by COPY on PostgreSQL (text cut by hand) and by a
// cursor (row objects) on PGlite. Both must write the same bytes, whatever the values: formula
// starts, commas, quotes, tabs, backslashes, line breaks, a field changed twice, a customer moved
// to another station between its changes; and the file must be what the marketing system reads.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { newCustomer, seedOrgTree, TREE } from '../../testing/factories.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { PROVINCE } from '../auth/region.ts';
import { writeChangeFile } from './file.ts';
import { maskerFor, type Masker } from './mask.ts';
import type { Db } from '../../db.ts';

let db: TestDb;
let dir: string;
let n = 0;

/** The same database without COPY: the cursor's way (PGlite's only way). */
const byCursor = () => ({ ...db, copyOut: undefined });

async function change(
  customer: { id: string | number; customer_no: string },
  field: string,
  value: string,
  station: string = TREE.kunming.station,
) {
  await db.kysely
    .insertInto('outbound_changes')
    .values({
      customer_id: Number(customer.id),
      customer_no: customer.customer_no,
      city_code: TREE.kunming.city,
      county_code: TREE.kunming.county,
      station_code: station,
      field,
      base_value: 'x',
      new_value: value,
      source: 'worksheet',
      ref: '1',
      user_id: null,
      changed_at: TEST_EPOCH,
      state: 'pending',
    })
    .execute();
}

async function file(from: Db, afterId = 0, mask: Masker = maskerFor('operator')) {
  const path = join(dir, `changes-${++n}.csv`);
  const r = await writeChangeFile(from, path, {
    region: PROVINCE,
    afterId,
    format: 'csv',
    mask,
    userId: null,
    tokenId: null,
    now: TEST_EPOCH,
  });
  return { ...r, bytes: await readFile(path) };
}

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  dir = await mkdtemp(join(tmpdir(), 'qy-change-file-'));
  const tricky = [
    '=HYPERLINK("http://x")',
    '+8613800000000',
    '-1',
    '@SUM(A1)',
    '\tlead',
    '昆明市五华区, 华山街道 "1" 号',
    '两行\n地址',
    '回车\r地址',
    '制表\t符\\反斜杠\\N',
    '普通地址',
    '',
  ];
  for (let i = 0; i < 30; i++) {
    const c = await newCustomer(db.kysely, { customer_no: `C${String(i).padStart(3, '0')}` });
    await change(c, 'address', tricky[i % tricky.length]!);
    if (i % 3 === 0) await change(c, 'mobile', `1390000${String(i).padStart(4, '0')}`);
    // the same field twice: the later value is the one the file carries
    if (i % 4 === 0) await change(c, 'address', `${tricky[(i + 1) % tricky.length]}-后`);
    if (i % 5 === 0) await change(c, 'name', i % 2 === 0 ? '=1+1' : '王"五"', TREE.kunming.station + 'X');
  }
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the change file', () => {
  it('is the same file read by COPY or by a cursor, and what the marketing system reads', async () => {
    const fast = await file(db);
    const slow = await file(byCursor());
    expect(fast.changes).toBe(slow.changes);
    expect(fast.customers).toBe(30);
    expect(fast.bytes.toString('utf8')).toBe(slow.bytes.toString('utf8'));
    // and it is what the marketing system is meant to read (spot checks, written out by hand)
    const lines = fast.bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('变更编号,户号,供电单位编码,户名,手机号码,用电地址');
    expect(lines[1]).toMatch(/^\d+ \d+ \d+ \d+,C000,53010201,'=1\+1,13900000000,'\+8613800000000-后$/);
    expect(lines[2]).toMatch(/^\d+,C001,53010201,,,'\+8613800000000$/);
    expect(lines[6]).toMatch(/^\d+ \d+,C005,53010201,"王""五""",,"昆明市五华区, 华山街道 ""1"" 号"$/);
    expect(fast.bytes.toString('utf8')).toContain('"两行\n地址"');
    expect(fast.bytes.toString('utf8')).toContain(',制表\t符\\反斜杠\\N\r\n');
  });

  it('masks each value for a viewer who may not see it in full', async () => {
    const masked = (
      await file(
        db,
        0,
        Object.assign((f: string, v: string) => (f === 'mobile' ? '***' : v)),
      )
    ).bytes;
    const lines = masked.toString('utf8').split('\r\n');
    expect(lines[1]).toMatch(/,C000,53010201,'=1\+1,\*\*\*,/);
    expect(masked.toString('utf8')).not.toContain('1390000');
  });

  it('starts after an id the same way', async () => {
    const all = await file(db);
    const ids = all.bytes
      .toString('utf8')
      .split('\r\n')
      .slice(1, -1)
      .map((l) => Number(l.split(/[ ,]/)[0]));
    const after = ids[9]! - 1;
    const fast = await file(db, after);
    const slow = await file(byCursor(), after);
    expect(fast.bytes.toString('utf8')).toBe(slow.bytes.toString('utf8'));
    expect(fast.customers).toBeLessThan(30);
    expect(fast.customers).toBeGreaterThan(0);
  });
});
