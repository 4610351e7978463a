// Child process of `pnpm bench entry-gate`: the app on PGlite (or on BENCH_DATABASE_URL) with an API token, listening on
// loopback. Prints {"url","token"} once ready and runs until it is sent SIGTERM. The client runs
// in the parent, so the server's latency is not mixed with the client's own work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '@qingyuan/api/app.ts';
import { loadConfig } from '@qingyuan/api/config.ts';
import { createDb } from '@qingyuan/api/db.ts';
import { migrateToLatest } from '@qingyuan/api/db/migrate.ts';
import { createApiToken } from '@qingyuan/api/features/auth/service.ts';
import { seedOrgTree, TREE } from '@qingyuan/api/testing/factories.ts';
import { systemClock } from '@qingyuan/api/clock.ts';
import { settleStorage } from './util.ts';

const dir = mkdtempSync(join(tmpdir(), 'qy-bench-gate-'));
const config = loadConfig({
  DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'off',
  WEB_DIST: '/nonexistent',
  PORT: '0',
  SMS_DISPATCHER: 'off',
  JOBS: 'off',
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const db = await createDb(config);
await migrateToLatest(db.kysely);
await seedOrgTree(db.kysely);
await seedCustomers(Number(process.env.BENCH_CUSTOMERS ?? 0));
if (process.env.BENCH_DATABASE_URL && Number(process.env.BENCH_CUSTOMERS ?? 0) > 0)
  await settleStorage(process.env.BENCH_DATABASE_URL);
const { token } = await createApiToken(db.kysely, 'bench', null, null, systemClock());
const app = await buildApp(config, { db, clock: systemClock });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(JSON.stringify({ url: `${address}/api/v1/validate`, token }) + '\n');
process.once('SIGTERM', async () => {
  await app.close();
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});

/**
 * A province's customers for the gate's cross-record look-ups to search (through the triggers and
 * key indexes, as a load writes them): every 1,000th shares the mobile 13800000000 (thousands of
 * holders, more than the gate reads), every 100th one of 1,000 mobiles shared by ~10 holders,
 * every 50th an ID number held under another name too.
 */
async function seedCustomers(n: number) {
  const chunk = 200_000;
  for (let from = 1; from <= n; from += chunk) {
    const to = Math.min(n, from + chunk - 1);
    await raw(
      `insert into customers (customer_no, name, customer_type, cert_type, cert_no, mobile, landline, address,
        station_code, county_code, city_code, status, created_at, updated_at)
      select 'S' || lpad(i::text, 10, '0'), case when i % 50 = 0 then '王某' else '李建国' end, 'residential', 'resident_id',
        '530102' || lpad((i / (case when i % 50 in (0, 1) then 2 else 1 end))::text, 12, '0'),
        case when i % 1000 = 0 then '13800000000' when i % 100 = 0 then '137' || lpad(((i / 100) % 1000)::text, 8, '0')
             else '139' || lpad(i::text, 8, '0') end,
        '', '云南省昆明市五华区华山街道翠湖社区' || (i % 500) || '组' || i || '号',
        $1, $2, $3, 'active', $4, $4
      from generate_series($5::int, $6::int) i`,
      [TREE.kunming.station, TREE.kunming.county, TREE.kunming.city, systemClock(), from, to],
    );
  }
  // A province's customers were written long before the gate's calls, and vacuumed since; without
  // it the first reads of each page set its hint bits and autovacuum ran during the measurement.
  if (n > 0) for (const table of ['customers', 'validation_dirty']) await raw(`vacuum analyze ${table}`, []);
}

/** Raw SQL through the app's kysely (the bench package does not depend on kysely itself). */
async function raw(text: string, parameters: unknown[]) {
  await db.kysely.executeQuery({ sql: text, parameters, query: { kind: 'RawNode' } } as never);
}
