// Alibaba Cloud SMS for real: the official SDK (@alicloud/dysmsapi20170525) talks to a local fake
// of the Dysmsapi (tests/harness/fake-aliyun.ts); receipts come by QuerySendDetails polling and
// by the SmsReport push, replies by the SmsUp push, both through the real routes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALIYUN_ERRORS, startFakeAliyun, type FakeAliyun } from '../../../../../tests/harness/fake-aliyun.ts';
import { loadConfig } from '../../config.ts';
import { testClock } from '../../testing/clock.ts';
import { newCustomer, seedOrgTree, TREE } from '../../testing/factories.ts';
import { buildTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { getStates } from '../verification/service.ts';
import type { AliyunProvider } from './aliyun-provider.ts';
import { pollAliyunReceipts } from './aliyun-receipts.ts';
import { SmsDispatcher } from './dispatcher.ts';
import { SmsSendError } from './provider.ts';
import { enqueueSms } from './queue.ts';
import { createSmsProvider } from './runtime.ts';

const clock = testClock('2026-11-30T02:00:00Z'); // 10:00 in Shanghai
const TOKEN = 'callback-token-0123456789';
let db: TestDb;
let fake: FakeAliyun;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let env: Record<string, string>;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  fake = await startFakeAliyun({
    accessKeyId: 'LTAI-test-key',
    clock,
    reply: (p, n) =>
      p.PhoneNumbers === '13900000001'
        ? ALIYUN_ERRORS.invalidNumber()
        : p.PhoneNumbers === '13900000002' && n === 1
          ? ALIYUN_ERRORS.flowControl()
          : p.PhoneNumbers === '13900000003'
            ? ALIYUN_ERRORS.unavailable()
            : p.PhoneNumbers === '13900000004'
              ? ALIYUN_ERRORS.throttled()
              : undefined,
  });
  env = {
    SMS_PROVIDER: 'aliyun',
    ALIYUN_ACCESS_KEY_ID: 'LTAI-test-key',
    ALIYUN_ACCESS_KEY_SECRET: 'test-secret',
    ALIYUN_SMS_SIGN_NAME: '清源',
    ALIYUN_SMS_TEMPLATE_CODE: 'SMS_500000001',
    ALIYUN_SMS_ENDPOINT: fake.url,
    ALIYUN_SMS_CALLBACK_TOKEN: TOKEN,
  };
  app = await buildTestApp(db, env, clock);
});
afterAll(async () => {
  await app.close();
  await fake.close();
  await db.close();
});

const provider = () => createSmsProvider(db, loadConfig(env), clock) as AliyunProvider;
const dispatcher = () =>
  new SmsDispatcher(db.kysely, provider(), {
    ratePerSecond: 0,
    window: { startHour: 8, endHour: 21, timeZone: 'Asia/Shanghai' },
    maxAttempts: 3,
    retryBaseSeconds: 0,
    leaseSeconds: 120,
    clock,
  });
const message = (to: string) =>
  db.kysely.selectFrom('sms_messages').selectAll().where('to_number', '=', to).executeTakeFirstOrThrow();

