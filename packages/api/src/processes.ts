// The two kinds of process a deployment runs, built the same way by their commands and by the
// multi-process test (which brings its own clock):
// - web (`pnpm start`): the API and the web app, and by default the background jobs too, so one
//   command runs everything for a newcomer; with JOBS=off it serves and only queues work;
// - worker (`pnpm worker`): the background jobs alone, no port. Any number of each may share one
//   PostgreSQL: the jobs coordinate through it (plugins/jobs.ts).
import pino from 'pino';
import { buildApp } from './app.ts';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { createDb, type Db } from './db.ts';
import { createJobs, type Jobs } from './plugins/jobs.ts';
import { prepareDatabase } from './startup.ts';

export interface WebProcess {
  db: Db;
  port: number;
  close(): Promise<void>;
}

export async function startWeb(config: Config, clock: Clock): Promise<WebProcess> {
  const db = await createDb(config, config.JOBS === 'off' ? 'qingyuan-web' : 'qingyuan-web+jobs');
  await prepareDatabase(db, config, clock);
  const app = await buildApp(config, { db, clock });
  await app.listen({ port: config.PORT, host: config.HOST });
  return {
    db,
    port: (app.server.address() as { port: number }).port,
    async close() {
      await app.close(); // stops the background jobs too (plugins/jobs.ts)
      await db.close();
    },
  };
}

/** Why this config cannot run a worker, or undefined. */
export function workerProblem(config: Config): string | undefined {
  if (!config.DATABASE_URL)
    return (
      'pnpm worker needs DATABASE_URL: the embedded database belongs to one process, and `pnpm start` ' +
      'runs the jobs itself / 后台任务进程需要 PostgreSQL（DATABASE_URL）；内嵌数据库请直接用 pnpm start'
    );
  if (config.JOBS === 'off')
    return 'JOBS=off: a worker with no jobs has nothing to do / JOBS=off 时后台任务进程无事可做';
  return undefined;
}

export interface WorkerProcess {
  db: Db;
  jobs: Jobs;
  close(): Promise<void>;
}

export async function startWorker(config: Config, clock: Clock): Promise<WorkerProcess> {
  const problem = workerProblem(config);
  if (problem) throw new Error(problem);
  const db = await createDb(config, 'qingyuan-worker');
  await prepareDatabase(db, config, clock, { withDemo: false });
  const log = pino({ level: config.LOG_LEVEL, base: { process: 'worker', pid: process.pid } });
  const jobs = createJobs({ db, config, clock, log });
  jobs.start();
  return {
    db,
    jobs,
    async close() {
      await jobs.stop(); // each job finishes the step in hand
      await db.close();
    },
  };
}
