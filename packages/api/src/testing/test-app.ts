// Builds the real app over a test database, and logs users in through the real login route.
import { buildApp } from '../app.ts';
import type { Clock } from '../clock.ts';
import { loadConfig } from '../config.ts';
import type { Db } from '../db.ts';
import { testClock } from './clock.ts';

/**
 * The app over a test database; its clock starts at TEST_EPOCH unless the test brings its own.
 * Its SMS dispatcher is off: tests send queued messages themselves, when they mean to. Its campaign
 * scheduler is off too: node-cron fires by the machine's clock (a run on a Friday at 18:00 in
 * Beijing would take a snapshot mid-test); scheduler tests drive it with execute() and a clock.
 */
export async function buildTestApp(db: Db, env: Record<string, string> = {}, clock: Clock = testClock()) {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
    SMS_DISPATCHER: 'off',
    CAMPAIGN_SCHEDULER: 'off',
    VALIDATION_SCHEDULE: 'off',
    RETENTION_JOB: 'off',
    // per-user limits (plugins/limits.ts) are tested where they are set; elsewhere a test may
    // download or search more often than a person would
    SEARCH_RATE_PER_MINUTE: '100000',
    DOWNLOAD_RATE_PER_MINUTE: '100000',
    ...env,
  });
  return buildApp(config, { db, clock });
}

type App = Awaited<ReturnType<typeof buildTestApp>>;

/** Logs in and returns the Cookie header to send with later requests. */
export async function loginAs(app: App, username: string, password: string): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
  });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'qy_session');
  if (!cookie) throw new Error('no session cookie');
  return `qy_session=${cookie.value}`;
}
