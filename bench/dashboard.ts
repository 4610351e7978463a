// `pnpm bench dashboard [N=10000000] [requests=200]`: builds an N-customer province on a fresh
// PostgreSQL 15 cheaply (the generator's real org tree; customers and verification states made
// by generate_series in SQL, so the kept aggregates fill through the real triggers), takes ten
// weekly snapshots with a simulated clock, then times every dashboard API route through the app
// (province and city views): p50/p95 per route. Target: p95 < 200 ms at 10,000,000 customers.
// BENCH_SERVER_URL=postgres://…/postgres builds on that server instead and leaves it running.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '@qingyuan/api/app.ts';
import { loadConfig } from '@qingyuan/api/config.ts';
import { createPostgres, type Db } from '@qingyuan/api/db.ts';
import { hashPassword } from '@qingyuan/api/features/auth/password.ts';
import { takeSnapshot } from '@qingyuan/api/features/campaign/snapshot.ts';
import { ensureDefaultRuleSet } from '@qingyuan/api/features/rule-sets/active.ts';
import { writeProvinceFiles } from '@qingyuan/api/demo/generator/files.ts';
import { runLoad } from '@qingyuan/api/features/loads/service.ts';
import { ensureActiveCampaign } from '@qingyuan/api/features/verification/service.ts';
import { startPgCluster } from '@qingyuan/api/testing/pg-cluster.ts';
import { createBenchDatabase } from './util.ts';
import { systemClock } from '@qingyuan/api/clock.ts';

const CHUNK = 1_000_000;

/** Raw SQL through the app's kysely (the bench package does not depend on kysely itself). */
async function query<R = unknown>(k: Db['kysely'], text: string, params: unknown[] = []) {
  return await k.executeQuery<R>({ sql: text, parameters: params, query: { kind: 'RawNode' } } as never);
}
const WEEKS = 10;
const DAY = 86_400_000;

async function buildProvince(db: Db, n: number, dir: string) {
  const files = await writeProvinceFiles(dir, { customers: 10, seed: 1 });
  await runLoad(db, {
    kind: 'org_units',
    path: files.orgUnits,
    fileName: 'org.csv',
    userId: null,
    now: systemClock(),
  });
  const k = db.kysely;
  for (let from = 1; from <= n; from += CHUNK) {
    const to = Math.min(n, from + CHUNK - 1);
    // every station gets customers; i-th customer → station i mod (number of stations)
    await query(
      k,
      `
      with s as (
        select row_number() over (order by code) - 1 as idx, code, county_code, city_code, count(*) over () as total
        from org_units where level = 'station')
      insert into customers (customer_no, name, customer_type, cert_type, cert_no, mobile, address,
                             station_code, county_code, city_code, status, created_at, updated_at)
      select 'B' || lpad(i::text, 12, '0'), '用户' || i, 'residential', 'resident_id', '', '139' || lpad((i % 100000000)::text, 8, '0'),
             '云南省', s.code, s.county_code, s.city_code, 'active', $3::timestamptz, $3::timestamptz
      from generate_series($1::bigint, $2::bigint) i join s on s.idx = i % s.total`,
      [from, to, systemClock()],
    );
    console.error(`  customers ${to}/${n}`);
  }
}

/** Verification states week by week, so the snapshots have a history: week w verifies ids ≡ w (mod 2·WEEKS). */
async function verifyWeek(db: Db, campaignId: number, week: number, at: Date) {
  await query(
    db.kysely,
    `
    insert into customer_verification (campaign_id, customer_id, state, source, city_code, county_code, station_code, updated_at)
    select $1, id,
           (array['confirmed','confirmed','confirmed','corrected','unreachable','closed','not_found','confirmed'])[1 + (id / 7) % 8],
           'demo', city_code, county_code, station_code, $5::timestamptz
    from customers where id % $2 = $3 and (id / 13) % 9 <> $4`,
    [campaignId, 2 * WEEKS, week, week % 9, at],
  );
}

