// The reply review queue over the HTTP API: a reply that is not a plain 1/2 waits for the
// customer's city team, who record it as a correction (checked by the rules, written through the
// customer write path) or as needing no action; both audited, each once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testClock } from '../../testing/clock.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD, TREE } from '../../testing/factories.ts';
import { buildTestApp, loginAs } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { getStates } from '../verification/service.ts';
import { enqueueSms } from './queue.ts';
import { handleInbound } from './webhooks.ts';

const clock = testClock('2026-11-30T02:00:00Z', { ticking: false });
let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;
let qj: string;
let km: string;
let customerId: number;
let otherId: number;

async function smsTo(id: number, mobile: string, key: string) {
  await db.kysely.transaction().execute((trx) =>
    enqueueSms(
      trx,
      [
        {
          idempotencyKey: key,
          purpose: 'sampling',
          to: `+86${mobile}`,
          body: `【清源】核对短信 ${key}`,
          customerId: id,
          cityCode: TREE.qujing.city,
          countyCode: TREE.qujing.county,
        },
      ],
      clock(),
    ),
  );
  await db.kysely
    .updateTable('sms_messages')
    .set({ status: 'delivered' })
    .where('idempotency_key', '=', key)
    .execute();
}
const get = async (cookie: string) =>
  (await app.inject({ method: 'GET', url: '/api/v1/sms/replies', headers: { cookie } })).json();
const post = (cookie: string, url: string, payload: object) =>
  app.inject({ method: 'POST', url, headers: { cookie }, payload });

beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  customerId = (await newCustomer(db.kysely, { city: 'qujing', mobile: '13987654321' })).id;
  otherId = (await newCustomer(db.kysely, { city: 'qujing', mobile: '13987654322' })).id;
  await smsTo(customerId, '13987654321', 'r:1');
  await smsTo(otherId, '13987654322', 'r:2');
  app = await buildTestApp(db, {}, clock);
  await newUser(db.kysely, 'city_member', { username: 'qj', cityCode: TREE.qujing.city });
  await newUser(db.kysely, 'city_member', { username: 'km', cityCode: TREE.kunming.city });
  for (const [from, body, sid] of [
    ['+8613987654321', '号码是我的，地址已搬到麒麟区南宁街道建宁社区5组12号', 'in-1'],
    ['+8613987654322', '你们是谁', 'in-2'],
    ['+8613987654322', '1', 'in-3'],
  ] as const)
    await handleInbound(db, { From: from, Body: body, MessageSid: sid }, clock());
  qj = await loginAs(app, 'qj', TEST_PASSWORD);
  km = await loginAs(app, 'km', TEST_PASSWORD);
});
afterAll(async () => {
  await app.close();
  await db.close();
});

describe('the reply review queue', () => {
  it('shows the city team its replies that are not a plain 1/2, with the customer and the SMS', async () => {
    const list = await get(qj);
    expect(list).toMatchObject({ open: 2, stale: 0, staleDays: 3, oldestDays: 0 });
    expect(list.items[0]).toMatchObject({
      text: '号码是我的，地址已搬到麒麟区南宁街道建宁社区5组12号',
      customer: { id: customerId, mobile: '13987654321' },
      sms: { body: '【清源】核对短信 r:1' },
      isStale: false,
    });
    expect(await get(km)).toMatchObject({ open: 0, items: [] });
    clock.set('2026-12-04T02:00:00Z'); // four days later: red on the SMS page
    qj = await loginAs(app, 'qj', TEST_PASSWORD); // sessions expire with the clock
    km = await loginAs(app, 'km', TEST_PASSWORD);
    expect(await get(qj)).toMatchObject({ open: 2, stale: 2, oldestDays: 4 });
  });

  it('records a reply as a correction: checked by the rules, written through the one write path, once', async () => {
    const item = (await get(qj)).items[0];
    const url = `/api/v1/sms/replies/${item.id}/correction`;
    expect(
      (await post(km, url, { version: item.customer.version, fields: { address: 'x' } })).statusCode,
    ).toBe(404);
    const bad = await post(qj, url, { version: item.customer.version, fields: { mobile: '1398765' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('更正值未通过校验');
    const address = '云南省曲靖市麒麟区南宁街道建宁社区5组12号';
    const ok = await post(qj, url, {
      version: item.customer.version,
      fields: { address },
      note: '客户短信告知',
    });
    expect(ok.json()).toEqual({ id: item.id, state: 'corrected', corrected: ['address'] });
    const customer = await db.kysely
      .selectFrom('customers')
      .select(['address'])
      .where('id', '=', customerId)
      .executeTakeFirstOrThrow();
    expect(customer.address).toBe(address);
    const changes = await db.kysely
      .selectFrom('customer_changes')
      .select(['field', 'new_value', 'source', 'batch_id'])
      .where('customer_id', '=', customerId)
      .execute();
    expect(changes).toEqual([
      { field: 'address', new_value: address, source: 'sms', batch_id: `sms-reply:${item.id}` },
    ]);
    const campaign = await db.kysely.selectFrom('campaigns').select('id').executeTakeFirstOrThrow();
    expect((await getStates(db, campaign.id, [customerId])).get(customerId)).toMatchObject({
      state: 'corrected',
      source: 'sms_reply',
    });
    const again = await post(qj, url, {
      version: item.customer.version + 1,
      fields: { address: `${address}附1` },
    });
    expect(again.statusCode).toBe(409);
    const audit = await db.kysely
      .selectFrom('sms_inbound')
      .select(['review_state', 'review_note', 'reviewed_at'])
      .where('id', '=', item.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ review_state: 'corrected', review_note: '客户短信告知' });
  });

  it('records "no action", and the queue is empty', async () => {
    const item = (await get(qj)).items[0];
    expect(item.text).toBe('你们是谁');
    const res = await post(qj, `/api/v1/sms/replies/${item.id}/no-action`, { note: '无关回复' });
    expect(res.json()).toEqual({ id: item.id, state: 'no_action', corrected: [] });
    expect(await get(qj)).toMatchObject({ open: 0, oldestDays: null });
  });
});
