// `pnpm bench worksheets [N=1000000] [M=100000] [layout=workbooks|sheets]`, in one run on a fresh
// PostgreSQL 15:
//  1. reference: a bare exceljs streaming write of the same rows × the template's 17 columns — the
//     generated customers' values, station names, check codes — with no styles, no validation, no
//     database, in a child process: rows/s;
//  2. the real export of N loaded customers (styles, validation, protection, tokens, findings,
//     in_field states recorded) in a child process with the heap cap of `pnpm cli` (which
//     `pnpm cli worksheet export` runs with), on a fresh copy of the loaded database: rows/s,
//     ratio to the reference, peak RSS;
//     1 and 2 take turns, ROUNDS times (BENCH_ROUNDS, default 3): on a shared 2-core machine one
//     pair can be 30% apart from the next, so the ratio is of the two medians, and every round's
//     figures are kept;
//  3. preview and commit of an upload of M filled rows (½ confirmed, ¼ corrected mobile,
//     ¼ unreachable) on the last round's database: seconds each and in all.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@qingyuan/api/config.ts';
import { createPostgres } from '@qingyuan/api/db.ts';
import { writeProvinceFiles } from '@qingyuan/api/demo/generator/files.ts';
import { runLoad } from '@qingyuan/api/features/loads/service.ts';
import { commitUpload } from '@qingyuan/api/features/worksheets/commit.ts';
import { previewUpload } from '@qingyuan/api/features/worksheets/preview.ts';
import { writeFilledWorkbook, type FilledRow } from '@qingyuan/api/features/worksheets/synthetic.testing.ts';
import { signToken } from '@qingyuan/api/features/worksheets/token.ts';
import { startPgCluster } from '@qingyuan/api/testing/pg-cluster.ts';
import {
  heapFlags,
  BENCH_ADMIN,
  createBenchDatabase,
  databaseUrl,
  median,
  mib,
  perSecond,
  runSql,
  settleStorage,
} from './util.ts';
import { systemClock } from '@qingyuan/api/clock.ts';

const CHILD = new URL('./worksheets-child.ts', import.meta.url).pathname;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
const SECRET = 'bench-secret-0123456789';

type ChildResult = {
  rows: number;
  seconds: number;
  peakRssBytes: number;
  writerThreads?: number;
  heapFlags?: string[];
};

