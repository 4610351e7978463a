// A real crash: `pnpm cli sms dispatch` is killed with SIGKILL in the middle of a batch (some
// messages claimed 'sending', some of those already accepted by the provider), then started
// again. Every message of the plan must have reached the provider exactly once — counted at the
// provider: the outbox's send_count per idempotency key, the fake Twilio's creates per message,
// the fake Aliyun's SendSms per OutId.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { startFakeAliyun } from '../../../../../tests/harness/fake-aliyun.ts';
import { startFakeTwilio } from '../../../../../tests/harness/fake-twilio.ts';
import { openPGlite, type Db } from '../../db.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedOrgTree, TREE } from '../../testing/factories.ts';
import { createTestDb, testDbKind } from '../../testing/test-db.ts';
import type { Principal } from '../auth/principal.ts';
import { PROVINCE } from '../auth/region.ts';
import { createSamplingPlan } from '../sampling/service.ts';
import { sendSamplingPlan } from './send-plan.ts';
import { DEFAULT_SAMPLING_TEMPLATE } from './template.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { scratchDir } from '../../testing/scratch.ts';

const CLI = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
const N = 1_200;
const ACCOUNT = `AC${'c3'.repeat(16)}`;
const TOKEN = 'crash-test-token-0123456789';
const ADMIN: Principal = {
  kind: 'token',
  id: 0,
  username: 't',
  name: 't',
  role: 'admin',
  region: PROVINCE,
};

/** N customers with distinct valid mobiles, an SMS plan over all of them, sent to the queue. */
async function seedPlan(db: Db): Promise<number> {
  await seedOrgTree(db.kysely);
  await sql`
    insert into customers (customer_no, name, customer_type, cert_type, cert_no, mobile, landline, address,
                           station_code, county_code, city_code, status, created_at, updated_at)
    select 'C' || lpad(i::text, 9, '0'), '张' || i, 'residential', 'resident_id', '530102199001011234',
           '139' || lpad(((i * 7919) % 100000000)::text, 8, '0'), '', '云南省昆明市五华区华山街道翠湖社区1组' || i || '号',
           ${TREE.kunming.station}, ${TREE.kunming.county}, ${TREE.kunming.city}, 'active', ${TEST_EPOCH}, ${TEST_EPOCH}
    from generate_series(1, ${N}) as i`.execute(db.kysely);
  const plan = await createSamplingPlan(
    db,
    ADMIN,
    { kind: 'sms', rate: 1, stratifyBy: 'city', excludeDays: 0 },
    TEST_EPOCH,
  );
  // queued as of TEST_EPOCH: due for the dispatcher CLI, which runs on the real clock (any later date)
  const sent = await sendSamplingPlan(db, plan.id, DEFAULT_SAMPLING_TEMPLATE, null, TEST_EPOCH);
  expect(sent.queued).toBeGreaterThan(N * 0.9);
  return plan.id;
}

/** Runs the dispatcher CLI; kills it `killAfterMs` after its first progress line (mid-batch). */
function dispatch(env: Record<string, string>, killAfterMs?: number): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'sms', 'dispatch', '--until-empty'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    let armed = false;
    child.stderr.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      if (killAfterMs !== undefined && !armed && /sms: sent [1-9]/.test(err)) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0 && killAfterMs === undefined) resolve('done');
      else reject(new Error(`dispatcher ended (${code ?? signal}) unexpectedly:\n${err.slice(-2000)}`));
    });
  });
}

