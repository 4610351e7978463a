// Issue 18, finding 6: ten unsigned webhook posts grew the database by 60 MB (each body stored, up
// to 10 MB, no rate limit), with the default outbox provider too.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp } from '../../testing/test-app.ts';
import { createTestDb, type TestDb } from '../../testing/test-db.ts';

let db: TestDb;
let app: Awaited<ReturnType<typeof buildTestApp>>;

beforeAll(async () => {
  db = await createTestDb();
  app = await buildTestApp(db, { WEBHOOK_RATE_PER_MINUTE: '5' });
});
afterAll(async () => {
  await app.close();
  await db.close();
});

const post = (url: string, payload: string) =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload,
  });

const stored = async () => {
  const row = await sql<{ n: number; bytes: number }>`
    select count(*)::int as n, coalesce(sum(length(detail::text) + length(coalesce(provider_sid, ''))), 0)::int as bytes
    from sms_events`.execute(db.kysely);
  return row.rows[0]!;
};

it('refuses a large body unread, keeps only a small record of an unsigned one, and limits the rate', async () => {
  const big = `MessageSid=SM1&Body=${'x'.repeat(100 * 1024)}`;
  const res = await post('/api/v1/sms/twilio/inbound', big);
  expect(res.statusCode).toBe(413);
  expect(await stored()).toEqual({ n: 0, bytes: 0 });

  // a few KB of junk in the fields Twilio would fill: counted, not stored whole
  const junk = `MessageSid=${'A'.repeat(3000)}&MessageStatus=delivered`;
  expect((await post('/api/v1/sms/twilio/status', junk)).statusCode).toBe(403);
  const after = await stored();
  expect(after.n).toBe(1);
  expect(after.bytes).toBeLessThan(300);

  // per address: 5 a minute in this app (the big one and the junk one counted too)
  const codes: number[] = [];
  for (let i = 0; i < 4; i++)
    codes.push((await post('/api/v1/sms/twilio/status', 'MessageSid=SM1')).statusCode);
  expect(codes).toEqual([403, 403, 403, 429]);
});
