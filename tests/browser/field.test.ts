// 现场核实 on a phone (390×844): a city team member finds a customer, records a correction the
// rules engine checks as it is typed, loses the signal, records another, reloads the page without
// a signal (the entry survives on the device), and when the signal returns both entries are on
// the server exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

const PASSWORD = 'qingyuan2026';

describe('field verification on a phone', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ customers: 600 });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const count = async (page: Page, id: string) =>
    Number(await page.getByTestId(id).getAttribute('data-count'));
  const waitCount = (page: Page, id: string, n: number) =>
    page.waitForSelector(`[data-testid="${id}"][data-count="${n}"]`);

  it('keeps entries through a lost signal and a reload, and sends each once', async () => {
    const user = await server.db.kysely
      .selectFrom('users')
      .select(['id', 'city_code'])
      .where('username', '=', 'kunming')
      .executeTakeFirstOrThrow();
    // the first station of the city (the page opens on it) and two of its customers
    const station = await server.db.kysely
      .selectFrom('org_units')
      .select('code')
      .where('level', '=', 'station')
      .where('city_code', '=', user.city_code!)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    const [first, second] = await server.db.kysely
      .selectFrom('customers')
      .select(['id', 'customer_no', 'name', 'mobile'])
      .where('station_code', '=', station.code)
      .where('status', '=', 'active')
      .where('mobile', '<>', '13958712643')
      .orderBy('customer_no')
      .limit(2)
      .execute();
    expect(second).toBeDefined();

    const { context, page } = await newPage(browser, server.url, { width: 390, height: 844 });
    await logIn(page, 'kunming', PASSWORD);
    await page.waitForURL('**/worksheets');
    await page.goto('/field');
    await page.getByTestId('field-list').waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));

    // find by 户号, correct the mobile: the rules engine answers with the canonical form as typed
    await page.getByTestId('field-search').fill(first!.customer_no);
    await page.locator(`[data-testid="field-customer"][data-customer-no="${first!.customer_no}"]`).click();
    await page.getByLabel('已更正').check();
    await page.getByTestId('field-value-mobile').fill('139 5871 2643');
    await expect
      .poll(() => page.getByTestId('field-check-mobile').textContent())
      .toContain('将保存为 13958712643');
    await page.getByTestId('field-save').click();
    await waitCount(page, 'field-sent', 1);

    // the signal drops: the list kept on the phone still finds the next customer by name
    await context.setOffline(true);
    await page.getByTestId('field-online').filter({ hasText: '离线' }).waitFor();
    await page.getByTestId('field-search').fill(second!.name);
    await page.locator(`[data-testid="field-customer"][data-customer-no="${second!.customer_no}"]`).click();
    await page.getByLabel('无法联系').check();
    await page.getByTestId('field-save').click();
    await page.getByTestId('field-notice').filter({ hasText: '保存在本机' }).waitFor();
    expect(await count(page, 'field-pending')).toBe(1);
    await screenshot(page, 'field-offline-390');

    // a reload without a signal: the page opens from the phone, the entry is still waiting
    await page.reload();
    await page.getByTestId('field-status').waitFor();
    expect(await count(page, 'field-pending')).toBe(1);
    expect(await count(page, 'field-sent')).toBe(1);

    // the signal returns: the waiting entry is sent, once
    await context.setOffline(false);
    await waitCount(page, 'field-pending', 0);
    await waitCount(page, 'field-sent', 2);

    const entries = await server.db.kysely
      .selectFrom('field_entries')
      .select(['id', 'customer_id', 'result', 'outcome'])
      .where('user_id', '=', user.id)
      .orderBy('id')
      .execute();
    expect(entries.map((e) => [Number(e.customer_id), e.result, e.outcome])).toEqual([
      [Number(first!.id), 'corrected', 'applied'],
      [Number(second!.id), 'unreachable', 'applied'],
    ]);
    const changes = await server.db.kysely
      .selectFrom('customer_changes')
      .select(['customer_id', 'field', 'new_value'])
      .where(
        'batch_id',
        'in',
        entries.map((e) => `field:${e.id}`),
      )
      .execute();
    expect(changes).toEqual([{ customer_id: first!.id, field: 'mobile', new_value: '13958712643' }]);
    const states = await server.db.kysely
      .selectFrom('customer_verification')
      .select(['customer_id', 'state'])
      .where('customer_id', 'in', [first!.id, second!.id])
      .orderBy('customer_id')
      .execute();
    expect(Object.fromEntries(states.map((s) => [Number(s.customer_id), s.state]))).toEqual({
      [Number(first!.id)]: 'corrected',
      [Number(second!.id)]: 'unreachable',
    });
    // the page fits the phone: no sideways scrolling of the whole page
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
  }, 60_000);
});
