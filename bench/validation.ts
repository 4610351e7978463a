// `pnpm bench validation [N=1000000] [workers]`: generate N customers, load them into a fresh
// PostgreSQL 15 with the real loader, then time one full validation run (per-record checks,
// findings written, cross-record SQL, summary) in a child process: records/s end to end, peak RSS.
// In the same run, before it, a bare `COPY (select * from customers where status = 'active') TO
// STDOUT` of the same rows through pg-copy-streams: `ratioToBareRead` is the run's rate ÷ that
// read's rate (how close validating comes to merely reading its input). The child runs with the
// heap flags of `pnpm worker`, which runs the nightly validation in production. CPU-seconds over
// the run: the child's (all threads), the database server's, the machine's (anything else that ran
// shows as the difference: on 2 shared cores a disturbed run is otherwise hard to tell).
// The bare read and the run take turns ROUNDS times (BENCH_ROUNDS, default 3), each round on a
// fresh copy of the loaded database (the first run after a load, every time): the same run's CPU
// time on this 2-core machine has ranged over ±30% from one minute to the next, so the figures are
// the median run's, the bare read is the median one, and every round's pair is kept.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { createPostgres } from '@qingyuan/api/db.ts';
import { writeProvinceFiles } from '@qingyuan/api/demo/generator/files.ts';
import { runLoad } from '@qingyuan/api/features/loads/service.ts';
import { startPgCluster } from '@qingyuan/api/testing/pg-cluster.ts';
import {
  createBenchDatabase,
  databaseUrl,
  heapFlags,
  median,
  mib,
  perSecond,
  processCpuSeconds,
  runSql,
  settleStorage,
  vacuumUntilVisible,
} from './util.ts';
import { systemClock } from '@qingyuan/api/clock.ts';

const CHILD = new URL('./validation-child.ts', import.meta.url).pathname;
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));

interface RunResult {
  rows: number;
  findings: number;
  seconds: number;
  startSeconds: number;
  peakRssBytes: number;
  cpuSeconds: number;
  postgresCpuSeconds: number;
  machineCpuSeconds: number;
}

/** `--incremental [N]` writes validation-incremental.json (at another N: validation-incremental--N.json). */
export const resultName = (args: string[]) =>
  args[0] === '--incremental'
    ? `validation-incremental${args[1] ? `--${args[1]}` : ''}`
    : args.length
      ? `validation--${args.join('-')}`
      : 'validation';

