// Child process of `pnpm bench worksheets`, so each measurement has its own peak RSS:
//   reference CUSTOMERS_CSV ORG_CSV FILE  the bare exceljs streaming write of the generated
//                                         customers (the files are read before the clock starts)
//   export OUTDIR LAYOUT  the real export of every customer in DATABASE_URL
import { mkdirSync, readFileSync } from 'node:fs';
import { loadConfig } from '@qingyuan/api/config.ts';
import { createDb } from '@qingyuan/api/db.ts';
import { exportWorksheets } from '@qingyuan/api/features/worksheets/export.ts';
import { customerFileRows, writeBareWorkbook } from '@qingyuan/api/features/worksheets/synthetic.testing.ts';
import { BENCH_ADMIN } from './util.ts';
import { systemClock } from '@qingyuan/api/clock.ts';

const [mode, a, b, c] = process.argv.slice(2);
let started = performance.now();
let rows = 0;
let writerThreads: number | undefined;
if (mode === 'reference') {
  const customers = readFileSync(a!, 'utf8');
  const orgUnits = readFileSync(b!, 'utf8');
  started = performance.now();
  rows = await writeBareWorkbook(c!, customerFileRows(customers, orgUnits));
} else {
  const db = await createDb(loadConfig());
  mkdirSync(a!, { recursive: true });
  const out = await exportWorksheets(
    db,
    BENCH_ADMIN,
    { findingsOnly: false, pilotOnly: false, layout: b === 'sheets' ? 'sheets' : 'workbooks' },
    {
      outDir: a!,
      secret: 'bench-secret-0123456789',
      now: systemClock(),
      ...(process.env.BENCH_WRITER_THREADS
        ? { writerThreads: Number(process.env.BENCH_WRITER_THREADS) }
        : {}),
    },
  );
  rows = out.rows;
  writerThreads = out.writerThreads;
  await db.close();
}
process.stdout.write(
  JSON.stringify({
    rows,
    writerThreads,
    heapFlags: process.execArgv.filter((a) => /^--(max-old-space-size|heap-growing-percent)=/.test(a)),
    seconds: (performance.now() - started) / 1000,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }) + '\n',
);