describe('Aliyun provider through the SDK', () => {
  it('sends the approved template with our text and key, and finds it again by key', async () => {
    const out = {
      messageId: 7,
      to: '+8613812340001',
      body: '【清源】您好，请回复1',
      idempotencyKey: 'k-1',
      attempt: 1,
      claimedAt: clock(),
    };
    const accepted = await provider().send(out);
    expect(accepted.sid).toMatch(/^\d{12}\^0$/);
    expect(fake.sends.at(-1)).toMatchObject({
      PhoneNumbers: '13812340001',
      SignName: '清源',
      TemplateCode: 'SMS_500000001',
      TemplateParam: JSON.stringify({ content: '您好，请回复1' }),
      OutId: 'k-1',
    });
    expect(await provider().lookup(out)).toEqual({ sid: 'out:k-1', status: 'accepted' });
    expect(await provider().lookup({ ...out, idempotencyKey: 'k-other' })).toBeUndefined();
  });

  it.each([
    ['+8613900000001', 'permanent', 'isv.MOBILE_NUMBER_ILLEGAL'],
    ['+8613900000003', 'transient', 'ServiceUnavailable'],
    ['+8613900000004', 'transient', 'Throttling.User'],
  ])('classifies Aliyun’s answer for %s as %s (%s)', async (to, kind, code) => {
    const err = await provider()
      .send({ messageId: 1, to, body: 'x', idempotencyKey: `c-${to}`, attempt: 1, claimedAt: clock() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsSendError);
    expect(err).toMatchObject({ kind, code });
  });

  it('is refused with a wrong AccessKey, and that is permanent', async () => {
    const p = createSmsProvider(db, loadConfig({ ...env, ALIYUN_ACCESS_KEY_ID: 'LTAI-wrong' }), clock);
    const err = await p
      .send({
        messageId: 1,
        to: '+8613812340002',
        body: 'x',
        idempotencyKey: 'w',
        attempt: 1,
        claimedAt: clock(),
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'permanent', code: 'InvalidAccessKeyId.NotFound' });
  });
});

describe('dispatch, receipts and replies', () => {
  let customerId: number;
  const to = '+8613812345670';

  beforeAll(async () => {
    customerId = (await newCustomer(db.kysely, { mobile: '13812345670' })).id;
    const sms = (key: string, number: string, withCustomer = false) => ({
      idempotencyKey: key,
      purpose: 'sampling' as const,
      to: number,
      body: `【清源】核对短信 ${key}`,
      cityCode: TREE.kunming.city,
      ...(withCustomer ? { customerId } : {}),
    });
    await db.kysely
      .transaction()
      .execute((trx) =>
        enqueueSms(
          trx,
          [
            sms('a:1', to, true),
            sms('a:2', '+8613900000001'),
            sms('a:3', '+8613900000002'),
            sms('a:4', '+8613812345671'),
          ],
          clock(),
        ),
      );
  });

  it('sends; a permanent error fails at once, a transient one (flow control) is retried and goes', async () => {
    expect(await dispatcher().dispatchBatch()).toMatchObject({ claimed: 4, sent: 2, failed: 1, retrying: 1 });
    expect(await message(to)).toMatchObject({ status: 'sent', provider: 'aliyun', attempts: 1 });
    expect(await message('+8613900000001')).toMatchObject({
      status: 'failed',
      error_code: 'isv.MOBILE_NUMBER_ILLEGAL',
    });
    expect(await message('+8613900000002')).toMatchObject({
      status: 'queued',
      error_code: 'isv.BUSINESS_LIMIT_CONTROL',
    });
    clock.advance(60_000);
    expect(await dispatcher().dispatchBatch()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await message('+8613900000002')).toMatchObject({ status: 'sent', attempts: 2 });
    expect(fake.sendCountByOutId().get('a:3')).toBe(1);
  });

  it('receipts by QuerySendDetails polling: delivered and undelivered, waiting ones left alone', async () => {
    const sid = (await message(to)).provider_sid!;
    const other = (await message('+8613812345671')).provider_sid!;
    expect(await pollAliyunReceipts(db, provider(), clock())).toBe(0); // all waiting (SendStatus 1)
    fake.deliver(sid, true);
    fake.deliver(other, false, 'MK:0012');
    expect(await pollAliyunReceipts(db, provider(), clock())).toBe(2);
    expect(await message(to)).toMatchObject({ status: 'delivered' });
    expect(await message('+8613812345671')).toMatchObject({ status: 'undelivered', error_code: 'MK:0012' });
  });

  it('receipts by the SmsReport push, guarded by the callback token', async () => {
    const sid = (await message('+8613900000002')).provider_sid!;
    fake.deliver(sid, true);
    const push = (token: string) =>
      app.inject({
        method: 'POST',
        url: `/api/v1/sms/aliyun/report?token=${token}`,
        payload: fake.report([sid]),
      });
    expect((await push('wrong-token-0123456789')).statusCode).toBe(403);
    expect((await message('+8613900000002')).status).toBe('sent');
    const ok = await push(TOKEN);
    expect(ok.json()).toEqual({ code: 0, msg: '成功' });
    expect((await message('+8613900000002')).status).toBe('delivered');
  });

  it('replies by the SmsUp push: 1 confirms the customer (sms_reply)', async () => {
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/sms/aliyun/reply?token=${TOKEN}`,
      payload: fake.reply('13812345670', '1', 9001),
    });
    expect(res.statusCode).toBe(200);
    const campaign = await db.kysely
      .selectFrom('campaigns')
      .select('id')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const state = (await getStates(db, campaign.id, [customerId])).get(customerId);
    expect(state).toMatchObject({ state: 'confirmed', source: 'sms_reply' });
    // the same push again (Aliyun retries until it gets our answer) is recorded once
    await app.inject({
      method: 'POST',
      url: `/api/v1/sms/aliyun/reply?token=${TOKEN}`,
      payload: fake.reply('13812345670', '1', 9001),
    });
    const inbound = await db.kysely.selectFrom('sms_inbound').select(['action', 'provider_sid']).execute();
    expect(inbound).toEqual([{ action: 'confirmed', provider_sid: 'aliyun-up:9001' }]);
  });
});
