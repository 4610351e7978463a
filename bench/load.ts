// `pnpm bench load [N]`: generate N (default 1,000,000) customers to a file, load them into a
// fresh PostgreSQL 15 with the loader (in a child process, to measure its peak RSS alone), load
// the same file again (nothing changed), then — after correcting 1% of the customers' mobiles
// through the write path, so the reload merges three ways over them — a copy of it with 1% of the
// customers changed, and finally load the file with a bare COPY into a scratch copy of the
// customers table. Targets: first load ≥ 0.7 × COPY, the 1%-changed reload ≥ 0.6 × COPY.
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { CUSTOMER_COLUMNS, writeProvinceFiles } from '@qingyuan/api/demo/generator/files.ts';
import { startPgCluster } from '@qingyuan/api/testing/pg-cluster.ts';
import { createPostgres } from '@qingyuan/api/db.ts';
import { applyOverCurrent } from '@qingyuan/api/features/customers/changes.ts';
import { heapFlags, createBenchDatabase, mib, perSecond } from './util.ts';

const CHILD = new URL('./load-child.ts', import.meta.url).pathname;

function runChild(url: string, kind: string, file: string) {
  // The same V8 heap flags as `pnpm cli` (packages/api/package.json): the loader's live heap is a
  // few tens of MiB; without a cap V8 lets garbage pile up to several hundred before collecting.
  const out = execFileSync(process.execPath, [...heapFlags('cli'), '--import', 'tsx', CHILD, kind, file], {
    env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out.trim().split('\n').pop()!) as {
    counts: { rowsLoaded: number; rowsRejected: number; rowsUpdated: number };
    seconds: number;
    peakRssBytes: number;
  };
}

/**
 * The same file with every 100th customer's status flipped (active ⇄ closed): a monthly re-load
 * where 1% changed. Status, voltage class and closing date are the last three columns and never
 * quoted (codes and a date), so a line-wise edit of the line's tail is safe.
 */
const STATUS_TAIL = /,(active|closed)(,[^,"]*,[^,"]*)$/;

async function writeChangedCopy(from: string, to: string): Promise<number> {
  const out = createWriteStream(to);
  let lineNo = 0;
  let changed = 0;
  for await (const line of createInterface({ input: createReadStream(from), crlfDelay: Infinity })) {
    let next = line;
    if (lineNo > 0 && lineNo % 100 === 0) {
      next = line.replace(STATUS_TAIL, (_, status: string, rest: string) =>
        status === 'active' ? `,closed${rest}` : `,active${rest}`,
      );
      if (next !== line) changed++;
    }
    if (!out.write(next + '\n')) await once(out, 'drain');
    lineNo++;
  }
  out.end();
  await once(out, 'finish');
  return changed;
}

/** Every 100th customer (offset 50: not the ones the changed file touches) gets a corrected mobile. */
async function correctOnePercent(url: string): Promise<number> {
  const client = new pg.Client(url);
  await client.connect();
  const { rows } = await client.query<{ id: string }>(
    'select id from customers where id % 100 = 50 order by id',
  );
  await client.end();
  const db = createPostgres(url, 2);
  try {
    for (let i = 0; i < rows.length; i += 5_000)
      await db.kysely.transaction().execute((trx) =>
        applyOverCurrent(
          trx,
          rows.slice(i, i + 5_000).map((r) => ({
            customerId: Number(r.id),
            fields: { mobile: `139${String(r.id).padStart(8, '0').slice(-8)}` },
          })),
          { source: { kind: 'worksheet', ref: 'bench', userId: null }, now: new Date() },
        ),
      );
    return rows.length;
  } finally {
    await db.close();
  }
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

    console.error('correcting 1% of the mobiles through the write path…');
    const corrections = await correctOnePercent(url);

    const changedFile = join(dir, 'customers-changed.csv');
    const changedRows = await writeChangedCopy(files.customers, changedFile);
    console.error(`loader, re-load with ${changedRows} customers changed…`);
    const changed = runChild(url, 'customers', changedFile);

    console.error('bare COPY…');
    const client = new pg.Client(url);
    await client.connect();
    // A faithful copy of the table: same columns, defaults, indexes and the station foreign key.
    await client.query('create table scratch (like customers including all)');
    await client.query('alter table scratch add foreign key (station_code) references org_units (code)');
    // The file has no codes derived from the station, nor timestamps (the table has no defaults).
    await client.query(
      'alter table scratch alter column county_code drop not null, alter column city_code drop not null, ' +
        'alter column created_at drop not null, alter column updated_at drop not null',
    );
    const started = performance.now();
    await pipeline(
      createReadStream(files.customers),
      client.query(
        copyFrom(
          `copy scratch (${CUSTOMER_COLUMNS.join(', ')}) from stdin with (format csv, header true, force_not_null (name, cert_no, mobile, landline, address, voltage_class, closed_on))`,
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
      reloadChanged: {
        corrections,
        rowsChanged: changed.counts.rowsUpdated,
        seconds: +changed.seconds.toFixed(2),
        rowsPerSecond: perSecond(changed.counts.rowsLoaded, changed.seconds * 1000),
        peakRssMiB: mib(changed.peakRssBytes),
      },
      bareCopy: { rows: copied, seconds: +copySeconds.toFixed(2), rowsPerSecond: copyRate },
      loaderShareOfCopy: +(loaderRate / copyRate).toFixed(3),
      reloadChangedShareOfCopy: +(
        perSecond(changed.counts.rowsLoaded, changed.seconds * 1000) / copyRate
      ).toFixed(3),
      targets: { loaderShareOfCopy: 0.7, reloadChangedShareOfCopy: 0.6, peakRssMiB: 300 },
    };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
