// `pnpm cli validate`, `pnpm cli findings export` and `findings prune`: thin wrappers over the validation services.
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { stopwatch, systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../db.ts';
import type { Principal } from '../features/auth/principal.ts';
import { PROVINCE } from '../features/auth/region.ts';
import { executeIncrement } from '../features/validation/incremental.ts';
import { findIncrementsToExecute, insertIncrement } from '../features/validation/incremental.queries.ts';
import { pruneFindings } from '../features/validation/findings-retention.ts';
import { executeRun } from '../features/validation/runner.ts';
import { assertFindingsKept, findingsCsv, getRun, startRun } from '../features/validation/service.ts';

const CLI: Principal = {
  kind: 'user',
  id: 0,
  username: 'cli',
  name: 'cli',
  role: 'admin',
  region: PROVINCE,
};
// A CLI user has no users row: runs started here record no creator.
const asCreator: Principal = { ...CLI, kind: 'token' };

export async function validateCommand(db: Db, args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      unit: { type: 'string' },
      resume: { type: 'string' },
      workers: { type: 'string' },
      incremental: { type: 'boolean' },
      // the kill -9 test: stop (and wait) inside the incremental run's transaction at this stage
      'hold-at': { type: 'string' },
    },
  });
  if (values.incremental) return incrementalCommand(db, values['hold-at']);
  const id = values.resume
    ? Number(values.resume)
    : Number((await startRun(db, asCreator, systemClock(), values.unit)).id);
  const elapsed = stopwatch();
  const timer = setInterval(async () => {
    const run = await getRun(db.kysely, CLI, id, systemClock());
    process.stderr.write(
      `\r  run ${id}: ${run.rowsDone}/${run.rowsTotal} rows, ${run.rowsPerSecond}/s, ETA ${run.etaSeconds ?? '-'} s   `,
    );
  }, 1_000);
  try {
    await executeRun(db, id, {
      clock: systemClock,
      ...(values.workers === undefined ? {} : { workers: Number(values.workers) }),
    });
  } finally {
    clearInterval(timer);
    process.stderr.write('\n');
  }
  const run = await getRun(db.kysely, CLI, id, systemClock());
  console.log(`校验任务 run ${id}: ${run.status}, ${run.rowsDone} 户 customers, ${elapsed().toFixed(1)} s`);
  console.log(`明细 / findings: pnpm cli findings export --run ${id}`);
}

export async function findingsExport(db: Db, args: string[]) {
  const { values } = parseArgs({ args, options: { run: { type: 'string' }, out: { type: 'string' } } });
  if (!values.run) throw new Error('usage: pnpm cli findings export --run ID [--out FILE]');
  const id = Number(values.run);
  await assertFindingsKept(db.kysely, CLI, id);
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? `findings-run-${id}.csv`);
  await pipeline(findingsCsv(db.kysely, CLI, id), createWriteStream(out));
  console.log(`已导出 / written: ${out}`);
}

/**
 * `pnpm cli validate --incremental`: one incremental run now (what the nightly schedule queues);
 * an increment a killed process left running is redone first. Stages go to stderr.
 */
async function incrementalCommand(db: Db, holdAt: string | undefined) {
  const open = await findIncrementsToExecute(db.kysely);
  const ids =
    open.length > 0
      ? open.map((r) => r.id)
      : [(await insertIncrement(db.kysely, { trigger: 'manual', now: systemClock() })).id];
  for (const id of ids) {
    const result = await executeIncrement(db, id, {
      clock: systemClock,
      onStage: async (stage) => {
        process.stderr.write(`increment ${id}: ${stage}\n`);
        if (stage === holdAt) await new Promise(() => {}); // held until killed
      },
    });
    const { customerIds, ...summary } = result;
    console.log(JSON.stringify({ id, ...summary, customersRechecked: customerIds.length }));
  }
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** `pnpm cli findings prune [--dry-run]`: the findings retention by hand, saying what it drops. */
export async function findingsPrune(db: Db, args: string[]) {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' } } });
  const config = loadConfig();
  const r = await pruneFindings(
    db,
    { keepRuns: config.FINDINGS_KEEP_RUNS, keepDays: config.FINDINGS_KEEP_DAYS },
    systemClock(),
    { dryRun: values['dry-run'] === true },
  );
  const verb = r.dryRun ? '将删除 / would drop' : '已删除 / dropped';
  for (const d of r.dropped)
    console.log(`${verb}: run ${d.runId} (${d.createdAt}) — ${d.rows} rows, ${mb(d.bytes)}`);
  for (const id of r.skipped)
    console.log(`跳过（锁等待超时，下次重试）/ skipped (lock timeout, retried next time): run ${id}`);
  const bytes = r.dropped.reduce((s, d) => s + d.bytes, 0);
  console.log(
    `${r.dryRun ? '试运行 / dry run' : '完成 / done'}: ${r.dropped.length} runs, ${mb(bytes)}; ` +
      `保留 / kept ${r.kept.length} (FINDINGS_KEEP_RUNS=${config.FINDINGS_KEEP_RUNS}, FINDINGS_KEEP_DAYS=${config.FINDINGS_KEEP_DAYS})`,
  );
}