export default async function bench(args: string[]) {
  const incremental = args[0] === '--incremental';
  if (incremental) args = args.slice(1);
  const n = Number(args[0] ?? (incremental ? 10_000_000 : 1_000_000));
  const workerArgs = incremental ? ['--incremental'] : args[1] === undefined ? [] : [args[1]];
  const dir = mkdtempSync(join(tmpdir(), 'qy-bench-validation-'));
  // A province of 10M customers or more has a database server with memory to match: with the test
  // cluster's 256 MB of shared_buffers, loading 30M customers took ~50 minutes (the key-hash
  // indexes' random inserts read their pages back from the OS at every row).
  const cluster = await startPgCluster(n >= 10_000_000 ? { shared_buffers: '4GB' } : {});
  try {
    console.error(`generating ${n} customers…`);
    const files = await writeProvinceFiles(dir, { customers: n, seed: 1 });
    const url = await createBenchDatabase(cluster.url);
    const db = createPostgres(url, 4);
    console.error('loading…');
    await runLoad(db, {
      kind: 'org_units',
      path: files.orgUnits,
      fileName: 'org.csv',
      userId: null,
      now: systemClock(),
    });
    await runLoad(db, {
      kind: 'customers',
      path: files.customers,
      fileName: 'customers.csv',
      userId: null,
      now: systemClock(),
    });
    await db.close();
    const visible = await vacuumUntilVisible(url, 'customers');
    console.error(`customers' pages all-visible: ${(visible * 100).toFixed(1)} %`);
    await settleStorage(url);
    const validate = (databaseUrl: string) =>
      execFileSync(process.execPath, [...heapFlags('worker'), '--import', 'tsx', CHILD, ...workerArgs], {
        env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
        encoding: 'utf8',
        maxBuffer: 1 << 20,
        stdio: ['ignore', 'pipe', 'inherit'],
      });
    if (incremental) {
      console.error('validating…');
      const out = validate(url);
      const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number> & {
        stages: Record<string, number>;
      };
      return {
        customers: r.rows,
        changed: r.changed,
        fullRunSeconds: +r.seconds!.toFixed(2),
        incrementalSeconds: +r.incrementalSeconds!.toFixed(2),
        customersRechecked: r.customersChecked,
        findingsRemoved: r.findingsRemoved,
        findingsAdded: r.findingsAdded,
        changeSeconds: +r.changeSeconds!.toFixed(2),
        stagesEndAtSeconds: r.stages,
        targets: { incrementalSecondsAt10M: 10 },
      };
    }
    const rounds: { bare: BareResult; run: RunResult }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // every round from a copy of the loaded database: the first run after the province's load
      if (round > 1) await runSql(cluster.url, `drop database bench_round_${round - 1}`);
      await runSql(cluster.url, `create database bench_round_${round} template bench strategy file_copy`);
      const roundUrl = databaseUrl(cluster.url, `bench_round_${round}`);
      await settleStorage(roundUrl);
      console.error(`round ${round}/${ROUNDS}: bare COPY … TO STDOUT…`);
      const bare = await bareRead(roundUrl);
      await settleStorage(roundUrl);
      console.error(`round ${round}/${ROUNDS}: validating…`);
      const run = JSON.parse(validate(roundUrl).trim().split('\n').pop()!) as RunResult;
      console.error(
        `round ${round}/${ROUNDS}: bare ${bare.seconds.toFixed(2)} s, run ${run.seconds.toFixed(2)} s`,
      );
      rounds.push({ bare, run });
    }
    const r = median(rounds.map((x) => x.run));
    const bare = median(rounds.map((x) => x.bare));
    const rate = perSecond(r.rows, r.seconds * 1000);
    const bareRate = perSecond(bare.rows, bare.seconds * 1000);
    return {
      rounds: rounds.map((x) => ({
        bareSeconds: +x.bare.seconds.toFixed(2),
        seconds: +x.run.seconds.toFixed(2),
        cpuSeconds: +x.run.cpuSeconds.toFixed(2),
        postgresCpuSeconds: +x.run.postgresCpuSeconds.toFixed(2),
        machineCpuSeconds: +x.run.machineCpuSeconds.toFixed(2),
        peakRssMiB: mib(x.run.peakRssBytes),
        ratio: +(x.bare.seconds / x.run.seconds).toFixed(3),
      })),
      customers: r.rows,
      findings: r.findings,
      seconds: +r.seconds.toFixed(2),
      // of which starting the run (its customers counted for the progress bar) before any is read
      startSeconds: +r.startSeconds.toFixed(2),
      recordsPerSecond: rate,
      // CPU-seconds of the run: the node process (all its threads), the database server's
      // processes, and the whole machine (2 cores: 2 a second); what else ran = machine − both
      cpuSeconds: +r.cpuSeconds.toFixed(2),
      postgresCpuSeconds: +r.postgresCpuSeconds.toFixed(2),
      machineCpuSeconds: +r.machineCpuSeconds.toFixed(2),
      // the highest of the rounds
      peakRssMiB: mib(Math.max(...rounds.map((x) => x.run.peakRssBytes))),
      workers: args[1] ?? 'default',
      bareRead: {
        rows: bare.rows,
        seconds: +bare.seconds.toFixed(2),
        rowsPerSecond: bareRate,
        postgresCpuSeconds: +bare.postgresCpuSeconds.toFixed(2),
      },
      ratioToBareRead: +(rate / bareRate).toFixed(3),
      targets: { recordsPerSecond: 60_000, peakRssMiB: 500, ratioToBareRead: 0.3 },
    };
  } finally {
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

interface BareResult {
  rows: number;
  seconds: number;
  postgresCpuSeconds: number;
}

/**
 * The run's input read bare: every active customer as COPY text, lines counted and dropped; with
 * its backend's CPU-seconds (read from /proc while the backend is there: the read's one server process).
 */
async function bareRead(url: string): Promise<BareResult> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    let rows = 0;
    const count = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++;
        done();
      },
    });
    const cpuBefore = processCpuSeconds(pid);
    const started = performance.now();
    await pipeline(
      client.query(copyTo(`copy (select * from customers where status = 'active') to stdout`)),
      count,
    );
    const seconds = (performance.now() - started) / 1000;
    return { rows, seconds, postgresCpuSeconds: processCpuSeconds(pid) - cpuBefore };
  } finally {
    await client.end();
  }
}
