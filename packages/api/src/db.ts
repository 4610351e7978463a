// The one place that creates database connections: PGlite (embedded, in DATA_DIR) when
// DATABASE_URL is unset, PostgreSQL through `pg` otherwise. Same migrations, same queries.
// On PostgreSQL: a pool sized and timed by config, an optional second pool on a streaming
// replica (`reader`), and one dedicated connection for cross-process locks and notifications.
import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql, type CompiledQuery, type Transaction } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { inlineParameters } from './db/inline.ts';
import { copyField, parseCopyText } from './db/copy-text.ts';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Config } from './config.ts';
import type { Database } from './db/schema.ts';
import { SafePGliteDialect } from './db/pglite-dialect.ts';
import { localCoordination, pgCoordination, type Coordination } from './db/coordination.ts';

export type { Database } from './db/schema.ts';
export type Trx = Transaction<Database>;
export type Cell = string | number | boolean | null;

/** Writes many rows fast inside the surrounding transaction: COPY on PostgreSQL, unnest on PGlite. */
export interface BulkWriter {
  write(table: string, columns: readonly string[], rows: readonly Cell[][]): Promise<void>;
  /** Rows already formatted as COPY text (db/copy-text.ts), whole lines in `columns` order. */
  writeText(table: string, columns: readonly string[], text: string): Promise<void>;
}

export interface Db {
  readonly kind: 'pglite' | 'postgres';
  /** The primary: every write, and every read that must see what was just written. */
  readonly kysely: Kysely<Database>;
  /**
   * Reads that may lag the primary by a moment — the dashboard, reports, report exports: the
   * streaming replica with DATABASE_READ_URL, otherwise the same as `kysely`. Never write here,
   * and never read here what the same request just wrote.
   */
  readonly reader: Kysely<Database>;
  /** Locks and wake-ups across the processes sharing this database (db/coordination.ts). */
  readonly coordination: Coordination;
  /** One transaction on one connection, with a bulk writer bound to it. */
  bulkTransaction<T>(fn: (trx: Trx, bulk: BulkWriter) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL only: a query's rows as COPY text (one line a row, tab-separated, `\`-escaped),
   * streamed from the primary in one snapshot: a large read without a row object per row. COPY
   * takes no bind parameters, so they are inlined (db/inline.ts). Absent on PGlite.
   */
  copyOut?(query: CompiledQuery): AsyncIterable<string>;
  /**
   * A hot statement on the primary (one the entry gate runs per call): on PostgreSQL prepared by
   * `name` once per connection of a pool of its own whose connections keep generic plans, so it
   * is parsed and planned once, not at every call; on PGlite a plain query. One name, one text:
   * the query must not change shape between calls.
   */
  prepared<R>(name: string, query: CompiledQuery<R>): Promise<R[]>;
  /** copyOut as the server's UTF-8 bytes, undecoded (a validation run cuts pages of them). */
  copyOutBytes?(query: CompiledQuery): AsyncIterable<Buffer>;
  close(): Promise<void>;
}

// int8 (count(*), bigint ids) as numbers, as PGlite returns them: ids stay far below 2^53.
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 && format !== 'binary') return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
};

type DbConfig = Pick<
  Config,
  | 'DATABASE_URL'
  | 'DATA_DIR'
  | 'DATABASE_READ_URL'
  | 'DATABASE_POOL_SIZE'
  | 'DATABASE_STATEMENT_TIMEOUT_SECONDS'
  | 'DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS'
  | 'DATABASE_IDLE_TIMEOUT_SECONDS'
>;

/** `applicationName` shows in pg_stat_activity: which kind of process holds a connection. */
export async function createDb(
  config: Partial<DbConfig> & Pick<Config, 'DATABASE_URL' | 'DATA_DIR'>,
  applicationName = 'qingyuan',
): Promise<Db> {
  if (config.DATABASE_URL)
    return createPostgres(config.DATABASE_URL, {
      poolSize: config.DATABASE_POOL_SIZE,
      statementTimeoutSeconds: config.DATABASE_STATEMENT_TIMEOUT_SECONDS,
      idleInTransactionTimeoutSeconds: config.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS,
      idleTimeoutSeconds: config.DATABASE_IDLE_TIMEOUT_SECONDS,
      readUrl: config.DATABASE_READ_URL,
      applicationName,
    });
  mkdirSync(config.DATA_DIR, { recursive: true });
  // Loaded only when used: PGlite costs ~40 MB in every process and worker thread that imports it.
  const [{ PGlite }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ]);
  return openPGlite(await PGlite.create({ dataDir: config.DATA_DIR, extensions: { pg_trgm } }));
}

