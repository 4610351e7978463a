// kysely's own PGliteDialect shares one connection object between everything: while a
// transaction is open, *any* other query (another request's) runs inside it. This driver hands
// out one connection object per acquire instead. Queries outside a transaction go through
// `pglite.query`, which waits on PGlite's transaction mutex, so a transaction is truly isolated
// (PGlite serialises everything anyway: it is one backend).
import type { PGlite, Transaction as PGliteTransaction } from '@electric-sql/pglite';
import {
  PGliteAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';

class Connection implements DatabaseConnection {
  #tx: PGliteTransaction | undefined;
  #finish: ((commit: boolean) => void) | undefined;
  #done: Promise<unknown> | undefined;

  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const target = this.#tx ?? this.pglite;
    const result = await target.query<R>(query.sql, query.parameters as unknown[], { rowMode: 'object' });
    return {
      rows: result.rows ?? [],
      numAffectedRows: result.affectedRows != null ? BigInt(result.affectedRows) : undefined,
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not supported on PGlite: use keyset pagination');
  }

  async begin(): Promise<void> {
    let started!: () => void;
    const ready = new Promise<void>((resolve) => (started = resolve));
    const outcome = new Promise<boolean>((resolve) => (this.#finish = resolve));
    this.#done = this.pglite.transaction(async (tx) => {
      this.#tx = tx;
      started();
      if (!(await outcome)) await tx.rollback();
    });
    // A failure to start the transaction must surface here, not hang.
    await Promise.race([ready, this.#done]);
  }

  async end(commit: boolean): Promise<void> {
    this.#finish?.(commit);
    try {
      await this.#done;
    } finally {
      this.#tx = undefined;
      this.#finish = undefined;
      this.#done = undefined;
    }
  }
}

class SafePGliteDriver implements Driver {
  constructor(private readonly pglite: PGlite) {}
  async init(): Promise<void> {
    await this.pglite.waitReady;
  }
  async acquireConnection(): Promise<DatabaseConnection> {
    return new Connection(this.pglite);
  }
  async beginTransaction(connection: DatabaseConnection, _settings: TransactionSettings): Promise<void> {
    await (connection as Connection).begin();
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Connection).end(true);
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as Connection).end(false);
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close();
  }
}

export class SafePGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PGliteAdapter();
  }
  createDriver(): Driver {
    return new SafePGliteDriver(this.pglite);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
  createIntrospector(db: Kysely<any>) {
    return new PostgresIntrospector(db);
  }
}
