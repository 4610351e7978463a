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

  it('shows each station’s progress and who holds the file still out, also on a phone', async () => {
    // the export of the test before: one station, two of its rows applied from the upload
    const out = await server.db.kysely
      .selectFrom('worksheet_exports as e')
      .innerJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.rows', 'e.scope', 'u.display_name'])
      .orderBy('e.id', 'desc')
      .executeTakeFirstOrThrow();
    const [station] = (out.scope as { stationCodes: string[] }).stationCodes;
    const { context, page } = await newPage(browser, server.url, { width: 390, height: 844 });
    await logIn(page, 'kunming', 'qingyuan2026');
    await page.waitForURL('**/worksheets');
    const card = page.getByTestId('station-progress-card');
    await card.getByRole('heading', { name: '供电所进度' }).waitFor();
    const row = card.locator(`tr[data-station="${station}"]`);
    const held = row.locator(`li[data-export-id="${String(out.id)}"]`);
    await held.waitFor();
    const text = await held.textContent();
    expect(text).toContain(`导出人 ${out.display_name}`);
    expect(text).toMatch(/导出时间 \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    expect(text).toContain(`已归还 2/${out.rows}`);
    // every station of the city has its row, with its figures
    expect(await card.locator('tbody tr').count()).toBeGreaterThan(1);
    expect(await row.locator('td').nth(2).textContent()).toMatch(/^\d/);
    await row.scrollIntoViewIfNeeded();
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
    await screenshot(page, 'worksheets-station-progress-phone');
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

  it('cites a duplicate as the history shows it, discards and replaces a preview, and lets one expire', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', 'qingyuan2026');
    await page.waitForURL('**/worksheets');
    const filled = join(dir, 'filled.xlsx');
    const history = page.getByTestId('worksheet-uploads');
    const statusOf = (id: string) => history.locator(`tr[data-upload="${id}"] .badge`).textContent();
    const uploaded = async () =>
      (
        await server.db.kysely
          .selectFrom('worksheet_uploads')
          .select('id')
          .orderBy('id', 'desc')
          .executeTakeFirstOrThrow()
      ).id;

    // the same file again: the notice names the earlier upload by its file, time and person
    await page.getByTestId('worksheet-file').setInputFiles(filled);
    const notice = page.getByTestId('worksheet-duplicate');
    await notice.waitFor();
    const earlier = history.locator('tr', { hasText: '华山核实结果.xlsx' });
    const earlierTime = await earlier.locator('td').first().textContent();
    expect(earlierTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const text = await notice.textContent();
    expect(text).toContain('「华山核实结果.xlsx」');
    expect(text).toContain(earlierTime!);
    expect(text).not.toMatch(/第 \d+ 次上传/);
    const first = String(await uploaded());

    // discard: the drop zone is back at once, the history says 已放弃
    await page.getByTestId('worksheet-discard').click();
    await page.getByTestId('worksheet-discarded').waitFor();
    await page.getByTestId('worksheet-drop').waitFor();
    await expect.poll(() => statusOf(first)).toBe('已放弃');

    // replace: another file dropped on a preview discards the one it replaces
    await page.getByTestId('worksheet-file').setInputFiles(filled);
    await page.getByTestId('worksheet-preview').waitFor();
    const second = String(await uploaded());
    expect(second).not.toBe(first);
    await page.getByTestId('worksheet-file').setInputFiles(filled);
    await expect.poll(async () => String(await uploaded())).not.toBe(second);
    await page.getByTestId('worksheet-preview').waitFor();
    await expect.poll(() => statusOf(second)).toBe('已放弃');
    const third = String(await uploaded());
    await expect.poll(() => statusOf(third)).toBe('待确认');

    // left alone for a day, the preview expires (the server's injected clock) and cannot be applied
    const now = server.clock();
    server.clock.advance(25 * 3600 * 1000);
    try {
      await logIn(page, 'kunming', 'qingyuan2026');
      await page.waitForURL('**/worksheets');
      await expect.poll(() => statusOf(third)).toBe('已过期');
      const commit = await page.request.post(`/api/v1/worksheets/uploads/${third}/commit`);
      expect(commit.status()).toBe(409);
    } finally {
      server.clock.set(now);
    }
    await screenshot(page, 'worksheets-discard-expire');
    await context.close();
  });

  it('exports the customers due for re-verification (复核) from the same form', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', 'qingyuan2026');
    await page.waitForURL('**/worksheets');
    const form = page.getByTestId('worksheet-export');
    await form.getByText('到期复核的客户').click();
    expect(await form.getByLabel('到期复核的客户').isChecked()).toBe(true);
    await Promise.all([
      page.waitForEvent('download'),
      form.getByRole('button', { name: '下载核实表' }).click(),
    ]);
    const latest = await server.db.kysely
      .selectFrom('worksheet_exports')
      .select('scope')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(latest.scope).toMatchObject({ reverifyDue: true, label: expect.stringContaining('到期复核') });
    await context.close();
  });
});
