// 系统管理 in the browser: an admin creates a user, who sets a password at first login with the
// one-time code shown to the admin and is signed in; the admin creates an API token, revokes it,
// and the next call with it is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

describe('administration in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer({ customers: 300 });
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
});
