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
import { seedOrgTree } from '@qingyuan/api/testing/factories.ts';
import { systemClock } from '@qingyuan/api/clock.ts';

const dir = mkdtempSync(join(tmpdir(), 'qy-bench-gate-'));
const config = loadConfig({
  DATA_DIR: dir,
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'off',
  WEB_DIST: '/nonexistent',
  PORT: '0',
  SMS_DISPATCHER: 'off',
  ...(process.env.BENCH_DATABASE_URL ? { DATABASE_URL: process.env.BENCH_DATABASE_URL } : {}),
});
const db = await createDb(config);
await migrateToLatest(db.kysely);
await seedOrgTree(db.kysely);
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
