// issue 18, finding 8: demo users with the published password were created whenever demo data
// was on, a real database included.
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import type { Db } from './db.ts';
import { hasDemoUsers, startupBanner } from './startup.ts';

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
