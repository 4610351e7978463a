// The province coordinator runs a validation over the demo province and follows the progress to the
// results, filters the findings and opens a customer; then edits the rule set as a new version,
// previews its effect and activates it. A Kunming team member runs their own city and sees only
// Kunming. Screenshots land in tests/artifacts/ for review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

const PASSWORD = 'qingyuan2026';

/** Waits until the selected run's results are on screen (the run list polls every 1.5 s). */
async function waitForCompletedRun(page: Page): Promise<void> {
  await page.getByTestId('run-row').first().locator('[data-status="completed"]').waitFor({ timeout: 45_000 });
  await page.getByTestId('run-summary').waitFor();
  await page.getByTestId('finding-row').first().waitFor();
}

/** Rows of the findings table once the table is not reloading. */
async function settledFindingAttr(page: Page, attribute: string): Promise<string[]> {
  await page.waitForFunction(() => !document.querySelector('[data-testid="findings"] [aria-busy="true"]'));
  return page
    .getByTestId('finding-row')
    .evaluateAll((rows, name) => rows.map((row) => row.getAttribute(name) ?? ''), attribute);
}

describe('validation and rule sets in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ customers: 3_000 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('lets the coordinator run the province, read the results and open a customer', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'coordinator', PASSWORD);
    await page.waitForURL('**/dashboard');
    await page.getByRole('link', { name: '数据校验' }).click();
    await page.waitForURL('**/validation');
    await page.getByTestId('empty-state').waitFor();
    await screenshot(page, 'validation-empty');

    await page.getByRole('button', { name: '开始校验' }).click();
    // The live panel appears while the run is queued or running (a 3,000-customer run is quick,
    // so it may already be gone: the run list then says so).
    await page.getByTestId('run-row').first().waitFor();
    await waitForCompletedRun(page);
    await expect(page.getByTestId('run-row').first().textContent()).resolves.toContain('全省');
    await expect(page.getByTestId('run-row').first().textContent()).resolves.toMatch(/([\d,]+) \/ \1 户/);

    const stats = page.getByTestId('summary-stats');
    await expect(stats.textContent()).resolves.toContain('数据质量得分');
    const units = await page
      .getByTestId('unit-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')));
    expect(units.length).toBeGreaterThan(1);
    expect(units).toContain('昆明供电公司');
    await page.getByTestId('field-chart').locator('svg').first().waitFor();
    const total = await page.getByTestId('findings').getByTestId('total').textContent();
    expect(total).toMatch(/共 [\d,]+ 条/);
    const exportHref = await page.getByTestId('export-csv').getAttribute('href');
    expect(exportHref).toMatch(/\/api\/v1\/validation\/runs\/\d+\/findings\.csv$/);
    await screenshot(page, 'validation-summary', { fullPage: true });

    // Drill down: a city shows its counties.
    await page.getByTestId('unit-scores').getByRole('button', { name: '昆明供电公司' }).click();
    await page.waitForURL((url) => url.searchParams.get('city') !== null);
    await page.getByRole('heading', { name: '各县公司数据质量' }).waitFor();
    const counties = await page
      .getByTestId('unit-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit')));
    expect(counties.length).toBeGreaterThan(0);
    await screenshot(page, 'validation-drill-city');

    // Filter the findings by field: every row is then about the mobile number.
    await page.getByTestId('findings-filters').getByLabel('字段').selectOption({ label: '手机号码' });
    await page.waitForURL((url) => url.searchParams.get('field') === 'mobile');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="finding-row"]')].every(
        (r) => r.getAttribute('data-field') === 'mobile',
      ),
    );
    const fields = await settledFindingAttr(page, 'data-field');
    expect(fields.length).toBeGreaterThan(0);
    expect(new Set(fields)).toEqual(new Set(['mobile']));
    await page.getByTestId('findings').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'validation-findings-mobile');

    // A finding links to the customer: the customers page opens its detail.
    const first = page.getByTestId('finding-row').first();
    const name = ((await first.locator('td').nth(1).textContent()) ?? '').trim();
    await first.getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/customers' && url.searchParams.get('id') !== null);
    const detail = page.getByTestId('customer-detail');
    await detail.getByRole('heading', { name }).waitFor();
    await screenshot(page, 'validation-open-customer');
    await context.close();
  });

  it('lets the coordinator edit, preview and activate a rule-set version', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'coordinator', PASSWORD);
    await page.waitForURL('**/dashboard');
    await page.getByRole('link', { name: '校验规则' }).click();
    await page.waitForURL('**/rules');
    const v1 = page.locator('[data-testid="version-row"][data-version="1"]');
    await expect(v1.textContent()).resolves.toContain('当前生效');
    await page.locator('[data-testid="rule-row"][data-rule-id="MOB-01"]').waitFor();
    await screenshot(page, 'rules-versions');

    // A document the engine cannot compile is refused, each problem listed in Chinese.
    await page.getByRole('button', { name: '编辑为新版本' }).click();
    const editor = page.getByTestId('json-editor');
    const original = await editor.inputValue();
    const bad = JSON.parse(original) as { rules: Record<string, unknown>[] };
    bad.rules[0] = { ...bad.rules[0], kind: 'no.such.kind' };
    bad.rules[1] = { ...bad.rules[1], id: bad.rules[2]!.id };
    await editor.fill(JSON.stringify(bad, null, 2));
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const problems = page.getByTestId('problems');
    await problems.waitFor();
    await expect(problems.textContent()).resolves.toContain('未知的检查类型「no.such.kind」');
    await expect(problems.textContent()).resolves.toMatch(/规则编号「[^」]+」重复/);
    await screenshot(page, 'rules-problems');

    // Start again from the stored document and switch one rule off with the quick toggle.
    await editor.fill(original);
    await page.getByLabel('启用规则 ADDR-03').uncheck();
    expect(
      JSON.parse(await editor.inputValue()).rules.find((r: { id: string }) => r.id === 'ADDR-03').enabled,
    ).toBe(false);
    // ... and raise the shared-mobile threshold from 5 holders to 6 in the thresholds table
    const minHolders = page.getByTestId('cross-record-thresholds').getByTestId('cross-minHolders');
    await expect(minHolders.inputValue()).resolves.toBe('5');
    await minHolders.fill('6');
    expect(JSON.parse(await editor.inputValue()).crossRecord.sharedMobile).toEqual({
      enabled: true,
      minHolders: 6,
      errorHolders: 50,
    });
    await page.getByLabel('版本说明').fill('试行：暂停地址完整性检查');
    await screenshot(page, 'rules-editor');
    await page.getByRole('button', { name: '保存为新版本' }).click();
    // The notice is replaced, not added: wait for this action's text, not whatever is showing.
    await page.getByTestId('notice').filter({ hasText: '已保存为 v2' }).waitFor();
    await page.waitForURL((url) => url.searchParams.get('v') === '2');
    await expect(
      page.locator('[data-testid="rule-row"][data-rule-id="ADDR-03"]').textContent(),
    ).resolves.toContain('停用');
    await expect(
      page.getByTestId('rule-set-detail').getByTestId('cross-minHolders').inputValue(),
    ).resolves.toBe('6');

    // Preview: fewer customers flagged, by city.
    await page.getByRole('button', { name: '预览影响' }).click();
    const preview = page.getByTestId('preview-result');
    await preview.waitFor({ timeout: 30_000 });
    const fewer = (
      (await page.getByTestId('preview-fewer').locator('.stat__value').textContent()) ?? ''
    ).replace(/[^\d]/g, '');
    const more = (
      (await page.getByTestId('preview-more').locator('.stat__value').textContent()) ?? ''
    ).replace(/[^\d]/g, '');
    expect(Number(fewer)).toBeGreaterThan(0);
    expect(Number(more)).toBe(0);
    expect(await page.getByTestId('preview-by-city').locator('tbody tr').count()).toBeGreaterThan(1);
    await screenshot(page, 'rules-preview', { fullPage: true });

    // Activate, with a confirmation.
    await page.getByRole('button', { name: '启用此版本' }).click();
    const dialog = page.getByTestId('confirm-dialog');
    await expect(dialog.textContent()).resolves.toContain('启用规则集 v2');
    await screenshot(page, 'rules-activate-confirm');
    await dialog.getByRole('button', { name: '确认启用' }).click();
    await page.getByTestId('notice').filter({ hasText: '已启用 v2' }).waitFor();
    await page.locator('[data-testid="version-row"][data-version="2"][data-active="true"]').waitFor();
    await page.locator('[data-testid="version-row"][data-version="1"][data-active="false"]').waitFor();
    await screenshot(page, 'rules-activated');
    await context.close();
  });

  it('shows a Kunming team member only Kunming', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', PASSWORD);
    await page.waitForURL('**/worksheets');
    await page.goto('/validation');
    // Their region is fixed: no choice of city, only their own.
    await expect(page.getByTestId('start-run').textContent()).resolves.toContain('昆明供电公司');
    await page.getByRole('button', { name: '开始校验' }).click();
    await waitForCompletedRun(page);

    // Their own runs, and province-wide ones (whose results they see cut to 昆明).
    const runs = await page.getByTestId('run-row').allTextContents();
    expect(runs.some((run) => run.includes('昆明'))).toBe(true);
    for (const run of runs) expect(run.includes('昆明') || run.includes('全省')).toBe(true);
    const units = await page
      .getByTestId('unit-row')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-unit') ?? ''));
    expect(units.length).toBeGreaterThan(0);
    const cities = await settledFindingAttr(page, 'data-city');
    expect(cities.length).toBeGreaterThan(0);
    expect(new Set(cities)).toEqual(new Set(['昆明供电公司']));
    await screenshot(page, 'validation-kunming', { fullPage: true });

    // The rule set is readable, not editable.
    await page.getByRole('link', { name: '校验规则' }).click();
    await page.getByTestId('rule-set-detail').waitFor();
    expect(await page.getByRole('button', { name: '编辑为新版本' }).count()).toBe(0);
    await context.close();
  });
});
