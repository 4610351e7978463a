// The campaign dashboard in the browser, on the demo province after the scripted campaign demo:
// the coordinator's province view and the 昆明 team's city view, each checked against the numbers
// in the database (counters and stored snapshots), with a screenshot each in tests/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { playCampaignDemo } from '@qingyuan/api/demo/campaign.ts';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

const PASSWORD = 'qingyuan2026';
const KUNMING = '5301';
const zh = (n: number) => new Intl.NumberFormat('zh-CN').format(n);

describe('campaign dashboard in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    await playCampaignDemo(server.db, { now: server.clock(), seed: 7 });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** The truth, from the kept counters and the latest stored weekly snapshot. */
  async function expected(cityCode: string | null) {
    const k = server.db.kysely;
    const counts = await k.selectFrom('station_customer_counts').select(['city_code', 'customers']).execute();
    const customers = counts
      .filter((c) => !cityCode || c.city_code === cityCode)
      .reduce((a, c) => a + Number(c.customers), 0);
    const latest = await k
      .selectFrom('progress_snapshots')
      .select('period_key')
      .where('period_kind', '=', 'week')
      .orderBy('period_key', 'desc')
      .limit(1)
      .executeTakeFirstOrThrow();
    const rows = await k
      .selectFrom('progress_snapshots')
      .selectAll()
      .where('period_kind', '=', 'week')
      .where('period_key', '=', latest.period_key)
      .execute();
    const weeks = await k
      .selectFrom('progress_snapshots')
      .select('period_key')
      .distinct()
      .where('period_kind', '=', 'week')
      .execute();
    return { customers, rows, weeks: weeks.length };
  }

  it('shows the coordinator the province: KPIs, the city ranking and the weekly trend', async () => {
    const truth = await expected(null);
    const { context, page } = await newPage(browser, server.url, { height: 1400 });
    await logIn(page, 'coordinator', PASSWORD);
    await page.waitForURL('**/dashboard');
    await page.getByRole('link', { name: '总览' }).click();
    await page.waitForURL('**/dashboard');
    await page.getByTestId('ranking-table').waitFor();
    await page.getByTestId('trend-chart').locator('.recharts-line').first().waitFor();
    expect(await page.getByTestId('kpi-customers').locator('.stat__value').textContent()).toContain(
      zh(truth.customers),
    );
    // the ranking table lists every city of the stored week, in rank order, with its completion
    const cities = truth.rows
      .filter((r) => r.level === 'city')
      .sort((a, b) => a.rank! - b.rank! || a.unit_code.localeCompare(b.unit_code));
    const shown = await page
      .getByTestId('ranking-table')
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.getAttribute('data-unit'),
          tr.querySelector('[data-testid=completion]')?.textContent,
        ]),
      );
    expect(shown).toEqual(cities.map((c) => [c.unit_code, `${c.completion_pct.toFixed(2)}%`]));
    expect(await page.getByTestId('ranking-table').locator('.light').count()).toBe(cities.length);
    // one line per city, plus the province total and the target trajectory
    expect(await page.getByTestId('trend-chart').locator('.recharts-line').count()).toBe(cities.length + 2);
    expect(
      await page.getByTestId('trend-chart').locator('.recharts-xAxis .recharts-cartesian-axis-tick').count(),
    ).toBeGreaterThanOrEqual(Math.min(truth.weeks, 5));
    const province = truth.rows.find((r) => r.level === 'province')!;
    expect(province.in_scope).toBeGreaterThan(0);
    await page.getByTestId('phase-timeline').waitFor();
    await page.getByTestId('quality-table').waitFor();
    await screenshot(page, 'dashboard-province', { fullPage: true });
    // printed: no navigation, no buttons, the content stays
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.side-nav').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '打印' }).isVisible()).toBe(false);
    expect(await page.getByTestId('ranking-table').isVisible()).toBe(true);
    await screenshot(page, 'dashboard-province-print', { fullPage: true });
    await context.close();
  });

  it('shows the 昆明 team its city: its counties and stations only, and its rank among cities', async () => {
    const truth = await expected(KUNMING);
    const { context, page } = await newPage(browser, server.url, { height: 1400 });
    await logIn(page, 'kunming', PASSWORD);
    await page.waitForURL('**/worksheets');
    await page.goto('/dashboard');
    await page.getByTestId('ranking-table').waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('昆明');
    expect(await page.getByTestId('kpi-customers').locator('.stat__value').textContent()).toContain(
      zh(truth.customers),
    );
    const city = truth.rows.find((r) => r.level === 'city' && r.unit_code === KUNMING)!;
    const cityCount = truth.rows.filter((r) => r.level === 'city').length;
    expect(await page.getByTestId('city-standing').textContent()).toContain(`第 ${city.rank} / ${cityCount}`);
    const units = await page
      .getByTestId('ranking-table')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-unit')));
    const mine = truth.rows.filter(
      (r) => (r.level === 'county' || r.level === 'station') && r.city_code === KUNMING,
    );
    expect(units.sort()).toEqual(mine.map((r) => r.unit_code).sort());
    expect(await page.getByTestId('trend-chart').locator('.recharts-line').count()).toBe(
      mine.filter((r) => r.level === 'county').length + 2,
    );
    // no other city's name anywhere on the page
    expect(await page.locator('main').textContent()).not.toMatch(/曲靖|玉溪/);
    await screenshot(page, 'dashboard-city-kunming', { fullPage: true });
    await context.close();
  });

  it('shows the coordinator this week’s stored SMS report to the manager, with its status', async () => {
    const stored = await server.db.kysely
      .selectFrom('weekly_reports')
      .select(['iso_week', 'body'])
      .orderBy('iso_week', 'desc')
      .execute();
    const { context, page } = await newPage(browser, server.url, { height: 1600 });
    await logIn(page, 'coordinator', PASSWORD);
    await page.waitForURL('**/dashboard');
    await page.goto('/campaign');
    const panel = page.getByTestId('weekly-reports');
    await panel.locator('tbody tr').first().waitFor();
    const title = await panel.locator('.card__title').textContent();
    const week = /(\d{4}-W\d{2})/.exec(title ?? '')?.[1];
    const thisWeek = stored.find((r) => r.iso_week === week);
    const row = await panel.locator('tbody tr').first().textContent();
    if (thisWeek) {
      // the demo's last simulated Friday is this week: the stored text, delivered by the simulated dispatcher
      expect(row).toContain(thisWeek.body);
      expect(row).toContain('已送达');
    } else {
      expect(row).toMatch(/【清源】\d{4}-W\d{2}周报：全省客户档案核实完成率/);
      expect(row).toContain('未发送');
    }
    await screenshot(page, 'campaign-coordinator', { fullPage: true });
    await context.close();
  });

  it('lets the 昆明 team submit its weekly summary', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', PASSWORD);
    await page.waitForURL('**/worksheets');
    await page.goto('/campaign');
    await page.getByTestId('work-report-form').waitFor();
    await page.locator('textarea[name=done]').fill('完成3个供电所现场核实');
    await page.locator('textarea[name=problems]').fill('部分用户外出务工');
    await page.locator('textarea[name=plan]').fill('下周完成剩余核实');
    await page.getByRole('button', { name: '提交' }).click();
    await page.getByText(/已按时提交|已提交（迟报）/).waitFor();
    const rows = await server.db.kysely
      .selectFrom('work_reports')
      .selectAll()
      .where('city_code', '=', KUNMING)
      .where('done', '=', '完成3个供电所现场核实')
      .execute();
    expect(rows).toHaveLength(1);
    await context.close();
  });
});
