// An agent works the call queue with the keyboard only; a dropped network during the save keeps
// the input and the save lands exactly once; a coordinator reads the per-city results table.
// Screenshots land in tests/artifacts/ for review.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { PROVINCE } from '@qingyuan/api/features/auth/region.ts';
import { createSamplingPlan } from '@qingyuan/api/features/sampling/service.ts';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

const PASSWORD = 'qingyuan2026';

describe('call workbench in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    await drawPlan('电话核实抽样（测试）');
    browser = await launchBrowser();
  });

  async function drawPlan(name: string) {
    const admin = await server.db.kysely
      .selectFrom('users')
      .select(['id', 'username'])
      .where('username', '=', 'coordinator')
      .executeTakeFirstOrThrow();
    await createSamplingPlan(
      server.db,
      {
        kind: 'user',
        id: admin.id,
        username: admin.username,
        name: admin.username,
        role: 'coordinator',
        region: PROVINCE,
      },
      { kind: 'call', name, sizePerStratum: 5, stratifyBy: 'city', excludeDays: 0, seed: name },
      server.clock(),
    );
  }

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const callChanges = (batchId: string) =>
    server.db.kysely
      .selectFrom('customer_changes')
      .select(['field', 'new_value'])
      .where('source', '=', 'call')
      .where('batch_id', '=', batchId)
      .execute();

  it('records a correction with the keyboard, surviving a dropped network and a reload', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'agent', PASSWORD);
    await page.waitForURL('**/calls'); // an agent starts at their call queue
    await page.getByTestId('call-empty').waitFor();
    await expect(page.getByTestId('call-hints').textContent()).resolves.toContain('下一个');

    await page.keyboard.press('n');
    const customer = page.getByTestId('call-customer');
    await customer.waitFor();
    const mobile = (await page.getByTestId('call-mobile').textContent())!.trim();
    expect(mobile).toMatch(/^1\d{10}$/); // agents see the number in full
    const callId = await customer.getAttribute('data-call-id');

    // answered; name correct (Y moves on); mobile wrong → type the new one; landline can't verify; address correct
    await page.keyboard.press('1');
    await page.getByTestId('call-field-name').waitFor();
    await page.keyboard.press('y');
    await page.keyboard.press('x');
    const input = page.getByTestId('call-value-mobile');
    await expect(input.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await page.keyboard.type('139 5871 2643');
    await page.keyboard.press('Enter'); // leaves the input, back to the rows
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('u');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('y');
    await expect(page.getByTestId('call-field-address').getAttribute('data-verdict')).resolves.toBe(
      'correct',
    );
    await screenshot(page, 'calls-workbench-draft');

    // the page is reloaded before saving: "next" gives the same customer back with the draft
    await page.reload();
    await page.getByTestId('call-empty').waitFor();
    await page.keyboard.press('n');
    await page.getByTestId('call-value-mobile').waitFor();
    await expect(page.getByTestId('call-value-mobile').inputValue()).resolves.toBe('139 5871 2643');
    await expect(page.getByTestId('call-field-landline').getAttribute('data-verdict')).resolves.toBe(
      'unreachable',
    );

    // the network drops for the first two attempts: the input stays, the save is retried
    let dropped = 0;
    await page.route('**/api/v1/calls/*/result', async (route) => {
      if (dropped < 2) {
        dropped++;
        // the first attempt reaches the server but its answer is lost on the way back
        if (dropped === 1) await route.fetch();
        return route.abort('internetdisconnected');
      }
      return route.continue();
    });
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('call-retrying').waitFor();
    await screenshot(page, 'calls-workbench-retrying');
    await expect(input.inputValue()).resolves.toBe('139 5871 2643');
    await page.getByTestId('call-saved').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('call-saved').textContent()).toBe('已保存：已更正');
    expect(dropped).toBe(2);
    await page.unroute('**/api/v1/calls/*/result');

    const changes = await callChanges(callId!);
    expect(changes).toEqual([{ field: 'mobile', new_value: '13958712643' }]);
    const drafts = await page.evaluate(() =>
      Object.keys(localStorage).filter((k) => k.startsWith('qingyuan.calls.draft.')),
    );
    expect(drafts).toEqual([]);

    // the next customer, and a refused mobile shows the rules engine's reason beside the field
    await page.keyboard.press('n');
    await page.getByTestId('call-customer').waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('x');
    await page.keyboard.type('1381234');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('call-refused').waitFor();
    await expect(page.getByTestId('call-field-mobile').textContent()).resolves.toMatch(/位数错误/);
    await screenshot(page, 'calls-workbench-refused');
    await context.close();
  });

  it('shows why the customer was drawn and a script, skips the held one, and counts today’s calls', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'agent', PASSWORD);
    await page.waitForURL('**/calls');
    await page.getByTestId('call-next').click();
    await page.getByTestId('call-customer').waitFor();
    // the first test saved one call today (Beijing day of the server's clock)
    expect(
      Number(await page.getByTestId('call-done-today').getAttribute('data-count')),
    ).toBeGreaterThanOrEqual(1);
    const name = (await page.getByTestId('call-customer').locator('h2').textContent())!.split(' ')[0]!;
    await expect(page.getByTestId('call-why').textContent()).resolves.toMatch(/抽样计划|问题|错误|格式/);
    await expect(page.getByTestId('call-script').textContent()).resolves.toContain(name.trim());
    const held = await page.getByTestId('call-customer').getAttribute('data-call-id');
    await page.getByTestId('call-skip').click();
    await page.waitForFunction(
      (id) => document.querySelector('[data-testid="call-customer"]')?.getAttribute('data-call-id') !== id,
      held,
    );
    const task = await server.db.kysely
      .selectFrom('call_tasks')
      .select(['leased_by', 'skipped_by'])
      .where('id', '=', Number(held))
      .executeTakeFirstOrThrow();
    expect(task.leased_by).toBeNull();
    expect(task.skipped_by).not.toBeNull();
    await context.close();
  });

  it('shows the coordinator the results per city and field with intervals', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'coordinator', PASSWORD);
    await page.waitForURL('**/dashboard');
    await page.goto('/calls');
    const table = page.getByTestId('call-report');
    await table.waitFor();
    const rows = page.getByTestId('call-report-row');
    expect(await rows.count()).toBeGreaterThan(1);
    const text = (await table.textContent()) ?? '';
    expect(text).toContain('手机号码');
    // the one correction above: 1 wrong mobile of 1 checked, 100.0% with its Wilson interval
    expect(text).toMatch(/1 \/ 1100\.0% \[20\.7%, 100\.0%\]/);
    await screenshot(page, 'calls-report', { fullPage: true });
    await context.close();
  });

  it('lets an agent choose which plan to work: the newest first, an older one to finish it', async () => {
    await drawPlan('电话核实抽样（第二轮）');
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'agent', PASSWORD);
    await page.waitForURL('**/calls');
    const picker = page.getByTestId('call-plan');
    await picker.locator('option').nth(1).waitFor({ state: 'attached' });
    const options = await picker.locator('option').allTextContents();
    expect(options.map((o) => o.split(' · ')[0])).toEqual(['电话核实抽样（第二轮）', '电话核实抽样（测试）']);
    expect(await picker.locator('option:checked').textContent()).toContain('第二轮');

    await picker.selectOption({ label: options[1]! });
    const customer = page.getByTestId('call-customer');
    await customer.waitFor();
    // the call comes from the chosen, older plan
    expect(await page.getByTestId('call-plan-name').textContent()).toBe('电话核实抽样（测试）');
    await screenshot(page, 'calls-plan-picker');
    await context.close();
  });

  // issue 18, finding 8: a draft with corrected personal data stayed in localStorage after logout
  it('clears the call drafts from the browser at logout', async () => {
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'agent', PASSWORD);
    await page.waitForURL('**/calls');
    await page.getByTestId('call-empty').waitFor();
    await page.keyboard.press('n');
    await page.getByTestId('call-customer').waitFor();
    await page.keyboard.press('1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('x');
    await page.keyboard.type('13958712699');
    const keys = () => page.evaluate(() => Object.keys(localStorage));
    await expect
      .poll(async () => (await keys()).filter((k) => k.startsWith('qingyuan.calls.draft.')).length)
      .toBeGreaterThan(0);
    await page.evaluate(() => localStorage.setItem('qingyuan.language', 'zh-CN'));
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    const left = await keys();
    expect(left.filter((k) => k.startsWith('qingyuan.calls.'))).toEqual([]);
    expect(left).toContain('qingyuan.language'); // a device preference, not the user's data

    // the app ran under the server's CSP; an injected inline script does not, and the harness
    // reports the violation when the context closes (so every browser test checks the CSP)
    const res = await page.goto('/login');
    expect(res!.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__injected = true';
      document.head.append(script);
    });
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined();
    await expect(context.close()).rejects.toThrow(/CSP violations/);
  });
});
