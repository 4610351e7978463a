// Twilio for real: the official SDK talks to a local fake of the Messages API (tests/harness/
// fake-twilio.ts) through the redirecting RequestClient; callbacks carry signatures made by the
// SDK's own helper and go through the real routes. Then a sampling plan, sent and watched.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeTwilio, TWILIO_ERRORS, type FakeTwilio } from '../../../../../tests/harness/fake-twilio.ts';
import { loadConfig } from '../../config.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { getStates } from '../verification/service.ts';
import { SmsDispatcher } from './dispatcher.ts';
import { findFlaggedCustomers } from './flags.ts';
import { SmsSendError } from './provider.ts';
import { enqueueSms } from './queue.ts';
import { createSmsProvider } from './runtime.ts';
import { twilioSignature } from './twilio-provider.ts';
import { testClock } from '../../testing/clock.ts';

const ACCOUNT = `AC${'a1'.repeat(16)}`;
const TOKEN = 'test-auth-token-0123456789';
const PUBLIC = 'https://qingyuan.example.cn';

const DAY = new Date('2026-11-30T02:00:00Z'); // 10:00 in Shanghai
// one clock for the app, the dispatcher and the fake Twilio (its date_created feeds the lookup)
const clock = testClock(DAY);
let db: TestDb;
let fake: FakeTwilio;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let env: Record<string, string>;
let coordinator: string;
let qujingUser: string;

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  fake = await startFakeTwilio({
    accountSid: ACCOUNT,
    authToken: TOKEN,
    clock,
    sign: (url, params) => twilioSignature(TOKEN, url, params),
    reply: (p) =>
      p.To === '+8613900000001'
        ? TWILIO_ERRORS.unsubscribed()
        : p.To === '+8613900000002'
          ? TWILIO_ERRORS.tooManyRequests()
          : p.To === '+8613900000003'
            ? TWILIO_ERRORS.serverError()
            : undefined,
    // callbacks to our public URL are handed to the app in-process
    post: async (url, headers, body) => {
      const u = new URL(url);
      expect(u.origin).toBe(PUBLIC);
      return (await app.inject({ method: 'POST', url: u.pathname + u.search, headers, payload: body }))
        .statusCode;
    },
  });
  env = {
    SMS_PROVIDER: 'twilio',
    TWILIO_ACCOUNT_SID: ACCOUNT,
    TWILIO_AUTH_TOKEN: TOKEN,
    TWILIO_FROM: '+15005550006',
    TWILIO_API_BASE_URL: fake.url,
    SMS_PUBLIC_URL: PUBLIC,
  };
  app = await buildTestApp(db, env, clock);
  coordinator = await loginAs(app, (await newUser(db.kysely, 'coordinator')).username, TEST_PASSWORD);
  qujingUser = await loginAs(
    app,
    (await newUser(db.kysely, 'city_member', { cityCode: TREE.qujing.city })).username,
    TEST_PASSWORD,
  );
});
afterAll(async () => {
  await app.close();
  await fake.close();
  await db.close();
});

const dispatcher = () =>
  new SmsDispatcher(db.kysely, createSmsProvider(db, loadConfig(env), clock), {
    ratePerSecond: 0,
    window: { startHour: 8, endHour: 21, timeZone: 'Asia/Shanghai' },
    maxAttempts: 3,
    retryBaseSeconds: 30,
    leaseSeconds: 120,
    clock,
  });
const message = (to: string) =>
  db.kysely.selectFrom('sms_messages').selectAll().where('to_number', '=', to).executeTakeFirstOrThrow();

describe('Twilio provider through the SDK', () => {
  it('creates a message (201, SM sid) with our status callback, and finds it again by lookup', async () => {
    const provider = createSmsProvider(db, loadConfig(env), clock);
    const out = {
      messageId: 41,
      to: '+8613812340001',
      body: '您好，请回复1',
      idempotencyKey: 'k1',
      attempt: 1,
      claimedAt: new Date(clock().getTime() - 1000),
    };
    const accepted = await provider.send(out);
    expect(accepted.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(accepted.status).toBe('queued');
    const sent = fake.creates.at(-1)!.params;
    expect(sent).toMatchObject({
      To: '+8613812340001',
      From: '+15005550006',
      Body: '您好，请回复1',
      StatusCallback: `${PUBLIC}/api/v1/sms/twilio/status?m=41`,
    });
    expect(await provider.lookup(out)).toEqual({ sid: accepted.sid, status: 'queued' });
    expect(await provider.lookup({ ...out, body: '别的内容' })).toBeUndefined();
  });

  it.each([
    ['+8613900000001', 'permanent', '21610'],
    ['not-a-number', 'permanent', '21211'],
    ['+8613900000002', 'transient', '20429'],
    ['+8613900000003', 'transient', '20503'],
  ])('classifies Twilio’s answer for %s as %s (%s)', async (to, kind, code) => {
    const provider = createSmsProvider(db, loadConfig(env), clock);
    const err = await provider
      .send({ messageId: 1, to, body: 'x', idempotencyKey: 'k', attempt: 1, claimedAt: clock() })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SmsSendError);
    expect(err).toMatchObject({ kind, code });
  });

  it('is refused with a wrong auth token, as Twilio would', async () => {
    const provider = createSmsProvider(db, loadConfig({ ...env, TWILIO_AUTH_TOKEN: 'wrong' }), clock);
    const err = await provider
      .send({
        messageId: 1,
        to: '+8613812340002',
        body: 'x',
        idempotencyKey: 'k',
        attempt: 1,
        claimedAt: clock(),
      })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'permanent', code: '20003' });
  });
});

