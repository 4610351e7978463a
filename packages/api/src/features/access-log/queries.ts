// The access log's reads for the 审计 page: a filtered page (newest first, keyset by id) and a
// per-user summary per Beijing-time day. Filters: user (login name), unit (the actor's city or
// county code), action, and a time range the service turns into instants.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface LogFilter {
  username?: string;
  unit?: string;
  action?: string;
  from?: Date;
  /** exclusive */
  to?: Date;
}

function filtered<O>(qb: SelectQueryBuilder<Database, 'access_log', O>, f: LogFilter) {
  let q = qb;
  if (f.username) q = q.where('username', '=', f.username);
  // the actor's unit as a filter, not a region scope: only admins and auditors read the log
  if (f.unit) q = q.where((eb) => eb.or([eb('city_code', '=', f.unit!), eb('county_code', '=', f.unit!)]));
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('at', '>=', f.from);
  if (f.to) q = q.where('at', '<', f.to);
  return q;
}

export const findLogPage = (
  db: Kysely<Database>,
  f: LogFilter,
  before: number | undefined,
  limit: number,
) => {
  let q = filtered(db.selectFrom('access_log').selectAll(), f);
  if (before) q = q.where('id', '<', before);
  return q.orderBy('id', 'desc').limit(limit).execute();
};

export type LogRow = Awaited<ReturnType<typeof findLogPage>>[number];

export const findDailySummary = (db: Kysely<Database>, f: LogFilter) => {
  const day = sql<string>`to_char(at at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`;
  const n = (cond: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${cond})::int`;
  return filtered(
    db
      .selectFrom('access_log')
      .select([
        day.as('day'),
        'username',
        sql<string | null>`max(role)`.as('role'),
        n(sql`action = 'view'`).as('views'),
        n(sql`action in ('export', 'download', 'audit_export')`).as('exports'),
        n(sql`action = 'print'`).as('prints'),
        n(sql`action = 'login' and outcome = 'ok'`).as('logins'),
        n(sql`action = 'login' and outcome <> 'ok'`).as('failed_logins'),
        sql<number>`count(*)::int`.as('total'),
      ]),
    f,
  )
    .groupBy([day, 'username'])
    .orderBy(day, 'desc')
    .orderBy('username')
    .limit(2_000)
    .execute();
};
