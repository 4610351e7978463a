// A Kunming team member downloads a worksheet, fills it in as they would in a spreadsheet, drops it
// on the page, reads the preview (updates, errors with their reasons), applies it and sees the
// history. Screenshots land in tests/artifacts/ for review.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { fillWorkbook, readRows } from '@qingyuan/api/features/worksheets/fill.testing.ts';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

describe('worksheets page in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
    dir = await mkdtemp(join(tmpdir(), 'qy-ws-browser-'));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('downloads a worksheet, uploads it filled in, previews and commits', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', 'qingyuan2026');
    await page.waitForURL('**/worksheets');
    await page.getByRole('link', { name: '现场核实' }).click();
    await page.waitForURL('**/worksheets');

    // one station, all of its customers
    const select = page.locator('#ws-unit');
    await select.locator('option').nth(1).waitFor({ state: 'attached' });
    const station = await select
      .locator('option')
      .evaluateAll(
        (opts) => (opts as HTMLOptionElement[]).find((o) => o.textContent?.startsWith('　'))!.value,
      );
    await select.selectOption(station);
    await page.getByText('全部客户').click();
    await screenshot(page, 'worksheets-export');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '下载核实表' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^核实表_.*\.xlsx$/);
    const exported = join(dir, 'exported.xlsx');
    await download.saveAs(exported);
    await page.getByText(/已下载 .*，共 \d+ 户/).waitFor();

    const rows = await readRows(exported);
    expect(rows.length).toBeGreaterThanOrEqual(3);
    const [a, b, c] = rows.map((r) => r['户号']!.replace('\u2060', ''));
    const filled = join(dir, 'filled.xlsx');
    await fillWorkbook(exported, filled, {
      [a!]: { result: '核实无误', verifier: '李工' },
      [b!]: { result: '已更正', newMobile: '13912345678' },
      [c!]: { result: '看过了' },
    });

    // drag and drop the file onto the page
    const b64 = (await readFile(filled)).toString('base64');
    const transfer = await page.evaluateHandle((data) => {
      const bytes = Uint8Array.from(atob(data), (ch) => ch.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(
        new File([bytes], '华山核实结果.xlsx', {
          type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        }),
      );
      return dt;
    }, b64);
    await page.dispatchEvent('[data-testid=worksheet-drop]', 'drop', { dataTransfer: transfer });

    const preview = page.getByTestId('worksheet-preview');
    await preview.waitFor();
    await expect(page.getByTestId('stat-update').textContent()).resolves.toContain('2');
    await expect(page.getByTestId('stat-error').textContent()).resolves.toContain('1');
    // errors are shown first, with the reason in Chinese
    await page.getByText('“看过了”不是有效的核实结果').waitFor();
    await screenshot(page, 'worksheets-preview-errors');
    await page.getByRole('tab', { name: '将更新' }).click();
    await page.locator('[data-outcome=update]').nth(1).waitFor();
    expect(await page.locator('[data-outcome=error]').count()).toBe(0);
    await screenshot(page, 'worksheets-preview-updates');

    await page.getByTestId('worksheet-commit').click();
    await page.getByTestId('worksheet-committed').waitFor();
    expect(await page.getByTestId('worksheet-committed').textContent()).toContain('2 行已导入');
    const history = page.getByTestId('worksheet-uploads');
    await history.locator('.badge--success', { hasText: '已导入' }).waitFor();
    await screenshot(page, 'worksheets-committed');

    const changed = await server.db.kysely
      .selectFrom('customers')
      .select('mobile')
      .where('customer_no', '=', b!)
      .executeTakeFirstOrThrow();
    expect(changed.mobile).toBe('13912345678');
    await context.close();
  });

  it('exports several stations at once and downloads an earlier export again', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', 'qingyuan2026');
    await page.waitForURL('**/worksheets');
    const picker = page.getByTestId('export-stations');
    await picker.locator('summary').click();
    const boxes = picker.locator('input[type="checkbox"]');
    const codes = [await boxes.nth(0).getAttribute('value'), await boxes.nth(1).getAttribute('value')];
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('worksheet-export').getByRole('button', { name: '下载核实表' }).click(),
    ]);
    const latest = () =>
      server.db.kysely
        .selectFrom('worksheet_exports')
        .select(['id', 'scope'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
    const several = await latest();
    expect((several.scope as { stationCodes: string[] }).stationCodes).toEqual(codes);

    // 导出记录: this export made again from its stored scope, logged as another export. The row is
    // found by its id: the list refreshes after the download, so "the first row" may still be the
    // export of the test before.
    const row = page.getByTestId('worksheet-exports').locator(`tr[data-export-id="${String(several.id)}"]`);
    await row.getByTestId('export-again').waitFor();
    await Promise.all([page.waitForEvent('download'), row.getByTestId('export-again').click()]);
    const again = await latest();
    expect(Number(again.id)).toBeGreaterThan(Number(several.id));
    expect(again.scope).toMatchObject({ stationCodes: codes, label: expect.stringMatching(/^重新下载：/) });
    await page
      .getByTestId('worksheet-exports')
      .getByText(/^重新下载：/)
      .first()
      .waitFor();
    await context.close();
  });
});
