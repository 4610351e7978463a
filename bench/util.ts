import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import { createPostgres } from '@qingyuan/api/db.ts';
import { migrateToLatest } from '@qingyuan/api/db/migrate.ts';
import type { Principal } from '@qingyuan/api/features/auth/principal.ts';
import { PROVINCE } from '@qingyuan/api/features/auth/region.ts';

// Small helpers shared by the benchmarks.

/** The province-wide API-token principal the benches act as. */
export const BENCH_ADMIN: Principal = {
  kind: 'token',
  id: 0,
  username: 'bench',
  name: 'bench',
  role: 'admin',
  region: PROVINCE,
};
export function peakRssSampler(intervalMs = 50): { stop: () => number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

export const mib = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;
export const perSecond = (n: number, ms: number) => Math.round((n / ms) * 1000);

/** Runs one statement on its own connection (create/drop database, checkpoint, vacuum). */
export async function runSql(url: string, statement: string): Promise<void> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    await c.query(statement);
  } finally {
    await c.end();
  }
}

/**
 * `vacuum analyze` of a freshly loaded table until its pages are all-visible, as autovacuum leaves
 * them in the hours between a load and the night's run. One vacuum right after a load marked only
 * 40 % of 1M customers' pages (a snapshot still open elsewhere, autovacuum's own analyze of the
 * load, kept the rest from counting as visible to all): the full run's index-only scans then read
 * the table for 570k rows each, 2.4 of PostgreSQL's 8.4 CPU-seconds. Returns the visible share.
 */
export async function vacuumUntilVisible(url: string, table: string, tries = 10): Promise<number> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    let share = 0;
    for (let i = 0; i < tries; i++) {
      await c.query(`vacuum analyze ${table}`);
      const { rows } = await c.query<{ share: number }>(
        `select (relallvisible::float8 / greatest(relpages, 1)) as share from pg_class where oid = $1::regclass`,
        [table],
      );
      share = rows[0]!.share;
      if (share >= 0.99) break;
      console.error(
        `${table}: ${(share * 100).toFixed(1)} % of pages all-visible after vacuum ${i + 1}; again`,
      );
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    return share;
  } finally {
    await c.end();
  }
}

/** The connection string of database `name` on the server of `serverUrl`. */
export const databaseUrl = (serverUrl: string, name: string) => serverUrl.replace(/\/postgres$/, `/${name}`);

/** Creates a migrated UTF-8 database `name` on a bench cluster; returns its connection string. */
export async function createBenchDatabase(serverUrl: string, name = 'bench'): Promise<string> {
  await runSql(serverUrl, `create database ${name} template template0 encoding 'UTF8' locale 'C.UTF-8'`);
  const url = databaseUrl(serverUrl, name);
  const db = createPostgres(url, 2);
  await migrateToLatest(db.kysely);
  await db.close();
  return url;
}

/**
 * Lets storage settle before a measurement: a checkpoint, then `sync` until the kernel has written
 * back what generating and loading the data left dirty (a gigabyte or so at 1M customers), then a
 * short pause. Without it the first seconds of a measurement competed with that writeback: a 1M
 * validation run measured 18 s straight after the load and 14.6 s once settled.
 */
export async function settleStorage(url: string): Promise<void> {
  await runSql(url, 'checkpoint');
  execFileSync('sync');
  await new Promise((resolve) => setTimeout(resolve, 3000));
}

/**
 * The heap flags a package script of packages/api runs node with (heap cap, growing factor), so a
 * bench's child runs as the same work does there: `cli` (imports, `pnpm cli validate`) or `worker`
 * (the background jobs: the nightly validation run).
 */
export function heapFlags(script: 'cli' | 'worker'): string[] {
  const pkg = JSON.parse(readFileSync(new URL('../packages/api/package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };
  return pkg.scripts[script]!.match(/--(?:max-old-space-size|heap-growing-percent)=\d+/g) ?? [];
}

/** The round with the median time (`seconds`; the lower middle of an even number of rounds). */
export const median = <T extends { seconds: number }>(rounds: readonly T[]): T =>
  [...rounds].sort((a, b) => a.seconds - b.seconds)[Math.floor((rounds.length - 1) / 2)]!;

/** Clock ticks a second of /proc's CPU times (USER_HZ). */
let hz: number | undefined;
const ticks = () => (hz ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100);

/** A process's /proc/<pid>/stat fields after its name (state, ppid, …); undefined once it is gone. */
function statFields(pid: number | string): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** utime + stime (and, with `children`, the reaped children's cutime + cstime) of a process, in ticks. */
function processTicks(f: readonly string[], children = false): number {
  const own = Number(f[11]) + Number(f[12]);
  return children ? own + Number(f[13]) + Number(f[14]) : own;
}

/** CPU-seconds one process (a database backend, by its pid) has used so far; 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  const f = statFields(pid);
  return f ? processTicks(f) / ticks() : 0;
}

/**
 * CPU-seconds used so far by the PostgreSQL server behind `url`, all its processes: the
 * postmaster, its live children (backends, autovacuum, checkpointer…) and those it has reaped
 * (Linux /proc; the server must run on this machine, as the bench clusters do). Read twice around
 * a measurement, it says what the database did for it.
 */
export async function postgresCpuMeter(url: string): Promise<() => number> {
  const c = new pg.Client(url);
  await c.connect();
  let postmaster: string;
  try {
    const backend = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
    // the backend's parent, read while the backend is there
    postmaster = statFields(backend)![1]!;
  } finally {
    await c.end();
  }
  return () => {
    const own = statFields(postmaster);
    let total = own ? processTicks(own, true) : 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      // one gone meanwhile has its time in the postmaster's reaped children
      const f = statFields(entry);
      if (f?.[1] === postmaster) total += processTicks(f);
    }
    return total / ticks();
  };
}

/** CPU-seconds this machine has run anything, all cores (/proc/stat: user, nice, system, irq, softirq). */
export function machineCpuSeconds(): number {
  const v = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  return ((v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0) + (v[5] ?? 0) + (v[6] ?? 0)) / ticks();
}
