// A city team member logs in, sees only their city's customers, searches and opens one; a wrong
// password shows the Chinese error. Screenshots land in tests/artifacts/ for review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

const PASSWORD = 'qingyuan2026';

describe('customers page in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sends an anonymous visitor to the login page', async () => {
    const { context, page } = await newPage(browser, server.url);
    await page.goto('/customers');
    await page.waitForURL('**/login');
    await expect(page.getByRole('button', { name: '登录', exact: true }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'login');
    await context.close();
  });

  it('shows the Chinese error for a wrong password, and the English one after switching', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', 'not-the-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('用户名或密码错误');
    expect(new URL(page.url()).pathname).toBe('/login');
    await screenshot(page, 'login-wrong-password');

    await page.getByRole('button', { name: 'English' }).click();
    expect(await error.textContent()).toBe('Wrong username or password.');
    await context.close();
  });

  it('lets a Kunming team member search their customers and open one', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', PASSWORD);
    // A city team starts at its worksheets, the page of its daily work.
    await page.waitForURL('**/worksheets');
    await page.getByRole('link', { name: '客户档案' }).click();
    await page.waitForURL('**/customers');

    const user = page.getByTestId('current-user');
    await expect(user.textContent()).resolves.toContain('昆明供电公司');
    // A city member has no data-load page in the navigation.
    expect(await page.getByRole('link', { name: '数据导入' }).count()).toBe(0);

    const rows = page.getByTestId('customer-row');
    await rows.first().waitFor();
    const cities = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-city') ?? ''));
    expect(cities.length).toBeGreaterThan(0);
    expect(cities.length).toBeLessThanOrEqual(20);
    for (const city of cities) expect(city).toContain('昆明');
    await expect(page.getByTestId('total').textContent()).resolves.toMatch(/共 [\d,]+ 条/);
    await screenshot(page, 'customers-kunming');

    // Search by the name of a customer on the page.
    const name = (await rows.nth(1).locator('td').nth(1).textContent())?.trim() ?? '';
    expect(name.length).toBeGreaterThan(0);
    await page.getByRole('searchbox').fill(name);
    await page.getByRole('searchbox').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === name);
    await page.waitForFunction((expected) => {
      const names = [...document.querySelectorAll('[data-testid="customer-row"] td:nth-child(2)')];
      return (
        names.length > 0 &&
        !document.querySelector('[aria-busy="true"]') &&
        names.every((td) => td.textContent?.includes(expected))
      );
    }, name);
    await screenshot(page, 'customers-search');

    // Open the first result: the detail panel shows its fields and change history.
    await rows.first().click();
    const detail = page.getByTestId('customer-detail');
    await detail.getByRole('heading', { name }).waitFor();
    await expect(detail.textContent()).resolves.toContain('变更记录');
    await expect(detail.textContent()).resolves.toContain('昆明');
    await screenshot(page, 'customer-detail');

    await page.keyboard.press('Escape');
    await detail.waitFor({ state: 'detached' });
    await context.close();
  });
});
