// Child process of `pnpm bench validation`: one full validation run against DATABASE_URL, timed,
// with this process's peak RSS (worker threads included). BENCH_PAGE_SIZE overrides the run's page
// size, for experiments (10,000 measured no faster than the default 5,000).
import { loadConfig } from '@qingyuan/api/config.ts';
import { createDb } from '@qingyuan/api/db.ts';
import { executeRun } from '@qingyuan/api/features/validation/runner.ts';
import { startRun } from '@qingyuan/api/features/validation/service.ts';
import { BENCH_ADMIN } from './util.ts';
import { systemClock } from '@qingyuan/api/clock.ts';

const workers = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
const db = await createDb(loadConfig());
const started = performance.now();
const cpuStart = process.cpuUsage();
const run = await startRun(db, BENCH_ADMIN, systemClock());
const t1 = performance.now();
await executeRun(db, Number(run.id), {
  clock: systemClock,
  ...(process.env.BENCH_PAGE_SIZE ? { pageSize: Number(process.env.BENCH_PAGE_SIZE) } : {}),
  ...(workers === undefined ? {} : { workers }),
});
const seconds = (performance.now() - started) / 1000;
// CPU time of this process and its worker threads: steadier than wall time when the machine is shared.
const cpu = process.cpuUsage(cpuStart);
const findings = await db.kysely
  .selectFrom('findings')
  .select((eb) => eb.fn.countAll().as('n'))
  .where('run_id', '=', Number(run.id))
  .executeTakeFirstOrThrow();
await db.close();
process.stdout.write(
  JSON.stringify({
    rows: run.rowsTotal,
    findings: Number(findings.n),
    seconds,
    startSeconds: (t1 - started) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  }) + '\n',
);