describe('status callbacks and replies', () => {
  let customerId: number;
  const to = '+8613812345670';

  beforeAll(async () => {
    customerId = (await newCustomer(db.kysely, { mobile: '13812345670' })).id;
    await db.kysely.transaction().execute((trx) =>
      enqueueSms(
        trx,
        [
          {
            idempotencyKey: 'cb:1',
            purpose: 'sampling',
            to,
            body: '核对短信 1',
            customerId,
            cityCode: TREE.kunming.city,
          },
          {
            idempotencyKey: 'cb:2',
            purpose: 'sampling',
            to: '+8613900000001',
            body: '核对短信 2',
            cityCode: TREE.kunming.city,
          },
          {
            idempotencyKey: 'cb:3',
            purpose: 'sampling',
            to: '+8613900000002',
            body: '核对短信 3',
            cityCode: TREE.kunming.city,
          },
        ],
        clock(),
      ),
    );
    expect(await dispatcher().dispatchBatch()).toMatchObject({ claimed: 3, sent: 1, failed: 1, retrying: 1 });
  });

  it('records the SDK outcome of each message: sent with its sid, unsubscribed failed (no flag), rate limited queued again', async () => {
    const m = await message(to);
    expect(m).toMatchObject({ status: 'sent', provider: 'twilio', attempts: 1 });
    expect(fake.messages.some((x) => x.sid === m.provider_sid)).toBe(true);
    expect(await message('+8613900000001')).toMatchObject({ status: 'failed', error_code: '21610' });
    expect(await message('+8613900000002')).toMatchObject({ status: 'queued', error_code: '20429' });
  });

  it('refuses unsigned and forged callbacks, logs them, and changes nothing', async () => {
    const sid = (await message(to)).provider_sid!;
    expect(await fake.deliver(sid, 'delivered', undefined, null)).toBe(403);
    expect(await fake.deliver(sid, 'delivered', undefined, 'Zm9yZ2VkIHNpZ25hdHVyZQ==')).toBe(403);
    // signed by someone with another token
    const other = twilioSignature('another-token', `${PUBLIC}/api/v1/sms/twilio/status?m=1`, {
      MessageSid: sid,
    });
    expect(await fake.deliver(sid, 'delivered', undefined, other)).toBe(403);
    expect((await message(to)).status).toBe('sent');
    const events = await db.kysely
      .selectFrom('sms_events')
      .select(['kind', 'provider_sid', 'detail'])
      .where('kind', '=', 'rejected_signature')
      .execute();
    expect(events).toHaveLength(3);
    expect(events.map((e) => (e.detail as { reason: string }).reason)).toEqual([
      'missing',
      'invalid',
      'invalid',
    ]);
  });

  it('applies a signed callback, and never lets a late "sent" undo "delivered"', async () => {
    const sid = (await message(to)).provider_sid!;
    expect(await fake.deliver(sid, 'delivered')).toBe(204);
    expect((await message(to)).status).toBe('delivered');
    expect(await fake.deliver(sid, 'sent')).toBe(204);
    expect((await message(to)).status).toBe('delivered');
  });

  it('replies: 1 confirms the customer (sms_reply), 2 flags "not me"; unsigned replies are refused', async () => {
    const url = `${PUBLIC}/api/v1/sms/twilio/inbound`;
    expect(await fake.inbound(url, to, '1', null)).toBe(403);
    expect(await fake.inbound(url, to, '１')).toBe(200); // full-width, as phones often send
    const campaign = await db.kysely
      .selectFrom('campaigns')
      .select('id')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const state = (await getStates(db, campaign.id, [customerId])).get(customerId);
    expect(state).toMatchObject({ state: 'confirmed', source: 'sms_reply' });
    expect(await fake.inbound(url, to, '2')).toBe(200);
    expect(await findFlaggedCustomers(db.kysely, { customerIds: [customerId] })).toMatchObject([
      { kind: 'sms_not_me', value: '13812345670' },
    ]);
    expect(await fake.inbound(url, '+8613000000000', '1')).toBe(200);
    const inbound = await db.kysely.selectFrom('sms_inbound').select('action').orderBy('id').execute();
    expect(inbound.map((i) => i.action)).toEqual(['confirmed', 'not_me', 'unmatched']);
  });
});

