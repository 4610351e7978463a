// `pnpm worker`: the background jobs without the web — beside web processes started with
// JOBS=off (processes.ts). Stops gracefully on SIGINT/SIGTERM, each job finishing its step.
import { systemClock } from './clock.ts';
import { startWorker, workerProblem } from './processes.ts';
import { loadConfigOrExit } from './startup.ts';

const config = loadConfigOrExit();
const problem = workerProblem(config);
if (problem) {
  console.error(problem);
  process.exit(1);
}
const worker = await startWorker(config, systemClock);
const close = async () => {
  await worker.close();
  process.exit(0);
};
process.once('SIGINT', close);
process.once('SIGTERM', close);
console.log(`清源 Qingyuan 后台任务已启动 / worker running: ${worker.jobs.names.join(', ')}`);
