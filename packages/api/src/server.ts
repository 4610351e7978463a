// Starts the app: migrate, load the demo province on first run (embedded database), listen,
// and close gracefully on SIGINT/SIGTERM. Nothing else.
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { ConfigError, loadConfig } from './config.ts';
import { createDb } from './db.ts';
import { migrateToLatest } from './db/migrate.ts';
import { DEMO_PASSWORD, DEMO_USERS, hasData, seedDemo } from './features/demo/seed.ts';
import { failInterruptedBatches } from './features/loads/service.ts';
import { startSmsRuntime } from './features/sms/runtime.ts';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

const db = await createDb(config);
await migrateToLatest(db.kysely);
await failInterruptedBatches(db.kysely, systemClock());
const seeded = config.DEMO_DATA === 'on' && !(await hasData(db));
if (seeded)
  await seedDemo(db, {
    customers: config.DEMO_CUSTOMERS,
    seed: config.DEMO_SEED,
    now: systemClock(),
    log: (l) => console.log(l),
    withCampaign: true,
  });

const app = await buildApp(config, { db, clock: systemClock });
// The SMS dispatcher runs in-process unless a separate `pnpm cli sms dispatch` does the sending.
const sms =
  config.SMS_DISPATCHER === 'on'
    ? startSmsRuntime(db, config, systemClock, (msg, detail) => app.log.warn(detail, msg))
    : undefined;
const close = async () => {
  await app.close();
  await sms?.stop();
  await db.close();
  process.exit(0);
};
process.once('SIGINT', close);
process.once('SIGTERM', close);

await app.listen({ port: config.PORT, host: config.HOST });
const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${(app.server.address() as { port: number }).port}`;
console.log(`\n清源 Qingyuan 已启动 / is running: ${url}  (API docs: ${url}/docs)`);
console.log(`数据库 / database: ${db.kind === 'pglite' ? `PGlite (${config.DATA_DIR})` : 'PostgreSQL'}`);
if (config.DEMO_DATA === 'on') {
  console.log(`演示账号 / demo logins (password ${DEMO_PASSWORD}):`);
  for (const u of DEMO_USERS) console.log(`  ${u.username.padEnd(12)} ${u.note}`);
}
