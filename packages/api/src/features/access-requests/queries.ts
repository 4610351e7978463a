// SQL of approvals (审批) and the inbox. Deciding locks the request row (for update) so two
// approvers cannot both decide it.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AccessScopeKind, Database, NotificationKind } from '../../db/schema.ts';
import { inRegion, type Region } from '../auth/region.ts';

export const insertRequest = (
  trx: Transaction<Database>,
  row: {
    userId: number;
    cityCode: string | null;
    kind: AccessScopeKind;
    unitCode: string | null;
    customerIds: number[] | null;
    reason: string;
    hours: number;
    now: Date;
  },
) =>
  trx
    .insertInto('access_requests')
    .values({
      user_id: row.userId,
      city_code: row.cityCode,
      scope_kind: row.kind,
      unit_code: row.unitCode,
      customer_ids: row.customerIds ? sql`${`{${row.customerIds.join(',')}}`}::bigint[]` : null,
      reason: row.reason,
      wanted_hours: row.hours,
      created_at: row.now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();

const requestColumns = (db: Kysely<Database>) =>
  db
    .selectFrom('access_requests as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .leftJoin('users as d', 'd.id', 'r.decided_by')
    .leftJoin('org_units as o', 'o.code', 'r.unit_code')
    .select([
      'r.id',
      'r.user_id',
      'r.city_code',
      'r.scope_kind',
      'r.unit_code',
      'r.customer_ids',
      'r.reason',
      'r.wanted_hours',
      'r.status',
      'r.decided_at',
      'r.decision_note',
      'r.expires_at',
      'r.created_at',
      'u.username as requester',
      'u.display_name as requester_name',
      'd.username as decided_by',
      'o.name as unit_name',
    ]);

export type RequestRow = Awaited<ReturnType<typeof findRequest>> & {};

export const findRequest = (db: Kysely<Database>, id: number) =>
  requestColumns(db).where('r.id', '=', id).executeTakeFirst();

/** The requests a caller sees: its own, and those it may decide (every one for `isAll`). */
export const findRequests = (
  db: Kysely<Database>,
  userId: number,
  approverCities: string[],
  isAll: boolean,
) => {
  let q = requestColumns(db);
  if (!isAll)
    q = q.where((eb) =>
      eb.or([
        eb('r.user_id', '=', userId),
        // the cities it approves for (access_approvers), not its region scope
        ...(approverCities.length ? [eb('r.city_code', 'in', approverCities)] : []),
      ]),
    );
  return q.orderBy('r.id', 'desc').limit(200).execute();
};

export const lockPending = (trx: Transaction<Database>, id: number) =>
  trx
    .selectFrom('access_requests')
    .select(['id', 'status', 'user_id', 'city_code'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();

export const decideRequest = (
  trx: Transaction<Database>,
  id: number,
  d: { status: 'granted' | 'refused'; by: number; at: Date; note: string | null; expiresAt: Date | null },
) =>
  trx
    .updateTable('access_requests')
    .set({
      status: d.status,
      decided_by: d.by,
      decided_at: d.at,
      decision_note: d.note,
      expires_at: d.expiresAt,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();

export const findApproverCities = async (db: Kysely<Database>, userId: number) =>
  (await db.selectFrom('access_approvers').select('city_code').where('user_id', '=', userId).execute()).map(
    (r) => r.city_code,
  );

/** Who decides a city's requests: every active admin, and the city's configured approvers. */
export const findDeciders = async (db: Kysely<Database>, cityCode: string | null) =>
  (
    await db
      .selectFrom('users')
      .select('id')
      .where('is_active', '=', true)
      .where((eb) =>
        eb.or([
          eb('role', '=', 'admin'),
          ...(cityCode
            ? [
                eb(
                  'id',
                  'in',
                  // the city's approvers, not a region scope
                  eb.selectFrom('access_approvers').select('user_id').where('city_code', '=', cityCode),
                ),
              ]
            : []),
        ]),
      )
      .execute()
  ).map((r) => r.id);

export const findCustomerCities = async (db: Kysely<Database>, ids: number[], region: Region) =>
  inRegion(db.selectFrom('customers').select(['city_code']).where('id', 'in', ids), region).execute();

export const insertNotifications = (
  trx: Transaction<Database>,
  userIds: number[],
  kind: NotificationKind,
  requestId: number,
  now: Date,
) =>
  userIds.length === 0
    ? Promise.resolve()
    : trx
        .insertInto('notifications')
        .values(userIds.map((u) => ({ user_id: u, kind, request_id: requestId, created_at: now })))
        .execute();

export const findNotifications = (db: Kysely<Database>, userId: number) =>
  db
    .selectFrom('notifications as n')
    .leftJoin('access_requests as r', 'r.id', 'n.request_id')
    .leftJoin('users as req', 'req.id', 'r.user_id')
    .leftJoin('users as dec', 'dec.id', 'r.decided_by')
    .select([
      'n.id',
      'n.kind',
      'n.request_id',
      'n.created_at',
      'n.read_at',
      'req.display_name as requester',
      'dec.display_name as decider',
    ])
    .where('n.user_id', '=', userId)
    .orderBy('n.id', 'desc')
    .limit(50)
    .execute();

export const countUnread = async (db: Kysely<Database>, userId: number) =>
  Number(
    (
      await db
        .selectFrom('notifications')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('user_id', '=', userId)
        .where('read_at', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

export const markRead = (db: Kysely<Database>, userId: number, ids: number[] | undefined, now: Date) => {
  let q = db
    .updateTable('notifications')
    .set({ read_at: now })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null);
  if (ids) q = q.where('id', 'in', ids.length ? ids : [0]);
  return q.execute();
};

export const findApprovers = (db: Kysely<Database>) =>
  db
    .selectFrom('access_approvers as a')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.city_code', 'u.username'])
    .orderBy('a.city_code')
    .orderBy('u.username')
    .execute();

export const replaceApprovers = async (
  trx: Transaction<Database>,
  cityCode: string,
  userIds: number[],
  now: Date,
) => {
  // one city's approver list (admin only), not a region scope
  await trx.deleteFrom('access_approvers').where('city_code', '=', cityCode).execute();
  if (userIds.length)
    await trx
      .insertInto('access_approvers')
      .values(userIds.map((u) => ({ city_code: cityCode, user_id: u, created_at: now })))
      .execute();
};

export const findUsersByName = (db: Kysely<Database>, usernames: string[]) =>
  usernames.length === 0
    ? Promise.resolve([])
    : db.selectFrom('users').select(['id', 'username']).where('username', 'in', usernames).execute();
