// API tokens are checked on every call of the entry gate and the change feed; a database read per
// call more than halved the gate's throughput (`pnpm bench entry-gate`). So a token's principal is
// kept here for at most TOKEN_CACHE_MS, and forgotten at once when a token is revoked: in the
// revoking process synchronously (announceTokensChanged, after the commit) and in every other
// process by a NOTIFY on TOKENS_CHANNEL (db.coordination; PGlite delivers it in process). A revoked
// token is refused from its next call where it was revoked, within the notification's
// milliseconds elsewhere, and within TOKEN_CACHE_MS even if a notification were lost (a dropped
// listening connection). Expiry is checked on every hit against the injected clock.
import type { Kysely } from 'kysely';
import { monotonicMs } from '../../clock.ts';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import type { Principal } from './principal.ts';
import * as q from './queries.ts';

export const TOKEN_CACHE_MS = 1_000;
export const TOKENS_CHANNEL = 'qingyuan_tokens';

interface Entry {
  principal: Principal | null;
  expiresAt: number | null;
  cachedAt: number;
}

const caches = new WeakMap<Kysely<Database>, Map<string, Entry>>();
const cacheOf = (db: Kysely<Database>) => {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  return cache;
};

/** The principal of the token with this hash, or null (unknown, revoked or expired). */
export async function tokenPrincipal(
  db: Kysely<Database>,
  tokenHash: string,
  now: Date,
  /** how long an entry may serve (tests lengthen it to see the notification do the forgetting) */
  maxAgeMs = TOKEN_CACHE_MS,
): Promise<Principal | null> {
  const cache = cacheOf(db);
  const hit = cache.get(tokenHash);
  if (
    hit &&
    monotonicMs() - hit.cachedAt < maxAgeMs &&
    (hit.expiresAt === null || hit.expiresAt > now.getTime())
  )
    return hit.principal;
  const row = await q.findApiToken(db, tokenHash, now);
  const principal: Principal | null = row
    ? {
        kind: 'token',
        id: row.id,
        username: row.name,
        name: row.name,
        role: row.role,
        region: { cityCode: row.city_code },
        channel: row.channel,
      }
    : null;
  // an unknown token is not remembered: guessing must cost a read each time, and keep no memory
  if (principal) {
    if (cache.size > 10_000) cache.clear();
    cache.set(tokenHash, {
      principal,
      expiresAt: row!.expires_at ? new Date(row!.expires_at).getTime() : null,
      cachedAt: monotonicMs(),
    });
  }
  return principal;
}

/** Forgets every cached token, here and (by NOTIFY) in every process; call after the commit. */
export async function announceTokensChanged(db: Db): Promise<void> {
  cacheOf(db.kysely).clear();
  await db.coordination.notify(TOKENS_CHANNEL, 'changed');
}

/** Forgets this process's cached tokens whenever another process changes one; returns the stop. */
export function listenForTokenChanges(db: Db): Promise<() => void> {
  return db.coordination.listen(TOKENS_CHANNEL, () => cacheOf(db.kysely).clear());
}
