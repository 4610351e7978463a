// A child process of the multi-process test: `web` or `worker`, built exactly as `pnpm start` and
// `pnpm worker` build theirs (packages/api/src/processes.ts), from the environment the parent gives
// it — only the clock is the tests' (TEST_CLOCK_START, ticking from there), never the machine's date.
// Prints one JSON line `{"ready":…}` on stdout once serving or running; logs are pino JSON lines.
import { loadConfig } from '@qingyuan/api/config.ts';
import { startWeb, startWorker } from '@qingyuan/api/processes.ts';
import { testClock } from '@qingyuan/api/testing/clock.ts';

const role = process.argv[2];
const config = loadConfig(process.env, { isServing: true });
const clock = testClock(process.env.TEST_CLOCK_START ?? new Date('2026-11-30T02:00:00Z'));
const running =
  role === 'web'
    ? await startWeb(config, clock)
    : role === 'worker'
      ? await startWorker(config, clock)
      : null;
if (!running) throw new Error(`usage: process-main.ts web|worker (got ${role})`);
const close = async () => {
  await running.close();
  process.exit(0);
};
process.once('SIGTERM', close);
process.once('SIGINT', close);
console.log(JSON.stringify({ ready: role, port: 'port' in running ? running.port : null, pid: process.pid }));
