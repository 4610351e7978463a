// `pnpm bench calls [customers=20000] [perCity=200] [agents=20]`: a generated province loaded into a
// fresh PostgreSQL 15, a call plan of `perCity` customers per city, then `agents` agents working
// the queue at once through the real routes (app.inject: routing, validation, auth, the
// transaction): next → save, until the queue is empty. Saves per second end to end, and p50/p95
// latency of the claim and of the save. Outcomes are mixed as a call centre sees them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@qingyuan/api/app.ts';
import { loadConfig } from '@qingyuan/api/config.ts';
import { createPostgres } from '@qingyuan/api/db.ts';
import { hashPassword } from '@qingyuan/api/features/auth/password.ts';
import { login } from '@qingyuan/api/features/auth/service.ts';
import { writeProvinceFiles } from '@qingyuan/api/demo/generator/files.ts';
import { runLoad } from '@qingyuan/api/features/loads/service.ts';
import { PROVINCE } from '@qingyuan/api/features/auth/region.ts';
import { createSamplingPlan } from '@qingyuan/api/features/sampling/service.ts';
import { startPgCluster } from '@qingyuan/api/testing/pg-cluster.ts';
import { createBenchDatabase, perSecond } from './util.ts';
import { systemClock } from '@qingyuan/api/clock.ts';

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
const ms = (v: number) => Math.round(v * 10) / 10;

/** A deterministic mix: 60 % all correct, 10 % a corrected mobile, the rest not reached. */
function outcome(i: number, callId: string) {
  const requestId = `bench-${callId}`;
  const r = i % 20;
  if (r < 12)
    return {
      requestId,
      result: 'answered',
      fields: {
        name: { verdict: 'correct' },
        mobile: { verdict: 'correct' },
        address: { verdict: 'correct' },
      },
    };
  if (r < 14)
    return {
      requestId,
      result: 'answered',
      fields: {
        name: { verdict: 'correct' },
        mobile: {
          verdict: 'wrong',
          value: `139${String(10_000_000 + ((i * 7_919) % 89_999_999)).slice(0, 8)}`,
        },
      },
    };
  return {
    requestId,
    result: ['no_answer', 'no_answer', 'refused', 'empty_number', 'wrong_person', 'no_answer'][r - 14],
  };
}

export default async function bench(args: string[]) {
  const customers = Number(args[0] ?? 20_000);
  const perCity = Number(args[1] ?? 200);
  const agentCount = Number(args[2] ?? 20);
  const dir = mkdtempSync(join(tmpdir(), 'qy-bench-calls-'));
  const cluster = await startPgCluster();
  try {
    console.error(`generating and loading ${customers} customers…`);
    const files = await writeProvinceFiles(dir, { customers, seed: 3 });
    const url = await createBenchDatabase(cluster.url);
    const db = createPostgres(url, agentCount + 2);
    await runLoad(db, {
      kind: 'org_units',
      path: files.orgUnits,
      fileName: 'org.csv',
      userId: null,
      now: systemClock(),
    });
    await runLoad(db, {
      kind: 'customers',
      path: files.customers,
      fileName: 'customers.csv',
      userId: null,
      now: systemClock(),
    });

    const hash = await hashPassword('bench-password');
    const users = await db.kysely
      .insertInto('users')
      .values([
        {
          username: 'bench-coordinator',
          display_name: 'bench',
          role: 'coordinator',
          city_code: null,
          county_code: null,
          phone: null,
          password_hash: hash,
          created_at: systemClock(),
        },
        ...Array.from({ length: agentCount }, (_, i) => ({
          username: `bench-agent-${i}`,
          display_name: `坐席${i}`,
          role: 'agent' as const,
          city_code: null,
          county_code: null,
          phone: null,
          password_hash: hash,
          created_at: systemClock(),
        })),
      ])
      .returning(['id', 'username'])
      .execute();
    const coordinator = users[0]!;
    const plan = await createSamplingPlan(
      db,
      {
        kind: 'user',
        id: coordinator.id,
        username: coordinator.username,
        name: 'bench',
        role: 'coordinator',
        region: PROVINCE,
      },
      { kind: 'call', sizePerStratum: perCity, stratifyBy: 'city', excludeDays: 0, seed: 'bench' },
      systemClock(),
    );
    const cookies = await Promise.all(
      users
        .slice(1)
        .map(
          async (u) =>
            `qy_session=${(await login(db.kysely, u.username, 'bench-password', 24, systemClock())).token}`,
        ),
    );
    const app = await buildApp(
      loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', DATABASE_URL: url, SMS_DISPATCHER: 'off' }),
      {
        db,
        clock: systemClock,
      },
    );

    console.error(`${plan.members} members, ${agentCount} agents working…`);
    const claimMs: number[] = [];
    const saveMs: number[] = [];
    const statuses: Record<string, number> = {};
    let saved = 0;
    let n = 0;
    const started = performance.now();
    await Promise.all(
      cookies.map(async (cookie) => {
        for (;;) {
          let t = performance.now();
          const next = await app.inject({
            method: 'POST',
            url: '/api/v1/calls/next',
            headers: { cookie },
            payload: { planId: String(plan.id) },
          });
          claimMs.push(performance.now() - t);
          if (next.statusCode !== 200) throw new Error(`next: ${next.statusCode} ${next.body}`);
          const call = next.json().call as { id: string } | null;
          if (!call) return;
          t = performance.now();
          const res = await app.inject({
            method: 'POST',
            url: `/api/v1/calls/${call.id}/result`,
            headers: { cookie },
            payload: outcome(n++, call.id),
          });
          saveMs.push(performance.now() - t);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
          if (res.statusCode === 200) saved++;
          else if (res.statusCode === 400) {
            // a corrected mobile the rules refused: record the call as not answered instead
            await app.inject({
              method: 'POST',
              url: `/api/v1/calls/${call.id}/result`,
              headers: { cookie },
              payload: { requestId: `bench-retry-${call.id}`, result: 'no_answer' },
            });
          } else throw new Error(`save: ${res.statusCode} ${res.body}`);
        }
      }),
    );
    const elapsed = performance.now() - started;
    const open = await db.kysely
      .selectFrom('call_tasks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('plan_id', '=', plan.id)
      .where('status', '=', 'open')
      .executeTakeFirstOrThrow();
    await app.close();
    await db.close();
    claimMs.sort((a, b) => a - b);
    saveMs.sort((a, b) => a - b);
    return {
      customers,
      members: plan.members,
      agents: agentCount,
      saved,
      statuses,
      leftOpen: Number(open.n),
      seconds: +(elapsed / 1000).toFixed(2),
      resultsPerSecond: perSecond(saved, elapsed),
      claimMs: { p50: ms(percentile(claimMs, 0.5)), p95: ms(percentile(claimMs, 0.95)) },
      saveMs: { p50: ms(percentile(saveMs, 0.5)), p95: ms(percentile(saveMs, 0.95)) },
    };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
