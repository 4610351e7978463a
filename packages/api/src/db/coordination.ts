// How the processes of one deployment (web, worker, several of each) keep out of each other's way
// and wake each other: locks held while a job works, and notifications. On PostgreSQL both go
// through one dedicated connection per process, never a pooled one: a session advisory lock lives
// as long as its session, so it must not go back to the pool, and it must not sit inside a
// transaction (idle_in_transaction_session_timeout would end it). If that connection drops, the
// server frees its locks at once: every lease's signal aborts, so the holder stops at its next
// step and another process may take over — the same as a kill -9 of the holder.
// PGlite is one process: the locks are in memory and notifications are delivered in process.
import { EventEmitter } from 'node:events';
import pg from 'pg';

/** A lock held across processes; `signal` aborts when it is lost (the connection dropped). */
export interface Lease {
  readonly signal: AbortSignal;
  release(): Promise<void>;
}

export interface Coordination {
  /** The lock named `key`, or undefined at once when another holder has it (never waits). */
  tryLock(key: string): Promise<Lease | undefined>;
  /** Wakes the listeners of `channel` in every process (PostgreSQL NOTIFY after the caller's commit). */
  notify(channel: string, payload: string): Promise<void>;
  /** Calls `fn` for each notification on `channel`; returns the unsubscribe. */
  listen(channel: string, fn: (payload: string) => void): Promise<() => void>;
  close(): Promise<void>;
}

/** One process, one database: in-memory locks and an in-process emitter (PGlite). */
export function localCoordination(): Coordination {
  const held = new Set<string>();
  const events = new EventEmitter();
  return {
    async tryLock(key) {
      if (held.has(key)) return undefined;
      held.add(key);
      return {
        signal: new AbortController().signal,
        release: async () => void held.delete(key),
      };
    },
    async notify(channel, payload) {
      events.emit(channel, payload);
    },
    async listen(channel, fn) {
      events.on(channel, fn);
      return () => void events.off(channel, fn);
    },
    async close() {
      events.removeAllListeners();
    },
  };
}

/**
 * Advisory locks and LISTEN over one connection of our own. Lock keys are text, hashed to the
 * bigint PostgreSQL's advisory locks take (hashtextextended); `qingyuan:` keeps them apart from
 * other applications' locks in the same database.
 */
export function pgCoordination(
  clientConfig: pg.ClientConfig,
  notifyVia: (channel: string, payload: string) => Promise<void>,
): Coordination {
  let active: { client: pg.Client; ready: Promise<pg.Client> } | undefined;
  let closed = false;
  const leases = new Map<string, AbortController>();
  const listeners = new EventEmitter();
  const channels = new Set<string>();

  const lost = (client: pg.Client) => {
    if (active?.client !== client) return; // an older connection, already replaced
    active = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    client.end().catch(() => undefined);
    for (const lease of leases.values()) lease.abort(new Error('lock connection lost'));
    leases.clear();
    // listeners stay subscribed: reconnect soon so notifications keep arriving
    if (!closed && channels.size > 0) setTimeout(() => void connect().catch(() => undefined), 1_000);
  };
  const connect = (): Promise<pg.Client> => {
    if (active) return active.ready;
    const client = new pg.Client(clientConfig);
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    client.on('notification', (n) => listeners.emit(n.channel, n.payload ?? ''));
    const ready = (async () => {
      await client.connect();
      for (const channel of channels) await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      return client;
    })();
    active = { client, ready };
    ready.catch(() => lost(client));
    return ready;
  };

  return {
    async tryLock(key) {
      if (leases.has(key)) return undefined; // held by this process already (the lock is re-entrant)
      const client = await connect();
      const { rows } = await client.query<{ ok: boolean }>(
        'select pg_try_advisory_lock(hashtextextended($1, 0)) as ok',
        [`qingyuan:${key}`],
      );
      if (!rows[0]?.ok) return undefined;
      const ctrl = new AbortController();
      leases.set(key, ctrl);
      return {
        signal: ctrl.signal,
        async release() {
          if (leases.get(key) !== ctrl) return; // lost with its connection: nothing to unlock
          leases.delete(key);
          await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [`qingyuan:${key}`]);
        },
      };
    },
    notify: notifyVia,
    async listen(channel, fn) {
      listeners.on(channel, fn);
      if (!channels.has(channel)) {
        channels.add(channel);
        const client = await connect();
        await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      }
      return () => void listeners.off(channel, fn);
    },
    async close() {
      closed = true;
      const current = active;
      active = undefined;
      listeners.removeAllListeners();
      if (!current) return;
      current.client.removeAllListeners();
      current.client.on('error', () => undefined);
      await current.ready.catch(() => undefined);
      await current.client.end().catch(() => undefined);
    },
  };
}

/** Runs `fn` while holding `key`; undefined (and fn not run) when another process holds it. */
export async function withLock<T>(
  coordination: Coordination,
  key: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<{ value: T } | undefined> {
  const lease = await coordination.tryLock(key);
  if (!lease) return undefined;
  try {
    return { value: await fn(lease.signal) };
  } finally {
    await lease.release().catch(() => undefined);
  }
}
