// A deployment past one process: two web processes with JOBS=off (as behind a load balancer) and
// two workers (`pnpm worker`), each a separate child process, against one PostgreSQL. Work enters
// through the web processes; the workers take it up, woken by NOTIFY, and every job is done once:
// a validation run by one worker, each SMS sent once (fake Aliyun counts the sends per OutId), each
// scheduled tick run by one process. Two workers, not one, so that
// "once" is contested.
// PostgreSQL only (the one leg it runs on): several processes sharing one database is what it
// tests, and the embedded PGlite belongs to one process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { stopwatch } from '@qingyuan/api/clock.ts';
import { DEMO_PASSWORD, seedDemo } from '@qingyuan/api/demo/seed.ts';
import { TEST_EPOCH, testClock } from '@qingyuan/api/testing/clock.ts';
import { createTestDb, type TestDb } from '@qingyuan/api/testing/test-db.ts';
import { startFakeAliyun, type FakeAliyun } from '../harness/fake-aliyun.ts';

const MAIN = fileURLToPath(new URL('../harness/process-main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// Friday 18:00:30 in Beijing, just after the weekly cut-off; inside the SMS window
const START = '2026-12-04T10:00:30.000Z';

interface Child {
  name: string;
  proc: ChildProcess;
  logs: Record<string, unknown>[];
  port: number | null;
}

let db: TestDb;
let fake: FakeAliyun;
const children: Child[] = [];

function startChild(name: string, role: 'web' | 'worker', env: Record<string, string>): Promise<Child> {
  const proc = spawn(process.execPath, ['--import', 'tsx', MAIN, role], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const child: Child = { name, proc, logs: [], port: null };
  children.push(child);
  let stderr = '';
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    let buffered = '';
    proc.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        if (entry.ready) {
          child.port = entry.port as number | null;
          resolve(child);
        } else child.logs.push(entry);
      }
    });
    proc.once('exit', (code) => reject(new Error(`${name} exited (${code}) before ready:\n${stderr}`)));
  });
}

const messagesOf = (kind: string): Record<string, unknown>[] =>
  children.flatMap((c) => c.logs.filter((l) => l.msg === kind).map((l) => ({ ...l, child: c.name })));

async function eventually<T>(probe: () => Promise<T | undefined>, seconds = 60): Promise<T> {
  const waited = stopwatch();
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (waited() > seconds) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function login(web: Child, username: string) {
  const res = await fetch(`http://127.0.0.1:${web.port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

async function post(web: Child, cookie: string, path: string, body: object) {
  const res = await fetch(`http://127.0.0.1:${web.port}${path}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return res.json() as Promise<Record<string, unknown>>;
}

beforeAll(async () => {
  db = await createTestDb();
  await seedDemo(db, { customers: 400, seed: 7, now: TEST_EPOCH });
  fake = await startFakeAliyun({ accessKeyId: 'LTAI-test-key', clock: testClock(START) });
  const env = {
    DATABASE_URL: db.url!,
    TEST_CLOCK_START: START,
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    PORT: '0',
    WEB_DIST: '/nonexistent',
    COOKIE_SECURE: 'false',
    DATABASE_POOL_SIZE: '4',
    SMS_PROVIDER: 'aliyun',
    ALIYUN_ACCESS_KEY_ID: 'LTAI-test-key',
    ALIYUN_ACCESS_KEY_SECRET: 'test-secret',
    ALIYUN_SMS_SIGN_NAME: '清源',
    ALIYUN_SMS_TEMPLATE_CODE: 'SMS_500000001',
    ALIYUN_SMS_ENDPOINT: fake.url,
    ALIYUN_SMS_RECEIPT_POLL_SECONDS: '1',
    SMS_RATE_PER_SECOND: '0',
    // a tick every two seconds (by the machine's clock); what a tick does takes the test clock
    CAMPAIGN_WEEKLY_CRON: '*/2 * * * * *',
    // woken by NOTIFY, not by the poll: a poll this slow would miss the test's deadlines
    JOBS_POLL_SECONDS: '600',
  };
  await Promise.all([
    startChild('web-a', 'web', { ...env, JOBS: 'off' }),
    startChild('web-b', 'web', { ...env, JOBS: 'off' }),
    startChild('worker-1', 'worker', env),
    startChild('worker-2', 'worker', env),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.proc.exitCode !== null) return resolve();
          c.proc.once('exit', () => resolve());
          c.proc.kill('SIGTERM');
        }),
    ),
  );
  await fake?.close();
  await db?.close();
});

