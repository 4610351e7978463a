// `pnpm cli validate` and `pnpm cli findings export`: thin wrappers over the validation services.
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { stopwatch, systemClock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../db.ts';
import type { Principal } from '../features/auth/principal.ts';
import { PROVINCE } from '../features/auth/region.ts';
import { executeRun } from '../features/validation/runner.ts';
import { assertRunVisible, findingsCsv, getRun, startRun } from '../features/validation/service.ts';

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
    options: { unit: { type: 'string' }, resume: { type: 'string' }, workers: { type: 'string' } },
  });
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
    const url = loadConfig().DATABASE_URL;
    await executeRun(db, id, {
      clock: systemClock,
      ...(url ? { databaseUrl: url } : {}),
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
  await assertRunVisible(db.kysely, CLI, id);
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), values.out ?? `findings-run-${id}.csv`);
  await pipeline(findingsCsv(db.kysely, CLI, id), createWriteStream(out));
  console.log(`已导出 / written: ${out}`);
}
