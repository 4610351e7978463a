// Starts the real API on a fresh test database with a small demo province and the demo users,
// serving the built web app, on a free loopback port: what a user would get from `pnpm start`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@qingyuan/api/app.ts';
import { loadConfig } from '@qingyuan/api/config.ts';
import { seedDemo } from '@qingyuan/api/demo/seed.ts';
import { createTestDb } from '@qingyuan/api/testing/test-db.ts';
import { testClock } from '@qingyuan/api/testing/clock.ts';

const WEB_DIST = fileURLToPath(new URL('../../packages/web/dist', import.meta.url));

export async function startTestServer(
  opts: { customers?: number; seed?: number; env?: Record<string, string> } = {},
) {
  if (!existsSync(`${WEB_DIST}/index.html`)) {
    throw new Error('packages/web/dist is missing: run `pnpm build` before the browser tests');
  }
  const db = await createTestDb();
  // the server's time starts at TEST_EPOCH and ticks on: never the machine's date
  const clock = testClock();
  await seedDemo(db, { customers: opts.customers ?? 3_000, seed: opts.seed ?? 7, now: clock() });
  // the tests send queued SMS themselves (with the test clock), as `pnpm cli sms dispatch` would
  // no dispatcher (tests send when they mean to) and no scheduler or retention job (node-cron fires by
  // the machine's clock)
  const config = loadConfig({
    LOG_LEVEL: 'warn',
    WEB_DIST,
    SMS_DISPATCHER: 'off',
    CAMPAIGN_SCHEDULER: 'off',
    RETENTION_JOB: 'off',
    ...opts.env,
  });
  const app = await buildApp(config, { db, clock });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    db,
    clock,
    async close() {
      await app.close();
      await db.close();
    },
  };
}
