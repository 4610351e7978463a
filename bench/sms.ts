// `pnpm bench sms [N=100000]`: N queued messages on a fresh PostgreSQL 15, dispatched through the
// local outbox provider with the rate limit lifted (and the night window off): messages/s from
// the first claim to the last message recorded 'sent'; then the outbox's receipts applied
// (delivered / undelivered / failed, flags) until every message has its final state.
import pg from 'pg';
import { createPostgres } from '@qingyuan/api/db.ts';
import { SmsDispatcher } from '@qingyuan/api/features/sms/dispatcher.ts';
import { createOutboxProvider, deliverDueReceipts } from '@qingyuan/api/features/sms/outbox-provider.ts';
import { startPgCluster } from '@qingyuan/api/testing/pg-cluster.ts';
import { createBenchDatabase, mib, peakRssSampler, perSecond } from './util.ts';
import { systemClock } from '@qingyuan/api/clock.ts';

export default async function bench(args: string[]) {
  const n = Number(args[0] ?? 100_000);
  const cluster = await startPgCluster();
  try {
    const url = await createBenchDatabase(cluster.url, 'bench_sms');
    const db = createPostgres(url, 6);
    const client = new pg.Client(url);
    await client.connect();
    // distinct mobiles; the outbox decides each outcome from the number
    await client.query(
      `
      insert into sms_messages (idempotency_key, purpose, ref, to_number, body, city_code,
                                created_at, updated_at, next_attempt_at)
      select 'bench:' || i, 'sampling', 'sampling:bench', '+86139' || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0'),
             '【供电公司】尊敬的张*客户：您在昆明的用电户号' || lpad(i::text, 10, '0') || '预留的联系电话为本号码。信息无误请回复1，非本人请回复2。',
             '53' || lpad((1 + i % 16)::text, 2, '0'), $2::timestamptz, $2::timestamptz, $2::timestamptz
      from generate_series(1, $1::int) as i`,
      [n, systemClock()],
    );
    await client.query('vacuum analyze sms_messages');
    await client.end();
    const dispatcher = new SmsDispatcher(db.kysely, createOutboxProvider(db.kysely, { clock: systemClock }), {
      ratePerSecond: 0,
      window: { startHour: 0, endHour: 0, timeZone: 'Asia/Shanghai' },
      clock: systemClock,
      maxAttempts: 5,
      retryBaseSeconds: 0,
      leaseSeconds: 120,
      batchSize: 500,
      concurrency: 500,
    });
    const rss = peakRssSampler();
    const started = performance.now();
    const totals = await dispatcher.runUntilIdle();
    const sendMs = performance.now() - started;
    const receiptsStarted = performance.now();
    let receipts = 0;
    for (;;) {
      const done = await deliverDueReceipts(db.kysely, new Date(Date.now() + 2_000), 5_000);
      receipts += done;
      if (done === 0) break;
    }
    const receiptsMs = performance.now() - receiptsStarted;
    const peak = rss.stop();
    const byStatus = await db.kysely
      .selectFrom('sms_messages')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const duplicates = await db.kysely
      .selectFrom('sms_outbox')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('send_count', '>', 1)
      .executeTakeFirstOrThrow();
    await db.close();
    return {
      messages: n,
      database: 'postgres 15',
      provider: 'outbox',
      sent: totals.sent,
      retried: totals.retrying,
      failedAtSend: totals.failed,
      sendSeconds: Math.round(sendMs) / 1000,
      messagesPerSecond: perSecond(totals.sent, sendMs),
      receipts,
      receiptsPerSecond: perSecond(receipts, receiptsMs),
      duplicateSends: Number(duplicates.n),
      finalStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])),
      peakRssMiB: mib(peak),
      target: '≥ 1,000 messages/s at N = 100,000',
    };
  } finally {
    await cluster.stop();
  }
}
