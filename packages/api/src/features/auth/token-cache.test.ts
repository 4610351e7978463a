// The token cache: a token is read once and then served from memory; a revocation is forgotten
// at once in the revoking process and, by NOTIFY, in every other process on the same database
// (on PostgreSQL a second connection pool stands in for a second process). Entries are given an
// hour here, so only the announcement can make them go.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgres, type Db } from '../../db.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { createTestDb, testDbKind, type TestDb } from '../../testing/test-db.ts';
import { createApiToken, hashToken } from './service.ts';
import { announceTokensChanged, listenForTokenChanges, tokenPrincipal } from './token-cache.ts';

const HOUR = 3_600_000;
let db: TestDb;
let other: Db;
const stops: (() => void)[] = [];

beforeAll(async () => {
  db = await createTestDb();
  other = testDbKind() === 'postgres' ? createPostgres(db.url!, 2) : db;
  stops.push(await listenForTokenChanges(db), await listenForTokenChanges(other));
});
afterAll(async () => {
  for (const stop of stops) stop();
  if (other !== db) await other.close();
  await db?.close();
});

const revokeInDatabase = (id: number) =>
  db.kysely.updateTable('api_tokens').set({ revoked_at: TEST_EPOCH }).where('id', '=', id).execute();

it('serves a token from memory, and forgets it everywhere once a revocation is announced', async () => {
  const { id, token } = await createApiToken(db.kysely, '营销系统', null, null, TEST_EPOCH);
  const hash = hashToken(token);
  for (const d of [db, other])
    expect(await tokenPrincipal(d.kysely, hash, TEST_EPOCH, HOUR)).toMatchObject({ kind: 'token', id });
  // revoked behind the cache's back: still served, which is why revocation must be announced
  await revokeInDatabase(Number(id));
  for (const d of [db, other])
    expect(await tokenPrincipal(d.kysely, hash, TEST_EPOCH, HOUR)).toMatchObject({ id });

  await announceTokensChanged(db);
  // the announcing process forgot it synchronously
  expect(await tokenPrincipal(db.kysely, hash, TEST_EPOCH, HOUR)).toBeNull();
  // the other forgets it when the notification arrives
  await expect
    .poll(() => tokenPrincipal(other.kysely, hash, TEST_EPOCH, HOUR), { timeout: 10_000 })
    .toBeNull();
});

it('refuses a cached token past its expiry by the injected clock', async () => {
  const expiresAt = new Date(TEST_EPOCH.getTime() + HOUR);
  const { token } = await createApiToken(db.kysely, '接口甲', null, null, TEST_EPOCH, { expiresAt });
  const hash = hashToken(token);
  expect(await tokenPrincipal(db.kysely, hash, TEST_EPOCH, HOUR)).not.toBeNull();
  expect(await tokenPrincipal(db.kysely, hash, new Date(expiresAt.getTime() + 1), HOUR)).toBeNull();
});
