// A 昆明 customer answers the SMS check with more than 1 or 2 ("号码是我的，地址已搬到…"); the
// 昆明 city team finds it on the SMS page with the SMS it answers, records it as a correction of the
// address, and the customer record changes (through the one write path, traced as an SMS change).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { enqueueSms } from '@qingyuan/api/features/sms/queue.ts';
import { handleInbound } from '@qingyuan/api/features/sms/webhooks.ts';
import { launchBrowser, logIn, newPage, screenshot } from '../harness/browser.ts';
import { startTestServer } from '../harness/server.ts';

describe('the reply review queue in the browser', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let customer: { id: number; customer_no: string; mobile: string; address: string; county_code: string };

  beforeAll(async () => {
    server = await startTestServer({ customers: 1_000 });
    browser = await launchBrowser();
    const db = server.db.kysely;
    customer = await db
      .selectFrom('customers')
      .select(['id', 'customer_no', 'mobile', 'address', 'county_code'])
      .where('city_code', '=', '5301')
      .where('mobile', '~', '^1[3-9][0-9]{9}$')
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    const to = `+86${customer.mobile}`;
    await db.transaction().execute((trx) =>
      enqueueSms(
        trx,
        [
          {
            idempotencyKey: 'browser-reply:1',
            purpose: 'sampling',
            to,
            body: `【清源】请核对户号${customer.customer_no}的信息，无误请回复1，非本人请回复2。`,
            customerId: customer.id,
            cityCode: '5301',
            countyCode: customer.county_code,
          },
        ],
        server.clock(),
      ),
    );
    await db
      .updateTable('sms_messages')
      .set({ status: 'delivered' })
      .where('idempotency_key', '=', 'browser-reply:1')
      .execute();
    await handleInbound(
      server.db,
      { From: to, Body: '号码是我的，地址已搬到翠湖社区8组18号', MessageSid: 'browser-in-1' },
      server.clock(),
    );
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a city member records a reply as a correction of the address', async () => {
    const { page } = await newPage(browser, server.url);
    await logIn(page, 'kunming', 'qingyuan2026');
    await page.waitForURL('**/worksheets'); // a city team starts at its worksheets
    await page.getByRole('link', { name: '短信校验' }).click();
    await page.waitForURL('**/sms');
    const row = page.getByTestId('reply-row').filter({ hasText: '地址已搬到翠湖社区8组18号' });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain(customer.customer_no);
    await expect(page.getByTestId('reply-counts').textContent()).resolves.toContain('待处理 1 条');
    await row.getByRole('button', { name: '记录为更正' }).click();
    const form = page.getByTestId('reply-correction');
    const address = form.getByLabel('用电地址');
    await expect(address.inputValue()).resolves.toBe(customer.address);
    const corrected = '云南省昆明市五华区华山街道翠湖社区8组18号';
    await address.fill(corrected);
    await form.getByLabel('处理说明').fill('客户短信告知新址');
    await screenshot(page, 'sms-reply-correction');
    await form.getByRole('button', { name: '保存更正' }).click();
    await expect(page.getByRole('status').textContent()).resolves.toContain('已更正：用电地址');
    await page.getByText('没有待处理的客户回复').waitFor();
    const after = await server.db.kysely
      .selectFrom('customers')
      .select('address')
      .where('id', '=', customer.id)
      .executeTakeFirstOrThrow();
    expect(after.address).toBe(corrected);
    const trace = await server.db.kysely
      .selectFrom('customer_changes')
      .select(['field', 'source'])
      .where('customer_id', '=', customer.id)
      .execute();
    expect(trace).toContainEqual({ field: 'address', source: 'sms' });
  });
});
