// The round trip through a real spreadsheet program: export, re-save with LibreOffice (as a team
// using it, or WPS/Excel, would), fill results into the re-saved copy, import, commit.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { fillWorkbook, readRows } from './fill.testing.ts';
import { exportTo, uploadFile } from './worksheets-helpers.testing.ts';

const SOFFICE = '/usr/bin/soffice';
const hasSoffice = existsSync(SOFFICE);
if (!hasSoffice && process.env.CI)
  throw new Error(
    'LibreOffice (soffice) is required in CI for the worksheet round trip: install libreoffice-calc',
  );
if (!hasSoffice)
  console.warn(
    'SKIPPED worksheet LibreOffice round trip: /usr/bin/soffice not found (install libreoffice-calc)',
  );

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let dir: string;
let cookie: string;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  app = await buildTestApp(db);
  dir = await mkdtemp(join(tmpdir(), 'qy-ws-lo-'));
  const user = await newUser(db.kysely, 'city_member', { cityCode: TREE.kunming.city });
  cookie = await loginAs(app, user.username, TEST_PASSWORD);
  await newCustomer(db.kysely, { customer_no: 'L1', city: 'kunming' });
  await newCustomer(db.kysely, { customer_no: 'L2', city: 'kunming' });
  await newCustomer(db.kysely, { customer_no: 'L3', name: '=1+2', city: 'kunming' });
});
afterAll(async () => {
  await app?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

it.skipIf(!hasSoffice)(
  'a worksheet re-saved by LibreOffice imports and commits',
  { timeout: 120_000 },
  async () => {
    const exported = join(dir, 'worksheet.xlsx');
    await exportTo(app, cookie, { findingsOnly: false }, exported);
    const out = join(dir, 'lo');
    await promisify(execFile)(
      SOFFICE,
      [
        '--headless',
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--convert-to',
        'xlsx',
        '--outdir',
        out,
        exported,
      ],
      { timeout: 90_000 },
    );
    const converted = join(out, 'worksheet.xlsx');
    expect(existsSync(converted)).toBe(true);
    // the check codes survived as plain text, and the guarded "formula" stayed text
    const rows = await readRows(converted);
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r['校验码']!.startsWith('QY1.'))).toBe(true);
    expect(rows.find((r) => r['户号'] === 'L3')!['户名']).toContain('=1+2');

    const filled = join(dir, 'filled.xlsx');
    await fillWorkbook(converted, filled, {
      L1: {
        result: '已更正',
        newMobile: '13987654321',
        verifier: '王工',
        verifiedOn: new Date(Date.UTC(2026, 0, 5)),
      },
      L2: { result: '现场无此户', verifiedOn: '2026-01-06' },
    });
    const res = await uploadFile(app, cookie, filled);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().upload).toMatchObject({ rowsUpdate: 2, rowsError: 0, rowsConflict: 0 });
    const commit = await app.inject({
      method: 'POST',
      url: `/api/v1/worksheets/uploads/${res.json().upload.id}/commit`,
      headers: { cookie },
    });
    expect(commit.json()).toMatchObject({ applied: 2, changedCustomers: 1 });
    const l1 = await db.kysely
      .selectFrom('customers')
      .select('mobile')
      .where('customer_no', '=', 'L1')
      .executeTakeFirstOrThrow();
    expect(l1.mobile).toBe('13987654321');
    const states = await db.kysely
      .selectFrom('customer_verification as v')
      .innerJoin('customers as c', 'c.id', 'v.customer_id')
      .select(['c.customer_no', 'v.state'])
      .orderBy('c.customer_no')
      .execute();
    expect(states).toEqual([
      { customer_no: 'L1', state: 'corrected' },
      { customer_no: 'L2', state: 'not_found' },
      { customer_no: 'L3', state: 'in_field' },
    ]);
  },
);
