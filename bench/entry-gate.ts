// `pnpm bench entry-gate [N=5000] [pglite|postgres|both] [customers=0]`: the app in a child
// process, listening on loopback, on the embedded PGlite and/or a real PostgreSQL 15 cluster
// (production's database), over `customers` existing customers (for the cross-record look-ups);
// N single-record POST /api/v1/validate calls one after another over one kept-alive node:http
// connection, with an API token, from this process; p50/p95/p99 in ms per database. Each is
// followed by a GET /healthz (an HTTP round trip and a `select 1`: the bare baseline, whose tail
// on a 2-core machine is mostly the three processes' scheduling), reported beside it. (With fetch
// as the client, its own overhead added 0.4 ms to p50 and about 2 ms to p99.) byKind splits the
// calls: plain, a mobile thousands share (the gate reads its holders up to the cap), an ID number
// already held. BENCH_SERVER_FLAGS adds node flags to the server (`--cpu-prof --cpu-prof-dir=…`).
//
// On PGlite every query runs synchronously on the server's one thread (WASM), so the periodic
// counter flush and rule-version check stall whatever request is in flight: its tail is the
// embedded database's, not the gate's.
import { spawn } from 'node:child_process';
import http from 'node:http';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { residentIdCheckChar } from '@qingyuan/rules';
import { TREE } from '@qingyuan/api/testing/factories.ts';
import { startPgCluster } from '@qingyuan/api/testing/pg-cluster.ts';
import { createBenchDatabase } from './util.ts';

const SERVER = new URL('./entry-gate-server.ts', import.meta.url).pathname;

const pct = (sorted: number[], p: number) =>
  +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(3);

export default async function bench(args: string[]) {
  const n = Number(args[0] ?? 5_000);
  const which = args[1] ?? 'both';
  const customers = Number(args[2] ?? 0);
  const result: Record<string, unknown> = {
    requests: n,
    customers,
    client: 'separate process',
    targets: { p99Ms: 5 },
  };
  if (which !== 'postgres') result.pglite = await measure(n, undefined, customers);
  if (which !== 'pglite') {
    const cluster = await startPgCluster();
    try {
      result.postgres = await measure(n, await createBenchDatabase(cluster.url, 'bench_gate'), customers);
    } finally {
      await cluster.stop();
    }
  }
  return result;
}

async function measure(n: number, databaseUrl: string | undefined, customers: number) {
  const flags = (process.env.BENCH_SERVER_FLAGS ?? '').split(' ').filter(Boolean);
  const server = spawn(process.execPath, [...flags, '--import', 'tsx', SERVER], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, BENCH_DATABASE_URL: databaseUrl ?? '', BENCH_CUSTOMERS: String(customers) },
  });
  const [line] = (await once(createInterface({ input: server.stdout! }), 'line')) as [string];
  const { url, token } = JSON.parse(line) as { url: string; token: string };
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const record = (i: number) => {
    const first17 = `5301021985031${String(i % 10_000).padStart(4, '0')}`;
    return JSON.stringify({
      customerNo: `B${i}`,
      name: i % 10 === 0 ? '户主' : '李建国',
      customerType: 'residential',
      certType: 'resident_id',
      // every 10th an ID number the province already holds (under two names, every 50th customer)
      certNo:
        customers > 0 && i % 10 === 5
          ? `530102${String((i * 50) % customers).padStart(12, '0')}`
          : first17 + residentIdCheckChar(first17),
      mobile: i % 7 === 0 ? '13800000000' : `139${47_000_000 + i}`,
      landline: '',
      address: '云南省昆明市五华区华山街道翠湖社区1组1号',
      stationCode: TREE.kunming.station,
    });
  };
  // node:http with one kept-alive connection: fetch's own allocations and GC (undici's web streams)
  // showed in the tail as much as the server did.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const post = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(
        url,
        { method: 'POST', headers: { ...headers, 'content-length': Buffer.byteLength(body) }, agent },
        (res) => {
          res.on('data', () => {});
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  // the bare baseline: GET /healthz, one HTTP round trip and one `select 1`, over the same connection
  const healthz = new URL('/healthz', url).toString();
  const get = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(healthz, { agent }, (res) => {
        res.on('data', () => {});
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end();
    });
  try {
    for (let i = 0; i < 300; i++) await post(record(i)); // warm-up
    const times: number[] = [];
    const bare: number[] = [];
    const byKind: Record<string, number[]> = { plain: [], sharedMobile: [], heldId: [] };
    let errors = 0;
    let seconds = 0;
    // each gate call is followed by a bare one, so both see the machine as it is at that moment
    for (let i = 0; i < n; i++) {
      const body = record(i);
      const t0 = performance.now();
      const status = await post(body);
      const t1 = performance.now();
      times.push(t1 - t0);
      byKind[i % 7 === 0 ? 'sharedMobile' : customers > 0 && i % 10 === 5 ? 'heldId' : 'plain']!.push(
        t1 - t0,
      );
      seconds += (t1 - t0) / 1000;
      if (status !== 200) errors++;
      const t2 = performance.now();
      if ((await get()) !== 200) errors++;
      bare.push(performance.now() - t2);
    }
    times.sort((a, b) => a - b);
    bare.sort((a, b) => a - b);
    return {
      errors,
      seconds: +seconds.toFixed(2),
      requestsPerSecond: Math.round(n / seconds),
      p50Ms: pct(times, 50),
      p95Ms: pct(times, 95),
      p99Ms: pct(times, 99),
      maxMs: +times[times.length - 1]!.toFixed(3),
      bareHealthz: { p50Ms: pct(bare, 50), p95Ms: pct(bare, 95), p99Ms: pct(bare, 99) },
      p99OverBare: +(pct(times, 99) / pct(bare, 99)).toFixed(2),
      byKind: Object.fromEntries(
        Object.entries(byKind).map(([k, t]) => {
          t.sort((a, b) => a - b);
          return [k, { requests: t.length, p50Ms: pct(t, 50), p95Ms: pct(t, 95), p99Ms: pct(t, 99) }];
        }),
      ),
    };
  } finally {
    agent.destroy();
    server.kill('SIGTERM');
    await once(server, 'exit');
  }
}
