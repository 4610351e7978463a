// Child process of `pnpm bench validation`: one full validation run against DATABASE_URL, timed,
// with this process's peak RSS (worker threads included). BENCH_PAGE_SIZE overrides the run's page
// size, for experiments (10,000 measured no faster than the default 5,000).
import { loadConfig } from '@qingyuan/api/config.ts';
import { createDb } from '@qingyuan/api/db.ts';
import { executeRun } from '@qingyuan/api/features/validation/runner.ts';
import { startRun } from '@qingyuan/api/features/validation/service.ts';
import { BENCH_ADMIN, machineCpuSeconds, postgresCpuMeter, settleStorage } from './util.ts';
import { systemClock } from '@qingyuan/api/clock.ts';
import { applyOverCurrent } from '@qingyuan/api/features/customers/changes.ts';
import { executeIncrement } from '@qingyuan/api/features/validation/incremental.ts';
import { insertIncrement } from '@qingyuan/api/features/validation/incremental.queries.ts';

const incremental = process.argv[2] === '--incremental';
const workers = process.argv[2] === undefined || incremental ? undefined : Number(process.argv[2]);
const db = await createDb(loadConfig());
const postgresCpu = await postgresCpuMeter(loadConfig().DATABASE_URL!);
const pgStart = postgresCpu();
const machineStart = machineCpuSeconds();
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
// …of the database server's processes, and of the whole machine (what else ran is the difference)
const postgresCpuSeconds = postgresCpu() - pgStart;
const machineCpuSecondsOfRun = machineCpuSeconds() - machineStart;
const findings = await db.kysely
  .selectFrom('findings')
  .select((eb) => eb.fn.countAll().as('n'))
  .where('run_id', '=', Number(run.id))
  .executeTakeFirstOrThrow();
let extra = {};
if (incremental) extra = await changeAndRevalidate();
await db.close();
process.stdout.write(
  JSON.stringify({
    ...extra,
    rows: run.rowsTotal,
    findings: Number(findings.n),
    seconds,
    startSeconds: (t1 - started) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    postgresCpuSeconds,
    machineCpuSeconds: machineCpuSecondsOfRun,
  }) + '\n',
);

/**
 * `--incremental`: (autovacuum's work after the full run, then) 0.1 % of the customers changed through the write path (a third each: mobile
 * taken from another customer, so groups are joined; name; address), then one incremental run,
 * end to end (queue, read the marks, re-check, groups, write, counts), timed.
 */
async function changeAndRevalidate() {
  // The night comes hours after the full run: autovacuum has long cleared the ten million marks
  // the full run deleted and analysed its findings. Here it comes seconds after, so do its work.
  for (const table of ['validation_dirty', 'findings'])
    await db.kysely.executeQuery({
      sql: `vacuum analyze ${table}`,
      parameters: [],
      query: { kind: 'RawNode' },
    } as never);
  // ...and what the full run wrote (a million findings, ten million marks deleted) is long on disk
  await settleStorage(loadConfig().DATABASE_URL!);
  const total = run.rowsTotal;
  const n = Math.max(1, Math.round(total / 1000));
  const maxId = Number(
    (
      await db.kysely
        .selectFrom('customers')
        .select((eb) => eb.fn.max('id').as('m'))
        .executeTakeFirstOrThrow()
    ).m,
  );
  let seed = 20261206;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ids = [...new Set(Array.from({ length: n }, () => 1 + Math.floor(rand() * maxId)))];
  const donors = await db.kysely
    .selectFrom('customers')
    .select(['id', 'mobile'])
    .where(
      'id',
      'in',
      ids.slice(0, 1000).map((i) => Math.max(1, maxId - i)),
    )
    .execute();
  const t0 = performance.now();
  for (let i = 0; i < ids.length; i += 1000) {
    const values = ids.slice(i, i + 1000).map((customerId, j) => {
      const k = (i + j) % 3;
      const fields =
        k === 0
          ? { mobile: donors[(i + j) % Math.max(1, donors.length)]?.mobile ?? '13900000000' }
          : k === 1
            ? { name: `改名${i + j}` }
            : { address: `云南省昆明市五华区华山街道翠湖社区${i + j}组${j}号` };
      return { customerId, fields };
    });
    await db.kysely.transaction().execute((trx) =>
      applyOverCurrent(trx, values, {
        source: { kind: 'api', ref: 'bench', userId: null },
        now: systemClock(),
      }),
    );
  }
  const changeSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const { id } = await insertIncrement(db.kysely, { trigger: 'manual', now: systemClock() });
  // seconds from the start to the end of each stage (read the marks and groups, deleted the stale
  // findings, written the new ones, counted)
  const stages: Record<string, number> = {};
  const result = await executeIncrement(db, id, {
    clock: systemClock,
    onStage: (stage) => {
      stages[stage] = +((performance.now() - t1) / 1000).toFixed(2);
    },
  });
  const incrementalSeconds = (performance.now() - t1) / 1000;
  return {
    changed: result.customersChanged,
    customersChecked: result.customersChecked,
    findingsRemoved: result.findingsRemoved,
    findingsAdded: result.findingsAdded,
    changeSeconds,
    incrementalSeconds,
    stages,
  };
}
