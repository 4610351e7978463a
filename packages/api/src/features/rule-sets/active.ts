// The compiled active rule set, shared by the batch run, the entry gate and re-validation so a
// value is judged the same way wherever it enters. Compiled once per version and per day (date
// checks need today's date); a new activation in this process drops the cache at once, and any
// process re-reads the active version number at most every REFRESH_MS (cheap primary-key read).
import { compileRuleSet, defaultRuleSet, type CompiledRuleSet } from '@qingyuan/rules';
import type { Kysely } from 'kysely';
import { monotonicMs } from '../../clock.ts';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import * as q from './queries.ts';

const REFRESH_MS = 2_000;

interface Cached {
  version: number;
  today: string;
  compiled: CompiledRuleSet;
  checkedAt: number;
}

// Keyed by the database handle, not a module singleton: each app (and each test database) has its own.
const caches = new WeakMap<object, Cached>();

/** Today's date in China (UTC+8, no daylight saving) as YYYY-MM-DD. */
export const chinaToday = (now: Date) => new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** On first use the default rule set becomes version 1, active. */
export async function ensureDefaultRuleSet(db: Db, now: Date): Promise<void> {
  if ((await q.countRuleSets(db.kysely)) > 0) return;
  await db.kysely.transaction().execute((trx) => ensureDefaultIn(trx, now));
}

/** Inside a transaction (or on a connection): the default set as version 1, unless a set exists. */
async function ensureDefaultIn(trx: Kysely<Database>, now: Date): Promise<void> {
  await q.lockRuleSets(trx);
  if ((await q.countRuleSets(trx)) > 0) return;
  const version = await q.nextRuleSetVersion(trx);
  await q.insertRuleSet(trx, {
    version,
    document: { ...defaultRuleSet, version },
    note: '默认规则集 / default rule set',
    createdBy: null,
    isActive: true,
    now,
  });
}

const refreshing = new WeakMap<object, Promise<unknown>>();

/**
 * The active rule set, compiled for today. A cached set older than REFRESH_MS is returned at
 * once while one background check looks for a newer version (an activation in another process
 * takes effect within seconds), so no entry-gate call waits on that query.
 */
export async function getActiveRuleSet(db: Db, now: Date): Promise<CompiledRuleSet> {
  const today = chinaToday(now);
  const cached = caches.get(db.kysely);
  if (cached && cached.today === today) {
    if (monotonicMs() - cached.checkedAt >= REFRESH_MS && !refreshing.has(db.kysely)) {
      const check = loadActiveRuleSet(db, now)
        .catch(() => undefined)
        .finally(() => refreshing.delete(db.kysely));
      refreshing.set(db.kysely, check);
    }
    return cached.compiled;
  }
  return loadActiveRuleSet(db, now);
}

async function loadActiveRuleSet(db: Db, now: Date): Promise<CompiledRuleSet> {
  const today = chinaToday(now);
  const cached = caches.get(db.kysely);
  // when the version was last checked: a cache lifetime on the monotonic timer, not a date
  const t = monotonicMs();
  let version = await q.findActiveVersion(db.kysely);
  if (version === undefined) {
    await ensureDefaultRuleSet(db, now);
    version = await q.findActiveVersion(db.kysely);
  }
  if (cached && cached.version === version && cached.today === today) {
    cached.checkedAt = t;
    return cached.compiled;
  }
  const compiled = await compileVersion(db.kysely, version!, today);
  caches.set(db.kysely, { version: version!, today, compiled, checkedAt: t });
  return compiled;
}

/** Drops the cached compiled set (after an activation in this process). */
export function forgetActiveRuleSet(db: Db) {
  caches.delete(db.kysely);
}

export async function compileVersion(
  db: Kysely<Database>,
  version: number,
  today: string,
): Promise<CompiledRuleSet> {
  const row = await q.findRuleSet(db, version);
  if (!row) throw new Error(`rule set ${version} not found`);
  return compileRuleSet(row.document, { today });
}

// Compiled sets by content and day: pure values, safe to share between databases.
const byContent = new Map<string, CompiledRuleSet>();

/** The active rule set read inside a transaction (re-validation), compiled once per content and day. */
export async function getActiveRuleSetIn(db: Kysely<Database>, now: Date): Promise<CompiledRuleSet> {
  const today = chinaToday(now);
  let active = await q.findActiveHash(db);
  if (!active) {
    await ensureDefaultIn(db, now);
    active = (await q.findActiveHash(db))!;
  }
  const key = `${active.hash}:${today}`;
  let compiled = byContent.get(key);
  if (!compiled) {
    compiled = await compileVersion(db, active.version, today);
    if (byContent.size > 16) byContent.clear();
    byContent.set(key, compiled);
  }
  return compiled;
}
