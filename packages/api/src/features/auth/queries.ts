import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export const findUserByUsername = (db: Kysely<Database>, username: string) =>
  db
    .selectFrom('users')
    .selectAll()
    .where('username', '=', username)
    .where('is_active', '=', true)
    .executeTakeFirst();

export const insertSession = (
  db: Kysely<Database>,
  tokenHash: string,
  userId: number,
  now: Date,
  expiresAt: Date,
) =>
  db
    .insertInto('sessions')
    .values({ token_hash: tokenHash, user_id: userId, created_at: now, expires_at: expiresAt })
    .execute();

export const deleteSession = (db: Kysely<Database>, tokenHash: string) =>
  db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();

export const findSessionUser = (db: Kysely<Database>, tokenHash: string, now: Date) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select([
      'users.id',
      'users.username',
      'users.display_name',
      'users.role',
      'users.city_code',
      'users.county_code',
    ])
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .where('users.is_active', '=', true)
    .executeTakeFirst();

export const findApiToken = (db: Kysely<Database>, tokenHash: string, now: Date) =>
  db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'role', 'city_code', 'channel', 'expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
    .executeTakeFirst();

export const insertApiToken = (
  db: Kysely<Database>,
  values: {
    name: string;
    token_hash: string;
    city_code: string | null;
    created_by: number | null;
    created_at: Date;
    channel: string | null;
    expires_at: Date | null;
  },
) => db.insertInto('api_tokens').values(values).returning('id').executeTakeFirstOrThrow();

export const findUnitName = (db: Kysely<Database>, code: string) =>
  db.selectFrom('org_units').select('name').where('code', '=', code).executeTakeFirst();

/** One org unit with the codes above it: what resolveRegion checks a requested unit by. */
export const findOrgUnit = (db: Kysely<Database>, code: string) =>
  db
    .selectFrom('org_units')
    .select(['code', 'name', 'level', 'city_code', 'county_code'])
    .where('code', '=', code)
    .executeTakeFirst();

export const findProvinceName = (db: Kysely<Database>) =>
  db.selectFrom('org_units').select('name').where('level', '=', 'province').executeTakeFirst();

/** The customers an agent holds right now: call tasks leased to it whose lease has not run out. */
export const findHeldCustomerIds = async (db: Kysely<Database>, userId: number, now: Date) =>
  (
    await db
      .selectFrom('call_tasks')
      .select('customer_id')
      .where('status', '=', 'open') // the partial unique index call_tasks_one_per_agent
      .where('leased_by', '=', userId)
      .where('lease_expires_at', '>', now)
      .execute()
  ).map((r) => r.customer_id);

/**
 * One more failed login; from the `after`-th in a row on, the account is locked for baseSeconds,
 * doubled for each failure past it, at most an hour. Atomic: parallel guesses all count.
 */
export const recordFailedLogin = (
  db: Kysely<Database>,
  userId: number,
  now: Date,
  lockout: { after: number; baseSeconds: number },
) =>
  db
    .updateTable('users')
    .set({
      failed_logins: sql`failed_logins + 1`,
      locked_until: sql`case when failed_logins + 1 >= ${lockout.after}
        then ${now}::timestamptz + interval '1 second' * least(3600,
          ${lockout.baseSeconds} * power(2, least(failed_logins + 1 - ${lockout.after}, 12)))
        else locked_until end`,
    })
    .where('id', '=', userId)
    .execute();

export const clearFailedLogins = (db: Kysely<Database>, userId: number) =>
  db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();

/** A viewer's live approvals (审批): granted and not yet expired at `now`. */
export const findLiveGrants = (db: Kysely<Database>, userId: number, now: Date) =>
  db
    .selectFrom('access_requests')
    .leftJoin('org_units', 'org_units.code', 'access_requests.unit_code')
    .select([
      'access_requests.scope_kind',
      'access_requests.unit_code',
      'access_requests.customer_ids',
      'org_units.level',
    ])
    .where('access_requests.user_id', '=', userId)
    .where('access_requests.status', '=', 'granted')
    .where('access_requests.expires_at', '>', now)
    .execute();