async function seedCampaign(db: Db, start: Date, now: Date) {
  const k = db.kysely;
  await ensureDefaultRuleSet(db, now); // a completed validation run needs a rule-set version
  const campaign = await k.transaction().execute((trx) => ensureActiveCampaign(trx, now));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  await k
    .insertInto('campaign_phases')
    .values([
      {
        campaign_id: campaign.id,
        phase: 'deployment',
        starts_on: day(start),
        ends_on: day(new Date(start.getTime() + 6 * DAY)),
        updated_at: now,
      },
      {
        campaign_id: campaign.id,
        phase: 'pilot',
        starts_on: day(new Date(start.getTime() + 7 * DAY)),
        ends_on: day(new Date(start.getTime() + 13 * DAY)),
        updated_at: now,
      },
      {
        campaign_id: campaign.id,
        phase: 'rollout',
        starts_on: day(new Date(start.getTime() + 14 * DAY)),
        ends_on: day(new Date(start.getTime() + 120 * DAY)),
        updated_at: now,
      },
    ])
    .execute();
  await query(
    k,
    `insert into pilot_stations (campaign_id, station_code, city_code, county_code, chosen_at)
    select $1, code, city_code, county_code, $2::timestamptz from (
      select code, city_code, county_code, row_number() over (partition by city_code order by code) as r
      from org_units where level = 'station') s where r <= 3`,
    [campaign.id, now],
  );
  await query(
    k,
    `insert into campaign_targets (campaign_id, city_code, phase, target_pct, deadline, updated_at)
    select $1, code, p.phase, 100, $2::date, $3::timestamptz
    from org_units, (values ('pilot'), ('rollout')) as p(phase) where level = 'city'`,
    [campaign.id, day(new Date(start.getTime() + 120 * DAY)), now],
  );
  // the sampling SMS (1 %), entry-gate traffic and one completed validation run with its counts
  await query(
    k,
    `insert into sms_messages (idempotency_key, purpose, customer_id, city_code, to_number, body, status,
                               created_at, updated_at, next_attempt_at)
    select 'b-' || id, 'sampling', id, city_code, mobile, 'x', case when id % 17 = 0 then 'failed' else 'delivered' end,
           $1::timestamptz, $1::timestamptz, $1::timestamptz
    from customers where id % 100 = 0`,
    [now],
  );
  await query(
    k,
    `insert into entry_gate_counts (day, station_code, channel, records, records_with_error)
    select $1::date - d, code, 'api', 20 + (d * 7) % 30, (d * 3) % 7 from org_units, generate_series(0, 29) d
    where level = 'station'`,
    [day(now)],
  );
  const run = await query<{ id: number }>(
    k,
    `insert into validation_runs (rule_set_version, scope_key, status, created_at, finished_at)
     select version, 'province', 'completed', $1::timestamptz, $1::timestamptz from rule_sets order by version limit 1 returning id`,
    [now],
  );
  if (run.rows[0])
    await query(
      k,
      `insert into unit_counts (run_id, city_code, county_code, station_code, customers_checked, customers_with_error)
       select $1, city_code, county_code, station_code, customers, customers / 9 from station_customer_counts`,
      [run.rows[0].id],
    );
  return campaign.id;
}

function percentile(sorted: number[], p: number) {
  return +sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!.toFixed(2);
}

