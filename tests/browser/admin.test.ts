// 系统管理 and 审计 in the browser: an admin creates a user, who sets a password at first login with
// the one-time code shown to the admin and is signed in; the admin creates an API token, revokes it,
// and the next call with it is refused. With full numbers by approval (UNMASKED_ACCESS=approval), a
// city member sees numbers masked, asks, sees them in full once the admin grants it and masked
// again after the grant's hour; an auditor filters the access log to that look and exports it.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

describe('administration and personal-data governance in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ customers: 300, env: { UNMASKED_ACCESS: 'approval' } });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a user who sets a password at first login; revokes a token, refused at once', async () => {
    const { context, page } = await newPage(browser, server.url);
    page.on('dialog', (d) => void d.accept());
    await logIn(page, 'admin', 'qingyuan2026');
    await page.waitForURL('**/dashboard');
    await page.goto('/admin');
    const form = page.getByTestId('user-create');
    await form.getByLabel('用户名').fill('xinren');
    await form.getByLabel('姓名').fill('新同事');
    await form.getByLabel('角色').selectOption('coordinator');
    await form.getByRole('button', { name: '创建并生成设置码' }).click();
    const code = (await page.getByTestId('setup-code-value').textContent())!.trim();
    expect(code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    await expect.poll(() => page.getByTestId('user-xinren').textContent()).toContain('待设置密码');
    await screenshot(page, 'admin-users');

    // the new user, in a browser of their own
    const other = await newPage(browser, server.url);
    const p2 = other.page;
    await p2.goto('/login');
    await p2.getByRole('button', { name: '首次登录 / 设置密码' }).click();
    await p2.getByLabel('用户名').fill('xinren');
    await p2.getByLabel('一次性设置码').fill(code);
    await p2.getByLabel('新密码', { exact: true }).fill('spring-river-2027');
    await p2.getByLabel('再次输入新密码').fill('spring-river-2027');
    await p2.getByRole('button', { name: '设置密码并登录' }).click();
    await p2.waitForURL('**/dashboard');
    await expect.poll(() => p2.getByTestId('current-user').textContent()).toContain('新同事');
    await other.context.close();

    // a token, revoked: the next call with it is refused
    await page.getByRole('tab', { name: '接口令牌' }).click();
    const tokenForm = page.getByTestId('token-create');
    await tokenForm.getByLabel('名称').fill('测试接口');
    await tokenForm.getByLabel('渠道').fill('browser-test');
    await tokenForm.getByRole('button', { name: '创建令牌' }).click();
    const secret = (await page.getByTestId('token-secret-value').textContent())!.trim();
    const station = await server.db.kysely
      .selectFrom('org_units')
      .select('code')
      .where('level', '=', 'station')
      .executeTakeFirstOrThrow();
    const call = () =>
      fetch(`${server.url}/api/v1/validate`, {
        method: 'POST',
        headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: '张三', customerType: 'residential', stationCode: station.code }),
      });
    expect((await call()).status).toBe(200);
    await page.getByTestId('token-测试接口').getByRole('button', { name: '吊销' }).click();
    await expect.poll(() => page.getByTestId('token-测试接口').textContent()).toContain('已吊销');
    expect((await call()).status).toBe(401);
    await screenshot(page, 'admin-tokens');
    await context.close();
  });

  it('shows a city member full numbers only while a grant lasts; an auditor finds and exports the look', async () => {
    const k = server.db.kysely;
    const { context, page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', 'qingyuan2026');
    await page.waitForURL('**/worksheets');
    // the first customer of the list, as the database has it
    const firstMobile = async () => {
      await page.goto('/customers');
      const row = page.getByTestId('customer-row').first();
      await row.waitFor();
      const no = (await row.locator('td').first().textContent())!.trim();
      const shown = (await row.locator('td').nth(3).textContent())!.trim();
      const { mobile } = await k
        .selectFrom('customers')
        .select('mobile')
        .where('customer_no', '=', no)
        .executeTakeFirstOrThrow();
      return { shown, mobile: mobile! };
    };
    const before = await firstMobile();
    expect(before.mobile).toMatch(/^1\d{10}$/);
    expect(before.shown).not.toBe(before.mobile);
    expect(before.shown).toContain('*');

    // asks for full numbers of its own city, with a reason, from the inbox
    await page.getByTestId('inbox-button').click();
    const ask = page.getByTestId('inbox-panel');
    await ask.getByTestId('access-reason').fill('上门核实前电话预约');
    await ask.getByTestId('access-ask').click();
    await ask.locator('[data-testid=access-request][data-status=pending]').waitFor();
    expect((await firstMobile()).shown).toContain('*');

    // the admin grants it for one hour from the inbox
    const admin = await newPage(browser, server.url);
    await logIn(admin.page, 'admin', 'qingyuan2026');
    await admin.page.waitForURL('**/dashboard');
    await admin.page.getByTestId('inbox-button').click();
    const pending = admin.page
      .getByTestId('inbox-panel')
      .locator('[data-testid=access-request][data-status=pending]');
    await pending.getByLabel('批准时长（小时）').fill('1');
    await pending.getByTestId('access-grant').click();
    await admin.page
      .getByTestId('inbox-panel')
      .locator('[data-testid=access-request][data-status=granted]')
      .waitFor();
    await admin.context.close();

    const during = await firstMobile();
    expect(during.shown).toBe(during.mobile);
    await screenshot(page, 'access-granted');

    // past the hour (the server's clock), masked again without anyone acting
    const now = server.clock();
    server.clock.advance(61 * 60_000);
    try {
      const after = await firstMobile();
      expect(after.shown).not.toBe(after.mobile);
      expect(after.shown).toContain('*');
    } finally {
      server.clock.set(now);
    }
    await context.close();

    // an auditor, created by the admin, reads who saw full numbers and exports it
    const created = await fetchAs('admin', 'POST', '/api/v1/admin/users', {
      username: 'shenji',
      displayName: '审计员甲',
      role: 'auditor',
    });
    const { setupCode } = (await created.json()) as { setupCode: string };
    const auditor = await newPage(browser, server.url);
    const setup = await auditor.page.request.post('/api/v1/auth/setup-password', {
      data: { username: 'shenji', code: setupCode, password: 'autumn-lake-2027' },
    });
    expect(setup.status()).toBe(200);
    await auditor.page.goto('/audit');
    await auditor.page.getByTestId('audit-filter-user').fill('kunming');
    await auditor.page.getByTestId('audit-filter-action').selectOption('view');
    await auditor.page.getByTestId('audit-apply').click();
    const rows = auditor.page.getByTestId('audit-row');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    const actions = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-action')));
    expect(new Set(actions)).toEqual(new Set(['view']));
    expect(await rows.first().textContent()).toContain('kunming');
    // only the audit page: no other page in its navigation
    expect(await auditor.page.getByRole('link', { name: '客户档案' }).count()).toBe(0);
    const [download] = await Promise.all([
      auditor.page.waitForEvent('download'),
      auditor.page.getByTestId('audit-export').click(),
    ]);
    const csv = await readFile((await download.path())!, 'utf8');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(1).every((l) => l.includes('kunming') && l.includes('view'))).toBe(true);
    // the export itself is on record
    const exported = await k
      .selectFrom('access_log')
      .select('action')
      .where('username', '=', 'shenji')
      .where('action', '=', 'audit_export')
      .execute();
    expect(exported.length).toBe(1);
    await screenshot(auditor.page, 'audit-log');
    await auditor.context.close();
  });

  async function fetchAs(username: string, method: string, path: string, body: unknown) {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'qingyuan2026' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    return fetch(`${server.url}${path}`, {
      method,
      headers: { cookie, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }
});
