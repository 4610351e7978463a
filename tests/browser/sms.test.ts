// The province coordinator draws a 5% SMS sample of the demo province, sends it, and watches the
// messages go out and come back delivered or failed, city by city (the dispatcher and the local
// outbox's carrier run beside the server, as they would in-process). Screenshots in tests/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { loadConfig } from '@qingyuan/api/config.ts';
import { createOutboxProvider, deliverDueReceipts } from '@qingyuan/api/features/sms/outbox-provider.ts';
import { createDispatcher } from '@qingyuan/api/features/sms/runtime.ts';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

describe('SMS check in the browser', () => {
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

  it('draws a sample, sends it and shows delivery per city with an interval', async () => {
    const { page } = await newPage(browser, server.url);
    await logIn(page, 'coordinator', 'qingyuan2026');
    await page.waitForURL('**/dashboard');
    await page.getByRole('link', { name: '短信校验' }).click();
    await page.waitForURL('**/sms');
    await page.getByTestId('empty-state').waitFor();

    await page.getByLabel('抽样比例（%）').fill('5');
    await page.getByLabel('排除近 N 天内已抽中的客户').fill('0');
    await page.getByLabel('随机种子').fill('browser-sms');
    await page.getByRole('button', { name: '生成样本' }).click();
    await page.getByTestId('sms-plan-row').first().waitFor();
    const members = Number(
      (await page.getByTestId('sms-plan-row').first().locator('td.num').textContent())!.replace(/\D/g, ''),
    );
    expect(members).toBeGreaterThan(50);
    await expect(page.getByTestId('sms-plan-detail').textContent()).resolves.toContain('尚未发送');

    // a template naming the customer in full is refused with a Chinese message
    const text = page.getByLabel('短信内容');
    await expect(text.inputValue()).resolves.toContain('{maskedName}');
    await text.fill('{name}您好，请回复1');
    await page.getByRole('button', { name: /发送短信/ }).click();
    // nothing is queued before the count is confirmed
    await expect(page.getByTestId('sms-send-confirm').textContent()).resolves.toContain(
      `将向 ${members.toLocaleString('zh-CN')} 位客户发送真实短信`,
    );
    await page.getByRole('button', { name: /确认发送/ }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('不允许的占位符');
    await text.fill(
      '【供电公司】尊敬的{maskedName}客户：您的户号{customerNo}预留号码为本机。无误请回复1，非本人请回复2。',
    );
    await page.getByRole('button', { name: /发送短信/ }).click();
    await page.getByRole('button', { name: /取消/ }).click();
    expect(
      await server.db.kysely
        .selectFrom('sms_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('purpose', '=', 'sampling')
        .executeTakeFirstOrThrow()
        .then((r) => Number(r.n)),
    ).toBe(0);
    await page.getByRole('button', { name: /发送短信/ }).click();
    await page.getByRole('button', { name: `确认发送 ${members.toLocaleString('zh-CN')} 条` }).click();
    await expect(page.getByTestId('sms-send-result').textContent()).resolves.toContain(
      `已加入发送队列 ${members.toLocaleString('zh-CN')} 条`,
    );
    await page.getByTestId('sms-progress').waitFor();
    await screenshot(page, 'sms-queued');

    // the dispatcher sends them, the outbox's carrier reports back; the page refreshes itself
    const config = loadConfig({
      LOG_LEVEL: 'silent',
      SMS_RATE_PER_SECOND: '0',
      SMS_WINDOW_START_HOUR: '0',
      SMS_WINDOW_END_HOUR: '0',
      SMS_RETRY_BASE_SECONDS: '0',
    });
    const sent = await createDispatcher(
      server.db,
      config,
      createOutboxProvider(server.db.kysely, { clock: server.clock }),
      { clock: server.clock },
    ).runUntilIdle();
    expect(sent.sent).toBe(members);
    // the outbox's carrier reports 0.2–1.2 s after acceptance, by the server's clock
    server.clock.advance(1_300);
    await deliverDueReceipts(server.db.kysely, server.clock());
    await page.waitForFunction(
      () =>
        document
          .querySelector('[data-testid="sms-progress"] [role="progressbar"]')
          ?.getAttribute('aria-valuenow') === '100',
      null,
      { timeout: 15_000 },
    );
    const rows = page.getByTestId('sms-city-row');
    expect(await rows.count()).toBeGreaterThan(2);
    const total = await rows.last().textContent();
    expect(total).toContain('全省');
    expect(total).toMatch(/\d+\.\d\d% – \d+\.\d\d%/);
    await page.getByTestId('sms-delivery-chart').locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'sms-delivered');
  });
});