export default async function bench(args: string[]) {
  const n = Number(args[0] ?? 10_000_000);
  const requests = Number(args[1] ?? 200);
  const dir = mkdtempSync(join(tmpdir(), 'qy-bench-dashboard-'));
  // BENCH_SERVER_URL: build on a server you started and keep it afterwards, to EXPLAIN the
  // routes' queries on the built province (database `bench`); by default a throw-away cluster
  const kept = process.env.BENCH_SERVER_URL;
  const cluster = kept ? { url: kept, stop: async () => {} } : await startPgCluster();
  try {
    const url = await createBenchDatabase(cluster.url);
    const db = createPostgres(url, 8);
    const started = Date.now();
    console.error(`building ${n} customers…`);
    await buildProvince(db, n, dir);
    const buildSeconds = (Date.now() - started) / 1000;
    const now = systemClock();
    const start = new Date(now.getTime() - WEEKS * 7 * DAY);
    const campaignId = await seedCampaign(db, start, now);
    let snapshotMs = 0;
    for (let w = 0; w < WEEKS; w++) {
      await verifyWeek(db, campaignId, w, new Date(start.getTime() + (w * 7 + 3) * DAY));
      const t0 = performance.now();
      await takeSnapshot(db, 'week', new Date(start.getTime() + (w * 7 + 4) * DAY));
      snapshotMs = Math.max(snapshotMs, performance.now() - t0);
      console.error(`  week ${w + 1}/${WEEKS} snapshot`);
    }
    const c = new pg.Client(url);
    await c.connect();
    await c.query('vacuum analyze');
    await c.end();
    const hash = await hashPassword('bench-password');
    await db.kysely
      .insertInto('users')
      .values([
        {
          username: 'b-coord',
          display_name: 'c',
          role: 'coordinator',
          city_code: null,
          county_code: null,
          phone: null,
          password_hash: hash,
          created_at: now,
        },
        {
          username: 'b-km',
          display_name: 'k',
          role: 'city_member',
          city_code: '5301',
          county_code: null,
          phone: null,
          password_hash: hash,
          created_at: now,
        },
      ])
      .execute();
    const app = await buildApp(
      loadConfig({
        LOG_LEVEL: 'silent',
        WEB_DIST: '/nonexistent',
        CAMPAIGN_SCHEDULER: 'off',
        SMS_DISPATCHER: 'off',
        DATABASE_URL: url,
      }),
      {
        db,
        clock: () => now,
      },
    );
    const login = async (username: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username, password: 'bench-password' },
      });
      return `qy_session=${res.cookies.find((x) => x.name === 'qy_session')!.value}`;
    };
    const views = { province: await login('b-coord'), city: await login('b-km') };
    const routes = ['kpis', 'ranking', 'trend', 'quality', 'entry-gate', 'work-reports'];
    const timings: Record<string, { p50: number; p95: number; max: number }> = {};
    for (const [view, cookie] of Object.entries(views))
      for (const route of routes) {
        const ms: number[] = [];
        for (let i = 0; i < requests + 5; i++) {
          const t0 = performance.now();
          const res = await app.inject({
            method: 'GET',
            url: `/api/v1/dashboard/${route}`,
            headers: { cookie },
          });
          if (res.statusCode !== 200) throw new Error(`${route}: ${res.statusCode} ${res.body}`);
          if (i >= 5) ms.push(performance.now() - t0); // the first few warm the caches
        }
        ms.sort((a, b) => a - b);
        timings[`${view} ${route}`] = {
          p50: percentile(ms, 0.5),
          p95: percentile(ms, 0.95),
          max: percentile(ms, 1),
        };
      }
    const kpis = (
      await app.inject({ method: 'GET', url: '/api/v1/dashboard/kpis', headers: { cookie: views.province } })
    ).json();
    await app.close();
    await db.close();
    const worstP95 = Math.max(...Object.values(timings).map((t) => t.p95));
    return {
      customers: n,
      requestsPerRoute: requests,
      buildSeconds: +buildSeconds.toFixed(1),
      weeklySnapshotMaxMs: Math.round(snapshotMs),
      timingsMs: timings,
      worstP95Ms: worstP95,
      // what the province view answered: proves every aggregate was filled
      provinceKpis: {
        customers: kpis.customers,
        verified: kpis.verified,
        completionPct: kpis.completionPct,
        smsSuccessRate: kpis.smsSuccessRate,
        openErrors: kpis.openErrors,
      },
      targets: { p95Ms: 200, customers: 10_000_000 },
    };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
