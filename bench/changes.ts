// `pnpm bench changes [N]`: N (default 1,000,000) corrections waiting in the change feed, one per
// customer, across the cities of a generated province; the change file (CSV, one row per customer)
// is written by the real service in a child process (its peak RSS alone), and the same rows are
// read with a bare `COPY (…) TO STDOUT` in the same run. Target: the file ≥ 0.5 × the bare COPY's
// rate, peak RSS < 300 MB. The fixture is written with SQL (the write path has its own benches).
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { startPgCluster } from '@qingyuan/api/testing/pg-cluster.ts';
import { heapFlags, createBenchDatabase, mib, perSecond, runSql, settleStorage } from './util.ts';

const CHILD = new URL('./changes-child.ts', import.meta.url).pathname;

async function seed(url: string, n: number) {
  // 10 cities × 10 counties × 10 stations
  await runSql(
    url,
    `insert into org_units (code, name, level, parent_code, division_code, city_code, county_code, created_at, updated_at)
     select '53', '省', 'province', null, null, null, null, now(), now()
     union all select '53' || lpad(c::text, 2, '0'), '市' || c, 'city', '53', null, '53' || lpad(c::text, 2, '0'), null, now(), now()
       from generate_series(1, 10) c
     union all select '53' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0'), '县' || c || '-' || k, 'county',
         '53' || lpad(c::text, 2, '0'), '53' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0'),
         '53' || lpad(c::text, 2, '0'), '53' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0'), now(), now()
       from generate_series(1, 10) c, generate_series(1, 10) k
     union all select '53' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0') || lpad(s::text, 2, '0'), '所' || c || '-' || k || '-' || s,
         'station', '53' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0'), null,
         '53' || lpad(c::text, 2, '0'), '53' || lpad(c::text, 2, '0') || lpad(k::text, 2, '0'), now(), now()
       from generate_series(1, 10) c, generate_series(1, 10) k, generate_series(1, 10) s`,
  );
  await runSql(
    url,
    `insert into customers (customer_no, name, customer_type, cert_type, cert_no, mobile, landline, address,
        station_code, county_code, city_code, status, created_at, updated_at)
     select lpad(i::text, 10, '0'), '用户' || i, 'residential', 'resident_id', '', '138' || lpad(i::text, 8, '0'), '',
        '地址' || i, st, substr(st, 1, 6), substr(st, 1, 4), 'active', now(), now()
     from (select i, '53' || lpad((i % 10 + 1)::text, 2, '0') || lpad((i / 10 % 10 + 1)::text, 2, '0')
                  || lpad((i / 100 % 10 + 1)::text, 2, '0') as st
           from generate_series(1, ${n}) i) g`,
  );
  await runSql(
    url,
    `insert into outbound_changes (customer_id, customer_no, city_code, county_code, station_code, field,
        base_value, new_value, source, ref, user_id, changed_at, state)
     select id, customer_no, city_code, county_code, station_code, 'mobile', mobile,
        '139' || substr(mobile, 4), 'worksheet', '1', null, now(), 'pending'
     from customers order by id`,
  );
  await runSql(url, 'vacuum analyze');
}

export default async function bench(args: string[]) {
  const n = Number(args[0] ?? 1_000_000);
  const dir = mkdtempSync(join(tmpdir(), 'qy-bench-changes-'));
  const cluster = await startPgCluster();
  try {
    const url = await createBenchDatabase(cluster.url);
    console.error(`seeding ${n} customers with a pending correction each…`);
    await seed(url, n);
    await settleStorage(url);

    // the same rows, bare: what the file's pages select, with no grouping, formatting or writing
    console.error('bare COPY … TO STDOUT…');
    const client = new pg.Client(url);
    await client.connect();
    const bareFile = join(dir, 'bare.csv');
    const started = performance.now();
    await pipeline(
      client.query(
        copyTo(`copy (select o.id, o.customer_id, o.customer_no, o.station_code, o.field, o.new_value
                      from outbound_changes o where o.state = 'pending' order by o.customer_id)
                to stdout with (format csv)`),
      ),
      createWriteStream(bareFile),
    );
    const bareSeconds = (performance.now() - started) / 1000;
    await client.end();

    console.error('change file…');
    const out = join(dir, 'changes.csv');
    const child = JSON.parse(
      execFileSync(process.execPath, [...heapFlags('cli'), '--import', 'tsx', CHILD, out], {
        env: { ...process.env, DATABASE_URL: url, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .pop()!,
    ) as { result: { changes: number; customers: number }; seconds: number; peakRssBytes: number };

    const fileRate = perSecond(child.result.changes, child.seconds * 1000);
    const bareRate = perSecond(n, bareSeconds * 1000);
    return {
      changes: n,
      file: {
        changes: child.result.changes,
        customers: child.result.customers,
        bytes: statSync(out).size,
        seconds: +child.seconds.toFixed(2),
        rowsPerSecond: fileRate,
        peakRssMiB: mib(child.peakRssBytes),
      },
      bareCopy: { rows: n, seconds: +bareSeconds.toFixed(2), rowsPerSecond: bareRate },
      fileShareOfCopy: +(fileRate / bareRate).toFixed(3),
      targets: { fileShareOfCopy: 0.5, peakRssMiB: 300 },
    };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