/** Wraps an open PGlite instance (tests start one from a migrated snapshot). */
export function openPGlite(pglite: PGlite): Db {
  // pool size and server timeouts do not apply: one connection, in this process
  const kysely = new Kysely<Database>({ dialect: new SafePGliteDialect(pglite) });
  const coordination = localCoordination();
  return {
    kind: 'pglite',
    kysely,
    reader: kysely,
    coordination,
    bulkTransaction: (fn) => kysely.transaction().execute((trx) => fn(trx, unnestWriter(trx))),
    prepared: async (_name, query) => (await kysely.executeQuery(query)).rows,
    close: async () => {
      await coordination.close();
      await kysely.destroy();
    },
  };
}

export interface PostgresOptions {
  /** Connections per pool (default 10). */
  poolSize?: number;
  /** 0 = none (the server's default). */
  statementTimeoutSeconds?: number;
  idleInTransactionTimeoutSeconds?: number;
  /** A pooled connection unused this long is closed (default 30; 0 = never). */
  idleTimeoutSeconds?: number;
  /** A streaming replica for `reader`. */
  readUrl?: string;
  applicationName?: string;
}

/** PostgreSQL through `pg`; a bare number is the pool size (benches and tests). */
export function createPostgres(url: string, options: PostgresOptions | number = {}): Db {
  const opts = typeof options === 'number' ? { poolSize: options } : options;
  // sent in the startup packet: every connection of the pool starts with these settings
  const session = (connectionString: string): pg.ClientConfig => ({
    connectionString,
    types: pgTypes,
    application_name: opts.applicationName ?? 'qingyuan',
    ...(opts.statementTimeoutSeconds ? { statement_timeout: opts.statementTimeoutSeconds * 1000 } : {}),
    ...(opts.idleInTransactionTimeoutSeconds
      ? { idle_in_transaction_session_timeout: opts.idleInTransactionTimeoutSeconds * 1000 }
      : {}),
  });
  const poolOf = (connectionString: string, extra: pg.ClientConfig = {}) =>
    new pg.Pool({
      ...session(connectionString),
      ...extra,
      max: opts.poolSize ?? 10,
      idleTimeoutMillis: (opts.idleTimeoutSeconds ?? 30) * 1000,
    });
  const pool = poolOf(url);
  // Hot statements (the entry gate's, one per call) have connections of their own, opened on first
  // use, on which a statement prepared once is also planned once. On the usual connections
  // (plan_cache_mode auto) PostgreSQL planned the gate's statement again at every call, for good:
  // its generic plan reads unnest($1) as 10 rows against the custom plans' 1, so it never looked
  // the cheaper. Planning was 0.5 ms of the call's 0.8 ms round trip (EXPLAIN EXECUTE, 1M
  // customers). Only here: the app's other queries keep their custom plans.
  let hot: pg.Pool | undefined;
  // With the connection string's own `options` (a role, a search_path): pg takes a connection
  // string's parameters over the config's, so they move into the config, beside this one.
  const openHot = () => {
    const own = splitOptions(url);
    return poolOf(own.url, { options: `${own.options} -c plan_cache_mode=force_generic_plan`.trim() });
  };
  const hotPool = () => (hot ??= openHot());
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
  const reader = opts.readUrl
    ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: poolOf(opts.readUrl), cursor: Cursor }) })
    : kysely;
  // the lock session runs no statements that could time out and holds no transaction
  const coordination = pgCoordination(
    { connectionString: url, application_name: `${opts.applicationName ?? 'qingyuan'}:locks` },
    async (channel, payload) => {
      await sql`select pg_notify(${channel}, ${payload})`.execute(kysely);
    },
  );
  return {
    kind: 'postgres',
    kysely,
    reader,
    coordination,
    async bulkTransaction(fn) {
      // kysely does not expose its connection, so run a kysely bound to one client we hold:
      // its transaction and our COPY then share the same session.
      const client = await pool.connect();
      // kysely releases the connection after its transaction; we keep it until we are done.
      const release = client.release.bind(client);
      client.release = () => {};
      const single = new Kysely<Database>({
        dialect: new PostgresDialect({
          pool: { connect: async () => client, end: async () => {} } as never,
          cursor: Cursor,
        }),
      });
      try {
        return await single.transaction().execute((trx) => fn(trx, copyWriter(client)));
      } finally {
        await single.destroy();
        client.release = release;
        client.release();
      }
    },
    async prepared<R>(name: string, query: CompiledQuery<R>) {
      // straight to a pool: kysely cannot name a statement
      const result = await hotPool().query({ name, text: query.sql, values: [...query.parameters] });
      return result.rows as R[];
    },
    copyOut: (query) => copyOut(pool, query, 'utf8'),
    copyOutBytes: (query) => copyOut(pool, query),
    async close() {
      await coordination.close();
      if (reader !== kysely) await reader.destroy();
      await hot?.end();
      await kysely.destroy();
    },
  };
}

