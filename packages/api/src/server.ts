// `pnpm start`: the web process (with the background jobs unless JOBS=off), listening; closes
// gracefully on SIGINT/SIGTERM. Nothing else: how it is built is in processes.ts, the chores
// before it (migrate, the demo's first load) in startup.ts, the jobs in plugins/jobs.ts.
import { systemClock } from './clock.ts';
import { startWeb } from './processes.ts';
import { loadConfigOrExit, startupBanner } from './startup.ts';

const config = loadConfigOrExit();
const web = await startWeb(config, systemClock);
const close = async () => {
  await web.close();
  process.exit(0);
};
process.once('SIGINT', close);
process.once('SIGTERM', close);
console.log(startupBanner(config, web.db, web.port));
