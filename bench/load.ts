// `pnpm bench load [N]`: generate N (default 1,000,000) customers to a file, load them into a
// fresh PostgreSQL 15 with the loader (in a child process, to measure its peak RSS alone), then
// load the same file with a bare COPY into a scratch copy of the customers table.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { writeProvinceFiles } from '@qingyuan/api/demo/generator/files.ts';
import { startPgCluster } from '@qingyuan/api/testing/pg-cluster.ts';
import { createBenchDatabase, mib, perSecond } from './util.ts';

const CHILD = new URL('./load-child.ts', import.meta.url).pathname;

function runChild(url: string, kind: string, file: string) {
  // The same V8 heap cap as `pnpm cli` (packages/api/package.json): the loader's live heap is a
  // few tens of MiB; without a cap V8 lets garbage pile up to several hundred before collecting.
  const out = execFileSync(
    process.execPath,
    ['--max-old-space-size=192', '--import', 'tsx', CHILD, kind, file],
    {
      env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    },
  );
  return JSON.parse(out.trim().split('\n').pop()!) as {
    counts: { rowsLoaded: number; rowsRejected: number };
    seconds: number;
    peakRssBytes: number;
  };
}

export default async function bench(args: string[]) {
  const n = Number(args[0] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'qy-bench-load-'));
  const cluster = await startPgCluster();
  try {
    console.error(`generating ${n} customers…`);
    const files = await writeProvinceFiles(dir, { customers: n, seed: 1 });
    const url = await createBenchDatabase(cluster.url);

    runChild(url, 'org_units', files.orgUnits);
    console.error('loader…');
    const loader = runChild(url, 'customers', files.customers);

    // The same file again: every row is looked up and compared, none written (a monthly re-load).
    console.error('loader, re-load of the same file…');
    const reload = runChild(url, 'customers', files.customers);

    console.error('bare COPY…');
    const client = new pg.Client(url);
    await client.connect();
    // A faithful copy of the table: same columns, defaults, indexes and the station foreign key.
    await client.query('create table scratch (like customers including all)');
    await client.query('alter table scratch add foreign key (station_code) references org_units (code)');
    await client.query(
      'alter table scratch alter column county_code drop not null, alter column city_code drop not null',
    );
    const started = performance.now();
    await pipeline(
      createReadStream(files.customers),
      client.query(
        copyFrom(
          'copy scratch (customer_no, name, customer_type, cert_type, cert_no, mobile, landline, address, station_code, status) from stdin with (format csv, header true, force_not_null (name, cert_no, mobile, landline, address))',
        ),
      ),
    );
    const copySeconds = (performance.now() - started) / 1000;
    const copied = Number((await client.query('select count(*) from scratch')).rows[0].count);
    await client.end();

    const loaderRate = perSecond(loader.counts.rowsLoaded, loader.seconds * 1000);
    const copyRate = perSecond(copied, copySeconds * 1000);
    return {
      rows: n,
      loader: {
        rowsLoaded: loader.counts.rowsLoaded,
        rowsRejected: loader.counts.rowsRejected,
        seconds: +loader.seconds.toFixed(2),
        rowsPerSecond: loaderRate,
        peakRssMiB: mib(loader.peakRssBytes),
      },
      reload: {
        rowsLoaded: reload.counts.rowsLoaded,
        seconds: +reload.seconds.toFixed(2),
        rowsPerSecond: perSecond(reload.counts.rowsLoaded, reload.seconds * 1000),
        peakRssMiB: mib(reload.peakRssBytes),
      },
      bareCopy: { rows: copied, seconds: +copySeconds.toFixed(2), rowsPerSecond: copyRate },
      loaderShareOfCopy: +(loaderRate / copyRate).toFixed(3),
      targets: { loaderShareOfCopy: 0.7, peakRssMiB: 300 },
    };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