it.each(['outbox', 'twilio', 'aliyun'] as const)(
  'a dispatcher killed mid-batch and restarted sends every message of the plan exactly once (%s)',
  { timeout: 240_000 },
  async (provider) => {
    const fake = await startFakeTwilio({ accountSid: ACCOUNT, authToken: TOKEN });
    const aliyun = await startFakeAliyun({ accessKeyId: 'LTAI-crash-test' });
    let db: Db;
    const env: Record<string, string> = {
      LOG_LEVEL: 'silent',
      DEMO_DATA: 'off',
      SMS_PROVIDER: provider,
      // 400/s: a batch of 400 takes a second, so the kill lands inside one
      SMS_RATE_PER_SECOND: '400',
      SMS_WINDOW_START_HOUR: '0',
      SMS_WINDOW_END_HOUR: '0',
      SMS_RETRY_BASE_SECONDS: '0',
      SMS_SENDING_LEASE_SECONDS: '0',
      ...(provider === 'twilio'
        ? {
            TWILIO_ACCOUNT_SID: ACCOUNT,
            TWILIO_AUTH_TOKEN: TOKEN,
            TWILIO_FROM: '+15005550006',
            TWILIO_API_BASE_URL: fake.url,
            SMS_PUBLIC_URL: 'https://qingyuan.example.cn',
          }
        : {}),
      ...(provider === 'aliyun'
        ? {
            ALIYUN_ACCESS_KEY_ID: 'LTAI-crash-test',
            ALIYUN_ACCESS_KEY_SECRET: 'crash-test-secret',
            ALIYUN_SMS_SIGN_NAME: '清源',
            ALIYUN_SMS_TEMPLATE_CODE: 'SMS_500000001',
            ALIYUN_SMS_ENDPOINT: aliyun.url,
          }
        : {}),
    };
    let planId: number;
    const dataDir = join(scratchDir('qy-sms-crash'), 'pglite');
    const reopen = async () => openPGlite(await PGlite.create({ dataDir, extensions: { pg_trgm } }));
    if (testDbKind() === 'postgres') {
      const test = await createTestDb();
      db = test;
      env.DATABASE_URL = test.url!;
      planId = await seedPlan(db);
    } else {
      // PGlite is in-process: the children use a data folder, which we reopen between runs
      env.DATABASE_URL = '';
      env.DATA_DIR = dataDir;
      const seeded = await reopen();
      await migrateToLatest(seeded.kysely);
      planId = await seedPlan(seeded);
      await seeded.close();
      db = undefined as never;
    }
    const counts = async (d: Db) =>
      Object.fromEntries(
        (
          await d.kysely
            .selectFrom('sms_messages')
            .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
            .where('ref', '=', `sampling:${planId}`)
            .groupBy('status')
            .execute()
        ).map((r) => [r.status, Number(r.n)]),
      );
    try {
      expect(await dispatch(env, 400)).toBe('killed');
      if (testDbKind() === 'pglite') db = await reopen();
      const atKill = await counts(db);
      const total = Object.values(atKill).reduce((a, b) => a + b, 0);
      // killed part-way: some sent, some still queued, and a batch caught in 'sending'
      expect(atKill.sent ?? 0).toBeGreaterThan(0);
      expect(atKill.queued ?? 0).toBeGreaterThan(0);
      expect(atKill.sending ?? 0).toBeGreaterThan(0);
      if (testDbKind() === 'pglite') await db.close();

      expect(await dispatch(env)).toBe('done');
      if (testDbKind() === 'pglite') db = await reopen();
      const after = await counts(db);
      expect(after.queued ?? 0).toBe(0);
      expect(after.sending ?? 0).toBe(0);
      // nothing failed on its way to the provider (a carrier's 'failed' receipt may come later)
      const notSent = await db.kysely
        .selectFrom('sms_messages')
        .select(['id', 'error_code'])
        .where('ref', '=', `sampling:${planId}`)
        .where('provider_sid', 'is', null)
        .execute();
      expect(notSent).toEqual([]);
      const messages = await db.kysely
        .selectFrom('sms_messages')
        .select(['id', 'idempotency_key', 'provider_sid'])
        .where('ref', '=', `sampling:${planId}`)
        .execute();
      expect(messages).toHaveLength(total);
      expect(messages.every((m) => m.provider_sid !== null)).toBe(true);
      if (provider === 'outbox') {
        const outbox = await db.kysely
          .selectFrom('sms_outbox')
          .select(['idempotency_key', 'send_count', 'sid'])
          .execute();
        const byKey = new Map(outbox.map((o) => [o.idempotency_key, o]));
        expect(outbox).toHaveLength(total);
        for (const m of messages) {
          expect(byKey.get(m.idempotency_key)?.send_count, m.idempotency_key).toBe(1);
          expect(byKey.get(m.idempotency_key)?.sid).toBe(m.provider_sid);
        }
      } else if (provider === 'aliyun') {
        // exactly once per key at Aliyun; a message settled by lookup after the kill has out:<key>
        const sentCount = aliyun.sendCountByOutId();
        expect(sentCount.size).toBe(total);
        for (const m of messages) expect(sentCount.get(m.idempotency_key), m.idempotency_key).toBe(1);
        const bizIds = new Set(aliyun.messages.map((x) => x.bizId));
        expect(
          messages.every((m) => bizIds.has(m.provider_sid!) || m.provider_sid === `out:${m.idempotency_key}`),
        ).toBe(true);
      } else {
        const sentCount = fake.sentCountByMessageId();
        expect(sentCount.size).toBe(total);
        for (const m of messages) expect(sentCount.get(String(m.id)), `message ${m.id}`).toBe(1);
        const sids = new Set(fake.messages.map((x) => x.sid));
        expect(messages.every((m) => sids.has(m.provider_sid!))).toBe(true);
      }
    } finally {
      await db?.close();
      await fake.close();
      await aliyun.close();
    }
  },
);