const web = (name: string) => children.find((c) => c.name === name)!;

it('web processes run no jobs; the workers run them all', async () => {
  // a process's log lines may reach us just after its `ready` line: wait for both workers'
  const started = await eventually(async () => {
    const lines = messagesOf('background jobs started');
    return lines.filter((l) => String(l.child).startsWith('worker')).length >= 2 ? lines : undefined;
  }, 30);
  expect(started.map((l) => l.child).sort()).toEqual(['worker-1', 'worker-2']);
  expect(started[0]!.jobs).toEqual(['validation', 'campaign-scheduler', 'sms', 'retention']);
});

it('a validation run posted to one web process is executed once, by one worker', async () => {
  const cookie = await login(web('web-a'), 'coordinator');
  const { run } = (await post(web('web-a'), cookie, '/api/v1/validation/runs', {})) as {
    run: { id: string };
  };
  const done = await eventually(async () => {
    const r = await db.kysely
      .selectFrom('validation_runs')
      .select(['status', 'rows_done', 'rows_total'])
      .where('id', '=', Number(run.id))
      .executeTakeFirstOrThrow();
    return r.status === 'completed' || r.status === 'failed' ? r : undefined;
  });
  const active = await db.kysely
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
  expect(done).toEqual({ status: 'completed', rows_done: Number(active.n), rows_total: Number(active.n) });
  const finished = messagesOf('validation run finished').filter((l) => String(l.runId) === run.id);
  expect(finished).toHaveLength(1);
  expect(String(finished[0]!.child)).toMatch(/^worker-/);
  expect(messagesOf('validation run failed')).toEqual([]);
});

it('SMS queued through the other web process are sent once each, and their receipts arrive', async () => {
  const cookie = await login(web('web-b'), 'coordinator');
  const plan = (await post(web('web-b'), cookie, '/api/v1/sampling/plans', {
    kind: 'sms',
    sizePerStratum: 3,
  })) as { id: number };
  const sent = await post(web('web-b'), cookie, `/api/v1/sms/plans/${plan.id}/send`, {});
  const queued = sent.queued as number;
  expect(queued).toBeGreaterThan(10);
  const sampling = () =>
    db.kysely
      .selectFrom('sms_messages')
      .select(['idempotency_key', 'status', 'provider_sid'])
      .where('purpose', '=', 'sampling')
      .execute();
  const accepted = await eventually(async () => {
    const rows = await sampling();
    return rows.length === queued && rows.every((r) => r.status === 'sent') ? rows : undefined;
  });
  const perOutId = fake.sendCountByOutId();
  for (const r of accepted) expect(perOutId.get(r.idempotency_key), r.idempotency_key).toBe(1);

  for (const r of accepted) fake.deliver(r.provider_sid!, true);
  // receipts are polled (QuerySendDetails) by one worker at a time, under the sms-receipts lock
  await eventually(async () =>
    (await sampling()).every((r) => r.status === 'delivered') ? true : undefined,
  );
});

it('each scheduled tick runs in one process: the weekly report goes to each manager once', async () => {
  // ticks every two seconds in both workers: wait for a few, each claimed by one of them
  const ticks = await eventually(async () => {
    const rows = await db.kysely
      .selectFrom('job_ticks')
      .select(['tick_key', 'claimed_by', 'finished_at'])
      .where('tick_key', 'like', 'campaign-weekly:%')
      .where('finished_at', 'is not', null)
      .execute();
    return rows.length >= 3 ? rows : undefined;
  });
  const done = messagesOf('campaign task done').filter((l) => l.task === 'weekly');
  const doneTicks = done.map((l) => l.tick as string);
  expect(new Set(doneTicks).size).toBe(doneTicks.length); // no tick ran twice
  for (const t of ticks) expect(doneTicks).toContain(t.tick_key.slice('campaign-weekly:'.length));
  // both workers fired: each tick the one did not run, the other skipped
  expect(messagesOf('campaign tick skipped').length).toBeGreaterThan(0);

  const reports = await db.kysely
    .selectFrom('sms_messages')
    .select(['idempotency_key', 'status'])
    .where('purpose', '=', 'weekly_report')
    .execute();
  const managers = await db.kysely.selectFrom('users').select('id').where('role', '=', 'manager').execute();
  expect(reports).toHaveLength(managers.length);
  await eventually(async () => {
    const perOutId = fake.sendCountByOutId();
    return reports.every((r) => perOutId.get(r.idempotency_key) === 1) ? true : undefined;
  }, 30);
});
