// The chores before a process serves the app: read the config (or exit with every problem
// listed), migrate, mark loads a crash cut off as failed, and on the embedded database's first
// start load the demo province. The only module outside cli/ that may import src/demo.
import type { Clock } from './clock.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import type { Db } from './db.ts';
import { migrateToLatest } from './db/migrate.ts';
import { DEMO_PASSWORD, demoUsers, hasData, seedDemo } from './demo/seed.ts';
import { failInterruptedBatches } from './features/loads/service.ts';

/** The serving process's config (see LoadOptions.isServing), or exit 1 with every problem listed. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig(undefined, { isServing: true });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
}

/** `withDemo: false` for the worker: the demo is loaded by the process that serves it, once. */
export async function prepareDatabase(
  db: Db,
  config: Config,
  clock: Clock,
  { withDemo = true }: { withDemo?: boolean } = {},
): Promise<void> {
  await migrateToLatest(db.kysely);
  await failInterruptedBatches(db.kysely, clock(), db.coordination);
  if (withDemo && config.DEMO_DATA === 'on' && !(await hasData(db)))
    await seedDemo(db, {
      customers: config.DEMO_CUSTOMERS,
      seed: config.DEMO_SEED,
      province: config.DEMO_PROVINCE,
      now: clock(),
      log: (l) => console.log(l),
      withCampaign: true,
      withUsers: hasDemoUsers(config),
    });
}

/**
 * Demo logins share one published password: only on the embedded database, never with
 * DATABASE_URL, even with DEMO_DATA=on there (a staging copy reachable by others).
 */
export const hasDemoUsers = (config: Config) => config.DEMO_DATA === 'on' && !config.DATABASE_URL;

/** What `pnpm start` prints once listening: where, which database, and the demo logins. */
export function startupBanner(config: Config, db: Db, port: number): string {
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  const lines = [
    `\n清源 Qingyuan 已启动 / is running: ${url}  (API docs: ${url}/docs)`,
    `数据库 / database: ${db.kind === 'pglite' ? `PGlite (${config.DATA_DIR})` : 'PostgreSQL'}`,
  ];
  if (hasDemoUsers(config)) {
    lines.push(`演示账号 / demo logins (password ${DEMO_PASSWORD}):`);
    for (const u of demoUsers(config.DEMO_PROVINCE)) lines.push(`  ${u.username.padEnd(12)} ${u.note}`);
  }
  return lines.join('\n');
}
