// The round trip in the browser: a 昆明 team member resolves a conflict on 冲突处理 (keeps the
// verified value, which goes back into the change feed), and a coordinator downloads the next change
// file on 回写. Screenshots land in tests/artifacts/ for review.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { applyOverCurrent } from '@qingyuan/api/features/customers/changes.ts';
import { findDivergences, recordConflicts } from '@qingyuan/api/features/loads/merge.ts';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

const PASSWORD = 'qingyuan2026';
const OURS = '13955501234';

describe('the round trip in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let dir: string;
  let customer: { id: number; customer_no: string };

  beforeAll(async () => {
    server = await startTestServer();
    dir = await mkdtemp(join(tmpdir(), 'qy-browser-roundtrip-'));
    const kunming = await server.db.kysely
      .selectFrom('users')
      .select('city_code')
      .where('username', '=', 'kunming')
      .executeTakeFirstOrThrow();
    const row = await server.db.kysely
      .selectFrom('customers')
      .select(['id', 'customer_no'])
      .where('city_code', '=', kunming.city_code!)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    customer = { id: Number(row.id), customer_no: row.customer_no };
    // a call corrected the mobile; then the marketing system sent a third number: a conflict
    await server.db.kysely.transaction().execute(async (trx) => {
      await applyOverCurrent(trx, [{ customerId: customer.id, fields: { mobile: OURS } }], {
        source: { kind: 'call', ref: '1', userId: null },
        now: server.clock(),
      });
      const d = (await findDivergences(trx, [customer.id])).get(customer.id)!.get('mobile')!;
      await recordConflicts(
        trx,
        [
          {
            customerId: customer.id,
            field: 'mobile',
            base: d.base,
            ours: OURS,
            theirs: '13700009999',
            divergence: d,
          },
        ],
        1,
        server.clock(),
      );
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a city team member keeps the verified value on 冲突处理', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', PASSWORD);
    await page.getByRole('link', { name: '冲突处理' }).click();
    await page.waitForURL('**/conflicts');
    const row = page.getByTestId('conflict-row').filter({ hasText: customer.customer_no });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(OURS);
    await expect(row.textContent()).resolves.toContain('13700009999');
    await expect(row.textContent()).resolves.toContain('电话核实');
    await screenshot(page, 'conflicts');
    await row.getByRole('checkbox').check();
    await page.getByRole('button', { name: '保留我方值' }).click();
    await expect(page.getByTestId('conflicts-message').textContent()).resolves.toContain('已处理 1 条');
    await page.getByText('没有待处理的冲突').waitFor();
    const conflict = await server.db.kysely
      .selectFrom('source_conflicts')
      .select(['status', 'resolution'])
      .where('customer_id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(conflict).toEqual({ status: 'resolved', resolution: 'keep_ours' });
    const queued = await server.db.kysely
      .selectFrom('outbound_changes')
      .select(['new_value', 'base_value', 'source'])
      .where('customer_id', '=', customer.id)
      .where('state', '=', 'pending')
      .execute();
    expect(queued).toEqual([{ new_value: OURS, base_value: '13700009999', source: 'resolution' }]);
    await context.close();
  });

  it('a coordinator downloads the next change file on 回写', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'coordinator', PASSWORD);
    await page.getByRole('link', { name: '回写' }).click();
    await page.waitForURL('**/writeback');
    await page.getByTestId('writeback-cities').waitFor();
    await screenshot(page, 'writeback');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: '下载 CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^changes-province-.*\.csv$/);
    const file = join(dir, 'changes.csv');
    await download.saveAs(file);
    const [header, ...lines] = (await readFile(file, 'utf8')).split('\r\n').filter(Boolean);
    expect(header).toMatch(/^\uFEFF变更编号,户号,供电单位编码,.*手机号码/);
    const mobileAt = header!.split(',').indexOf('手机号码');
    const ours = lines.map((l) => l.split(',')).find((cells) => cells[1] === customer.customer_no);
    // a coordinator's file is masked like everything a coordinator sees
    expect(ours?.[mobileAt]).toBe('139****1234');
    await context.close();
  });
});