describe('a sampling plan sent by SMS', () => {
  let planId: number;

  beforeAll(async () => {
    for (const city of ['kunming', 'qujing'] as const)
      for (let i = 0; i < 12; i++) {
        const mobile = `139${city === 'kunming' ? '5' : '6'}${String(3_000_000 + i * 7_919).padStart(7, '0')}`;
        await newCustomer(db.kysely, {
          city,
          mobile,
          name: `欧阳${city === 'kunming' ? '昆' : '曲'}${i}`,
          cert_no: `5301021990010${String(10_000 + i)}`,
        });
      }
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/sampling/plans',
      headers: { cookie: coordinator },
      payload: { kind: 'sms', sizePerStratum: 5, seed: 'sms-test', excludeDays: 0 },
    });
    expect(res.statusCode, res.body).toBe(200);
    planId = res.json().id;
  });

  const send = (payload: object = {}, cookie = coordinator, id = planId) =>
    app.inject({ method: 'POST', url: `/api/v1/sms/plans/${id}/send`, headers: { cookie }, payload });

  it('queues one message per member, once, with a text that names no one in full', async () => {
    expect((await send({ template: '{name}您好，请回复1' })).statusCode).toBe(400);
    expect((await send({}, qujingUser)).statusCode).toBe(403);
    const first = await send();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ planId, members: 10, queued: 10, alreadyQueued: 0, skipped: [] });
    expect((await send()).json()).toMatchObject({ queued: 0, alreadyQueued: 10 });
    const rows = await db.kysely
      .selectFrom('sms_messages')
      .selectAll()
      .where('ref', '=', `sampling:${planId}`)
      .execute();
    expect(rows).toHaveLength(10);
    for (const r of rows) {
      const c = await db.kysely
        .selectFrom('customers')
        .selectAll()
        .where('id', '=', r.customer_id!)
        .executeTakeFirstOrThrow();
      expect(r.idempotency_key).toBe(`sampling:${planId}:${c.id}`);
      expect(r.body).not.toContain(c.name);
      expect(r.body).not.toContain(c.cert_no);
      expect(r.body).toContain(`${[...c.name][0]}${'*'.repeat(Math.min(3, [...c.name].length - 1))}客户`);
      expect(r.body).toMatch(/回复1.*回复2/);
      expect(r.to_number).toMatch(/^\+861\d{10}$/);
    }
  });

  it('reports delivery per city and for the province with a Wilson interval; a city team sees its own city', async () => {
    await dispatcher().runUntilIdle();
    const rows = await db.kysely
      .selectFrom('sms_messages')
      .select(['provider_sid', 'city_code'])
      .where('ref', '=', `sampling:${planId}`)
      .orderBy('id')
      .execute();
    // 昆明: 4 delivered, 1 undelivered; 曲靖: 5 delivered
    const kunming = rows.filter((r) => r.city_code === TREE.kunming.city);
    for (const r of rows)
      expect(
        await fake.deliver(
          r.provider_sid!,
          r === kunming[0] ? 'undelivered' : 'delivered',
          r === kunming[0] ? 30003 : undefined,
        ),
      ).toBe(204);
    const stats = await app.inject({
      method: 'GET',
      url: `/api/v1/sms/plans/${planId}/stats`,
      headers: { cookie: coordinator },
    });
    expect(stats.statusCode, stats.body).toBe(200);
    const body = stats.json();
    expect(body.total).toMatchObject({ total: 10, sent: 10, delivered: 9, failed: 1, pending: 0 });
    expect(body.total.successRate).toBeCloseTo(0.9, 10);
    expect(body.total.low).toBeCloseTo(0.5958, 3); // Wilson 9/10
    expect(body.total.high).toBeCloseTo(0.9821, 3);
    expect(
      body.cities.map((c: { code: string; delivered: number; failed: number }) => [
        c.code,
        c.delivered,
        c.failed,
      ]),
    ).toEqual([
      [TREE.kunming.city, 4, 1],
      [TREE.qujing.city, 5, 0],
    ]);
    const city = (
      await app.inject({
        method: 'GET',
        url: `/api/v1/sms/plans/${planId}/stats`,
        headers: { cookie: qujingUser },
      })
    ).json();
    expect(city.cities.map((c: { code: string }) => c.code)).toEqual([TREE.qujing.city]);
    expect(city.total).toMatchObject({ total: 5, delivered: 5 });
    expect(city.members).toBe(5);
    // the undelivered customer is flagged for the next worksheet
    const flagged = await findFlaggedCustomers(db.kysely, { region: { cityCode: TREE.kunming.city } });
    expect(flagged.filter((f) => f.kind === 'sms_failed')).toHaveLength(1);
  });
});
