// Starts a throw-away PostgreSQL 15 cluster for tests and benchmarks: initdb in a fresh temporary
// folder, as the `postgres` user when we are root (the server refuses to run as root), on a free
// 127.0.0.1 port, socket in the same folder, fsync off. Stop removes everything.
// startReplica() adds a streaming replica of a running cluster (pg_basebackup -R, same binaries,
// another port): only the suite that tests DATABASE_READ_URL starts one.
import { execFileSync } from 'node:child_process';
import { appendFileSync, chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const binDir = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function startPgCluster(extraSettings: Record<string, string> = {}): Promise<PgCluster> {
  if (!existsSync(join(binDir, 'initdb'))) {
    throw new Error(
      `PostgreSQL binaries not found in ${binDir}: install the Debian package postgresql-15 (the CI script does) or set PG_BIN`,
    );
  }
  const { dir, data } = clusterFolder();
  run('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '--encoding=UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  return startServer(dir, data, {
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    max_connections: '200',
    shared_buffers: '256MB',
    ...extraSettings,
  });
}

/**
 * A hot-standby replica of `primary`, streaming from it: its own folder and port, the same
 * database names (a test database created before this call is there; later writes arrive by
 * streaming). The primary's default wal_level (replica) and pg_hba (replication from 127.0.0.1,
 * trust) are all it needs.
 */
export async function startReplica(primary: Pick<PgCluster, 'port'>): Promise<PgCluster> {
  const { dir, data } = clusterFolder();
  // -c fast: checkpoint at once (the default spreads it over minutes); -X stream: WAL alongside
  run('pg_basebackup', [
    '-D',
    data,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
    '-h',
    '127.0.0.1',
    '-p',
    String(primary.port),
    '-U',
    'postgres',
  ]);
  return startServer(dir, data, { hot_standby: 'on' });
}

const isRoot = () => process.getuid?.() === 0;

function clusterFolder() {
  const dir = mkdtempSync(join(tmpdir(), 'qy-pg-'));
  chmodSync(dir, 0o777);
  return { dir, data: join(dir, 'data') };
}

function run(bin: string, args: string[]) {
  return isRoot()
    ? execFileSync('runuser', ['-u', 'postgres', '--', join(binDir, bin), ...args], { stdio: 'pipe' })
    : execFileSync(join(binDir, bin), args, { stdio: 'pipe' });
}

async function startServer(dir: string, data: string, settings: Record<string, string>): Promise<PgCluster> {
  const port = await freePort();
  const conf = Object.entries(settings)
    .map(([k, v]) => `${k} = '${v}'`)
    .join('\n');
  appendFileSync(join(data, 'postgresql.conf'), `\n${conf}\n`);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stop);
    try {
      run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // A test run or bench that dies on an error must not leave a server behind.
  process.on('exit', stop);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      stop();
    },
  };
}
