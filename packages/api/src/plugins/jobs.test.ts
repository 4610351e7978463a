// The background jobs' one lifecycle: each on by its switch, started when the app is ready and
// stopped when it closes; with JOBS=off a process only queues work, and the next process that runs
// jobs takes it up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopwatch } from '../clock.ts';
import { loadConfig } from '../config.ts';
import { simulateSend } from '../features/sms/outbox-carrier.ts';
import { enqueueSms } from '../features/sms/queue.ts';
import { newCustomer, newUser, seedOrgTree, TEST_PASSWORD } from '../testing/factories.ts';
import { buildTestApp, loginAs } from '../testing/test-app.ts';
import { createTestDb, type TestDb } from '../testing/test-db.ts';
import { enabledJobs } from './jobs.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await seedOrgTree(db.kysely);
  for (let i = 0; i < 5; i++) await newCustomer(db.kysely, { city: 'kunming' });
});
afterAll(async () => {
  await db.close();
});

/** Polls `probe` until it returns true, for at most `seconds`. */
async function eventually(probe: () => Promise<boolean>, seconds = 20): Promise<boolean> {
  const waited = stopwatch();
  while (waited() < seconds) {
    if (await probe()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return probe();
}

const runStatus = async (id: string) =>
  (
    await db.kysely
      .selectFrom('validation_runs')
      .select('status')
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow()
  ).status;

it('runs each job its own switch turns on, and none with JOBS=off', () => {
  expect(enabledJobs(loadConfig({}))).toEqual(['validation', 'campaign-scheduler', 'sms', 'retention']);
  expect(enabledJobs(loadConfig({ VALIDATION_RUNNER: 'off', SMS_DISPATCHER: 'off' }))).toEqual([
    'campaign-scheduler',
    'retention',
  ]);
  expect(enabledJobs(loadConfig({ JOBS: 'off', SMS_DISPATCHER: 'on' }))).toEqual([]);
});

describe('validation runner', () => {
  it('with JOBS=off a posted run waits; the next process with jobs on runs it when ready', async () => {
    const web = await buildTestApp(db, { JOBS: 'off' });
    const user = await newUser(db.kysely, 'coordinator');
    const res = await web.inject({
      method: 'POST',
      url: '/api/v1/validation/runs',
      headers: { cookie: await loginAs(web, user.username, TEST_PASSWORD) },
      payload: {},
    });
    expect(res.statusCode).toBe(200);
    const { id } = res.json().run as { id: string };
    expect(web.jobs.names).toEqual([]);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(await runStatus(id)).toBe('queued');
    await web.close();

    const worker = await buildTestApp(db, { CAMPAIGN_SCHEDULER: 'off' });
    await new Promise((r) => setTimeout(r, 300));
    expect(await runStatus(id)).toBe('queued'); // built, not started: jobs wait for ready
    await worker.ready();
    expect(await eventually(async () => (await runStatus(id)) === 'completed')).toBe(true);
    await worker.close();
  });
});

describe('SMS dispatcher', () => {
  const delivered: string[] = [];
  for (let n = 13_700_000_000; delivered.length < 4; n++) {
    const sim = simulateSend(String(n), 1);
    if (sim.kind === 'accepted' && sim.outcome === 'delivered') delivered.push(String(n));
  }
  const queue = (tos: string[], now: Date) =>
    db.kysely.transaction().execute((trx) =>
      enqueueSms(
        trx,
        tos.map((to) => ({ idempotencyKey: `jobs:${to}`, purpose: 'sampling', to, body: '测试短信' })),
        now,
      ),
    );
  const statusOf = async (to: string) =>
    (
      await db.kysely
        .selectFrom('sms_messages')
        .select('status')
        .where('to_number', '=', to)
        .executeTakeFirstOrThrow()
    ).status;

  it('sends with the app once it is ready, and stops when it closes', async () => {
    const app = await buildTestApp(db, {
      SMS_DISPATCHER: 'on',
      CAMPAIGN_SCHEDULER: 'off',
      VALIDATION_RUNNER: 'off',
      SMS_RATE_PER_SECOND: '0',
    });
    expect(app.jobs.names).toEqual(['sms']);
    const now = new Date('2026-11-30T02:00:00Z'); // 10:00 in Shanghai, inside the window
    await queue(delivered.slice(0, 3), now);
    await app.ready();
    const all = async () =>
      (await Promise.all(delivered.slice(0, 3).map(statusOf))).every((s) => s === 'delivered');
    expect(await eventually(all)).toBe(true);
    await app.close();
    await queue(delivered.slice(3), now);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await statusOf(delivered[3]!)).toBe('queued');
  });
});