/** A connection string without its `options` parameter (server settings sent at start-up), and those options. */
export function splitOptions(url: string): { url: string; options: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { url, options: '' }; // not a URL (key=value): left as it is
  }
  const options = u.searchParams.get('options') ?? '';
  u.searchParams.delete('options');
  return { url: u.toString(), options };
}

function copyOut(pool: pg.Pool, query: CompiledQuery, encoding: 'utf8'): AsyncGenerator<string>;
function copyOut(pool: pg.Pool, query: CompiledQuery): AsyncGenerator<Buffer>;
async function* copyOut(pool: pg.Pool, query: CompiledQuery, encoding?: 'utf8') {
  const client = await pool.connect();
  let done = false;
  try {
    const stream = client.query(copyTo(`copy (${inlineParameters(query.sql, query.parameters)}) to stdout`));
    if (encoding) stream.setEncoding(encoding);
    for await (const chunk of stream) yield chunk as string | Buffer;
    done = true;
  } finally {
    // a COPY left midway (the reader stopped or failed) leaves the connection unusable
    client.release(done ? undefined : true);
  }
}

function copyWriter(client: pg.PoolClient): BulkWriter {
  const copy = async (table: string, columns: readonly string[], text: Iterable<string>) => {
    const stream = client.query(copyFrom(`copy ${table} (${columns.join(', ')}) from stdin`));
    await pipeline(Readable.from(text), stream);
  };
  return {
    async write(table, columns, rows) {
      if (rows.length > 0) await copy(table, columns, copyText(rows));
    },
    async writeText(table, columns, text) {
      if (text !== '') await copy(table, columns, [text]);
    },
  };
}

function* copyText(rows: readonly Cell[][]): Generator<string> {
  let chunk = '';
  for (const row of rows) {
    chunk += row.map(copyField).join('\t') + '\n';
    if (chunk.length > 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

// PGlite: COPY FROM STDIN hangs, so one INSERT … SELECT FROM unnest(text arrays) per chunk: one
// parameter per column, whatever the number of rows; each column is cast to its real type.
function unnestWriter(trx: Trx): BulkWriter {
  const typesByTable = new Map<string, Map<string, string>>();
  const writer: BulkWriter = {
    writeText: (table, columns, text) => writer.write(table, columns, parseCopyText(text)),
    async write(table, columns, rows) {
      if (rows.length === 0) return;
      let types = typesByTable.get(table);
      if (!types) {
        const found = await sql<{ name: string; type: string }>`
          select a.attname as name, format_type(a.atttypid, a.atttypmod) as type
          from pg_attribute a where a.attrelid = ${table}::regclass and a.attnum > 0 and not a.attisdropped`.execute(
          trx,
        );
        types = new Map(found.rows.map((r) => [r.name, r.type]));
        typesByTable.set(table, types);
      }
      const arrays = columns.map((_, i) => rows.map((r) => (r[i] == null ? null : String(r[i]))));
      const aliases = sql.raw(columns.map((_, i) => `c${i}`).join(', '));
      const casts = sql.raw(columns.map((c, i) => `u.c${i}::${types.get(c) ?? 'text'}`).join(', '));
      await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))})
        select ${casts} from unnest(${sql.join(arrays.map((a) => sql`${a}::text[]`))}) as u(${aliases})`.execute(
        trx,
      );
    },
  };
  return writer;
}
