// 质量监测 in the browser: two weeks of validation results on the demo province become lights per
// city; the coordinator sees them, drills into a city and on to its findings (the validation
// page, filtered by rule). A screenshot lands in tests/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { computeQualityWeek } from '@qingyuan/api/features/monitoring/compute.ts';
import { fakeRun } from '@qingyuan/api/features/monitoring/seed.testing.ts';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

const PASSWORD = 'qingyuan2026';

describe('quality monitoring in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let worst: string;
  let cityCount: number;

  beforeAll(async () => {
    server = await startTestServer();
    const k = server.db.kysely;
    const customers = await k
      .selectFrom('customers')
      .select(['id', 'city_code'])
      .where('status', '=', 'active')
      .orderBy('id')
      .execute();
    const ids = customers.map((c) => Number(c.id));
    const cities = [...new Set(customers.map((c) => c.city_code))].sort();
    cityCount = cities.length;
    worst = cities[0]!;
    const inWorst = customers.filter((c) => c.city_code === worst).map((c) => Number(c.id));
    // week 48: a few defects; week 49: the worst city gets a third of its customers wrong
    await fakeRun(k, {
      customerIds: ids,
      findings: inWorst.slice(0, 3).map((customerId) => ({ customerId, ruleId: 'R-01' })),
      at: new Date('2026-11-25T00:00:00Z'),
    });
    await computeQualityWeek(server.db, '2026-W48', new Date('2026-11-27T10:00:00Z'));
    await fakeRun(k, {
      customerIds: ids,
      findings: inWorst
        .slice(0, Math.ceil(inWorst.length / 3))
        .map((customerId) => ({ customerId, ruleId: 'R-01' })),
      at: new Date('2026-12-02T00:00:00Z'),
    });
    await computeQualityWeek(server.db, '2026-W49', new Date('2026-12-04T10:00:00Z'));
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the lights per city and drills down to the findings', async () => {
    const { context, page } = await newPage(browser, server.url, { height: 1300 });
    await logIn(page, 'coordinator', PASSWORD);
    await page.waitForURL('**/dashboard');
    await page.getByRole('link', { name: '质量监测' }).click();
    await page.waitForURL('**/monitoring');
    const lights = page.getByTestId('lights');
    await lights.waitFor();
    // the province row, then one row per city, each with a light
    expect(await lights.locator('tbody tr').count()).toBe(cityCount + 1);
    expect(await lights.locator('[data-light]').count()).toBe(cityCount + 1);
    // a city row (it opens its counties) with a red light
    const worstRow = lights
      .locator('tbody tr:has(button)', { has: page.locator('[data-light=red]') })
      .first();
    await worstRow.waitFor();
    expect(await lights.locator('[data-light=red]').count()).toBeGreaterThanOrEqual(1);
    await page.getByTestId('quality-trend').locator('.recharts-line').first().waitFor();
    await screenshot(page, 'monitoring-province');

    // into the red city: its counties, and R-01 among the week's new defects
    await worstRow.getByRole('button').click();
    await page.waitForURL(`**/monitoring?city=${worst}**`);
    await page.getByTestId('rule-moves').getByRole('link', { name: 'R-01' }).click();
    await page.waitForURL('**/validation?**');
    const url = new URL(page.url());
    expect(url.searchParams.get('city')).toBe(worst);
    expect(url.searchParams.get('rule')).toBe('R-01');
    await page.getByTestId('finding-row').first().waitFor();
    expect(await page.getByTestId('findings-table').textContent()).toContain('问题 R-01');
    await context.close();
  });
});
