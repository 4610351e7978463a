// The sampling SMS outcomes per city are kept by statement triggers on sms_messages, so the KPI
// cards never count the sample per request: enqueueing, the dispatcher's steps, outcomes, a
// provider change, a move between cities and deletes keep them equal to the direct count
// (findSmsDelivery, which counts the messages themselves).
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SmsStatus } from '../../db/schema.ts';
import { PROVINCE } from '../auth/region.ts';
import { findSmsDelivery } from '../campaign/snapshot-queries.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { seedOrgTree, TREE } from '../../testing/factories.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';
import { findSmsSampling } from './queries.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
});
afterAll(() => db.close());

const kept = async () =>
  Object.fromEntries(
    (await db.kysely.selectFrom('sms_sampling_counts').selectAll().execute())
      .map((r) => [r.city_code, [Number(r.delivered), Number(r.finished), Number(r.simulated)]])
      .filter(([, n]) => (n as number[]).some((x) => x !== 0)),
  );
const recount = async () =>
  Object.fromEntries(
    (await findSmsDelivery(db.kysely))
      .map((r) => [r.city_code ?? '', [r.delivered, r.finished, r.simulated]])
      .filter(([, n]) => (n as number[]).some((x) => x !== 0)),
  );

let seq = 0;
const message = (
  purpose: 'sampling' | 'manual',
  city: string | null,
  status: SmsStatus,
  provider: string | null,
) => ({
  idempotency_key: `k-${++seq}`,
  purpose,
  city_code: city,
  to_number: '13900000000',
  body: 'x',
  status,
  provider,
  created_at: TEST_EPOCH,
  updated_at: TEST_EPOCH,
  next_attempt_at: TEST_EPOCH,
});

it('follows inserts, the dispatcher, outcomes, moves and deletes', async () => {
  const k = db.kysely;
  const { kunming, qujing } = TREE;
  await k
    .insertInto('sms_messages')
    .values([
      message('sampling', kunming.city, 'queued', null),
      message('sampling', kunming.city, 'queued', null),
      message('sampling', qujing.city, 'delivered', 'twilio'),
      message('sampling', null, 'failed', 'demo'),
      message('manual', kunming.city, 'delivered', 'twilio'),
    ])
    .execute();
  expect(await kept()).toEqual({ [qujing.city]: [1, 1, 0], '': [0, 1, 1] });
  expect(await kept()).toEqual(await recount());

  // the dispatcher's claim and send change nothing counted; the outcomes do
  await k.updateTable('sms_messages').set({ status: 'sending' }).where('status', '=', 'queued').execute();
  await k
    .updateTable('sms_messages')
    .set({ status: 'sent', provider: 'outbox' })
    .where('status', '=', 'sending')
    .execute();
  expect(await kept()).toEqual({ [qujing.city]: [1, 1, 0], '': [0, 1, 1] });
  const [a] = await k
    .selectFrom('sms_messages')
    .select('id')
    .where('status', '=', 'sent')
    .orderBy('id')
    .execute();
  await k.updateTable('sms_messages').set({ status: 'delivered' }).where('status', '=', 'sent').execute();
  await k.updateTable('sms_messages').set({ status: 'undelivered' }).where('id', '=', a!.id).execute();
  expect(await kept()).toEqual({ [kunming.city]: [1, 2, 2], [qujing.city]: [1, 1, 0], '': [0, 1, 1] });

  // a provider fixed later, a message moved to another city, a purpose changed, a delete
  await k.updateTable('sms_messages').set({ provider: 'aliyun' }).where('id', '=', a!.id).execute();
  await k
    .updateTable('sms_messages')
    .set({ city_code: qujing.city })
    .where('city_code', 'is', null)
    .execute();
  await k.updateTable('sms_messages').set({ purpose: 'sampling' }).where('purpose', '=', 'manual').execute();
  expect(await kept()).toEqual(await recount());
  await k
    .deleteFrom('sms_messages')
    .where('city_code', '=', kunming.city)
    .where('status', '=', 'delivered')
    .execute();
  expect(await kept()).toEqual(await recount());
  expect(await kept()).toEqual({ [kunming.city]: [0, 1, 0], [qujing.city]: [1, 2, 1] });

  // the dashboard's read: the province and one city, as the direct sums
  expect(await findSmsSampling(k, PROVINCE)).toEqual({ delivered: 1, finished: 3, simulated: 1 });
  expect(await findSmsSampling(k, { cityCode: qujing.city, countyCode: qujing.county })).toEqual({
    delivered: 1,
    finished: 2,
    simulated: 1,
  });
});
