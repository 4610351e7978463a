// `pnpm start`: builds the app and listens; closes gracefully on SIGINT/SIGTERM. Nothing else:
// the chores before it (migrate, the demo's first load) are in startup.ts, the background jobs
// start and stop with the app (plugins/jobs.ts).
import { buildApp } from './app.ts';
import { systemClock } from './clock.ts';
import { createDb } from './db.ts';
import { loadConfigOrExit, prepareDatabase, startupBanner } from './startup.ts';

const config = loadConfigOrExit();
const db = await createDb(config);
await prepareDatabase(db, config, systemClock);

const app = await buildApp(config, { db, clock: systemClock });
const close = async () => {
  await app.close(); // stops the background jobs too (plugins/jobs.ts)
  await db.close();
  process.exit(0);
};
process.once('SIGINT', close);
process.once('SIGTERM', close);

await app.listen({ port: config.PORT, host: config.HOST });
console.log(startupBanner(config, db, (app.server.address() as { port: number }).port));