function child(args: string[], env: Record<string, string> = {}, flags: string[] = []): ChildResult {
  // BENCH_CPU_PROF=DIR writes a CPU profile of each child there (see where the time goes).
  const prof = process.env.BENCH_CPU_PROF
    ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`]
    : [];
  const out = execFileSync(process.execPath, [...prof, ...flags, '--import', 'tsx', CHILD, ...args], {
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as ChildResult;
}

export default async function bench(args: string[]) {
  const n = Number(args[0] ?? 1_000_000);
  const m = Number(args[1] ?? 100_000);
  const layout = args[2] === 'sheets' ? 'sheets' : 'workbooks';
  const dir = mkdtempSync(join(tmpdir(), 'qy-bench-worksheets-'));
  const cluster = await startPgCluster();
  try {
    console.error(`generating ${n} customers…`);
    const files = await writeProvinceFiles(dir, { customers: n, seed: 1 });
    console.error(`loading ${n} customers…`);
    const loadedUrl = await createBenchDatabase(cluster.url, 'bench');
    const loader = createPostgres(loadedUrl, 4);
    await runLoad(loader, {
      kind: 'org_units',
      path: files.orgUnits,
      fileName: 'org.csv',
      userId: null,
      now: systemClock(),
    });
    await runLoad(loader, {
      kind: 'customers',
      path: files.customers,
      fileName: 'customers.csv',
      userId: null,
      now: systemClock(),
    });
    await loader.close();
    await runSql(loadedUrl, 'vacuum analyze customers');

    const rounds: { reference: ChildResult; export: ChildResult }[] = [];
    let url = loadedUrl;
    for (let round = 1; round <= ROUNDS; round++) {
      // each export starts from a copy of the loaded database: no customer in the field yet
      if (round > 1) await runSql(cluster.url, `drop database bench_round_${round - 1}`);
      await runSql(cluster.url, `create database bench_round_${round} template bench strategy file_copy`);
      url = databaseUrl(cluster.url, `bench_round_${round}`);
      await settleStorage(url);
      console.error(`round ${round}/${ROUNDS} reference: bare exceljs write of the ${n} customers' rows…`);
      const reference = child(['reference', files.customers, files.orgUnits, join(dir, 'reference.xlsx')]);
      await settleStorage(url);
      console.error(`round ${round}/${ROUNDS} exporting ${n} customers (${layout})…`);
      rmSync(join(dir, 'export'), { recursive: true, force: true });
      const exported = child(
        ['export', join(dir, 'export'), layout],
        { DATABASE_URL: url, APP_SECRET: SECRET },
        heapFlags('cli'),
      );
      rounds.push({ reference, export: exported });
    }
    const exportFile = join(dir, 'export', `export-1.${layout === 'sheets' ? 'xlsx' : 'zip'}`);
    const db = createPostgres(url, 4);

    console.error(`writing an upload of ${m} filled rows…`);
    const customers = await db.kysely
      .selectFrom('customers')
      .select(['id', 'customer_no', 'version', 'mobile'])
      .orderBy('id')
      .limit(m)
      .execute();
    const uploadPath = join(dir, 'upload.xlsx');
    await writeFilledWorkbook(uploadPath, filledRows(customers));
    await settleStorage(url);
    const config = { ...loadConfig({}), APP_SECRET: SECRET, WORKSHEET_MAX_ROWS: Math.max(m, 200_000) };
    console.error('preview…');
    const t0 = performance.now();
    const uploadId = await previewUpload(db, config, BENCH_ADMIN, uploadPath, {
      fileName: 'upload.xlsx',
      now: systemClock(),
    });
    const t1 = performance.now();
    console.error('commit…');
    const committed = await commitUpload(db, BENCH_ADMIN, uploadId, systemClock());
    const t2 = performance.now();
    const summary = await db.kysely
      .selectFrom('worksheet_uploads')
      .selectAll()
      .where('id', '=', uploadId)
      .executeTakeFirstOrThrow();
    const errorSamples = await db.kysely
      .selectFrom('worksheet_upload_rows')
      .select(['row_no', 'errors'])
      .where('upload_id', '=', uploadId)
      .where('outcome', '=', 'error')
      .limit(3)
      .execute();
    await db.close();

    const reference = median(rounds.map((r) => r.reference));
    const exported = median(rounds.map((r) => r.export));
    // the export writes the active customers only (fewer rows than the reference): compare rates
    const rate = (run: ChildResult) => perSecond(run.rows, run.seconds * 1000);
    const referenceRate = rate(reference);
    const exportRate = rate(exported);
    return {
      n,
      m,
      layout,
      rounds: rounds.map((r) => ({
        referenceSeconds: +r.reference.seconds.toFixed(2),
        exportSeconds: +r.export.seconds.toFixed(2),
        ratio: +(rate(r.export) / rate(r.reference)).toFixed(2),
      })),
      reference: {
        rows: reference.rows,
        seconds: +reference.seconds.toFixed(2),
        rowsPerSecond: referenceRate,
        peakRssMiB: mib(Math.max(...rounds.map((r) => r.reference.peakRssBytes))),
      },
      export: {
        rows: exported.rows,
        seconds: +exported.seconds.toFixed(2),
        rowsPerSecond: exportRate,
        ratioToReference: +(exportRate / referenceRate).toFixed(2),
        writerThreads: exported.writerThreads,
        heapFlags: exported.heapFlags,
        peakRssMiB: mib(Math.max(...rounds.map((r) => r.export.peakRssBytes))),
        fileMiB: mib(statSync(exportFile).size),
      },
      import: {
        rows: summary.rows_total,
        update: summary.rows_update,
        error: summary.rows_error,
        applied: committed.applied,
        changedCustomers: committed.changedCustomers,
        errorSamples: errorSamples.map((r) => `row ${r.row_no}: ${r.errors.map((e) => e.zh).join('; ')}`),
        previewSeconds: +((t1 - t0) / 1000).toFixed(2),
        commitSeconds: +((t2 - t1) / 1000).toFixed(2),
        totalSeconds: +((t2 - t0) / 1000).toFixed(2),
      },
      targets: { exportRatioToReference: 0.6, exportPeakRssMiB: 500, importTotalSecondsAt100k: 30 },
    };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function* filledRows(
  customers: { id: number; customer_no: string; version: number; mobile: string }[],
): Generator<FilledRow> {
  const day = '2026-11-20';
  for (const [i, c] of customers.entries()) {
    const token = signToken(SECRET, { exportId: 1, customerId: c.id, version: c.version });
    const base = { customerNo: c.customer_no, token, verifier: '核实员', verifiedOn: day };
    if (i % 4 === 1)
      yield {
        ...base,
        result: '已更正',
        newMobile: `139${String(10_000_000 + (c.id % 89_999_999)).slice(-8)}`,
      };
    else if (i % 4 === 3) yield { ...base, result: '无法联系' };
    else yield { ...base, result: '核实无误' };
  }
}
