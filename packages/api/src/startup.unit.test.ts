// Start-up guards. Issue 18, finding 8: demo users with the published password were created
// whenever demo data was on, a real database included. Issue 21: the simulated outbox must never
// pass for real — the server, started as a process with DATABASE_URL and no SMS_PROVIDER, exits
// before touching the database and names SMS_PROVIDER.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import type { Db } from './db.ts';
import { hasDemoUsers, startupBanner } from './startup.ts';
import { workerProblem } from './processes.ts';

describe('demo users', () => {
  it('exist only on the embedded database, never with DATABASE_URL, even with DEMO_DATA=on', () => {
    expect(hasDemoUsers(loadConfig({}))).toBe(true);
    expect(hasDemoUsers(loadConfig({ DEMO_DATA: 'off' }))).toBe(false);
    const staging = loadConfig({ DATABASE_URL: 'postgres://app@db/qingyuan', DEMO_DATA: 'on' });
    expect(staging.DEMO_DATA).toBe('on');
    expect(hasDemoUsers(staging)).toBe(false);
    const db = { kind: 'postgres' } as Db;
    expect(startupBanner(staging, db, 3000)).not.toContain('demo logins');
  });
});

const SERVER = fileURLToPath(new URL('./server.ts', import.meta.url));
// nothing listens on port 1: a server that got past its config would fail to connect instead
const DATABASE_URL = 'postgres://nobody:x@127.0.0.1:1/none';

function startServer(env: Record<string, string>) {
  const { SMS_PROVIDER: _drop, DATABASE_URL: _drop2, ...inherited } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...inherited, LOG_LEVEL: 'silent', JOBS: 'off', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('SMS_PROVIDER with DATABASE_URL', () => {
  it('the server process refuses to start without it, naming SMS_PROVIDER', () => {
    const r = startServer({ DATABASE_URL });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('SMS_PROVIDER: required with DATABASE_URL');
  });

  it('passes the config check when it is set explicitly (then fails on the database)', () => {
    const r = startServer({ DATABASE_URL, SMS_PROVIDER: 'outbox' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).not.toContain('SMS_PROVIDER: required');
  });

  it('the embedded database and non-serving commands default to the outbox', () => {
    expect(loadConfig({}, { isServing: true }).SMS_PROVIDER).toBe('outbox');
    expect(loadConfig({ DATABASE_URL }).SMS_PROVIDER).toBe('outbox');
  });
});

describe('database and process settings', () => {
  it('reads pool size and timeouts, with defaults; a replica needs a primary; a worker needs PostgreSQL', () => {
    expect(loadConfig({})).toMatchObject({
      DATABASE_POOL_SIZE: 10,
      DATABASE_STATEMENT_TIMEOUT_SECONDS: 600,
      DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS: 120,
      DATABASE_IDLE_TIMEOUT_SECONDS: 30,
      JOBS_POLL_SECONDS: 10,
    });
    expect(loadConfig({ DATABASE_POOL_SIZE: '40', DATABASE_STATEMENT_TIMEOUT_SECONDS: '0' })).toMatchObject({
      DATABASE_POOL_SIZE: 40,
      DATABASE_STATEMENT_TIMEOUT_SECONDS: 0,
    });
    expect(() => loadConfig({ DATABASE_POOL_SIZE: '0' })).toThrow(/DATABASE_POOL_SIZE/);
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://r/db' })).toThrow(/DATABASE_READ_URL/);
    expect(workerProblem(loadConfig({}))).toMatch(/DATABASE_URL/);
    expect(workerProblem(loadConfig({ DATABASE_URL: 'postgres://p/db' }))).toBeUndefined();
    expect(workerProblem(loadConfig({ DATABASE_URL: 'postgres://p/db', JOBS: 'off' }))).toMatch(/JOBS=off/);
  });
});
