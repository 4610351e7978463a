// The access log (查阅记录): one append-only row for every unmasked view, export, download,
// print and login (issue 19). recordAccess takes the caller's transaction, so the row commits
// with the action it records or neither does: a view records before it answers, an export in the
// transaction that writes its export row, a login in the one that opens its session. The table
// cannot be changed afterwards (triggers; on PostgreSQL the app role may only INSERT and SELECT).
import { sql, type Transaction } from 'kysely';
import type { FastifyRequest } from 'fastify';
import type { AccessOutcome, Database } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';

/**
 * What was done. Extend the union for a new kind of access; the 审计 page names each in zh-CN and
 * English (packages/web i18n `access.action.*`).
 */
export type AccessAction =
  | 'login'
  | 'logout'
  | 'view'
  | 'export'
  | 'download'
  | 'print'
  | 'access_request'
  | 'access_grant'
  | 'access_refuse'
  | 'audit_view'
  | 'audit_export'
  // administration (系统管理): users, tokens, passwords, retention
  | 'user_create'
  | 'user_update'
  | 'user_reset'
  | 'password_set'
  | 'password_change'
  | 'token_create'
  | 'token_revoke'
  | 'retention_policy'
  | 'retention_run';

/** Who acted: a principal, or a name typed at the login form that matched no one. */
export type AccessActor =
  Pick<Principal, 'kind' | 'id' | 'username' | 'role' | 'region'> | { kind: 'anonymous'; username: string };

export interface AccessEntry {
  at: Date;
  actor: AccessActor;
  action: AccessAction;
  /** `GET /api/v1/customers/:id` (the route's pattern), or what the web did (`web print`) */
  route: string;
  outcome?: AccessOutcome;
  /** the customers whose data was seen (a view), when they are few enough to name */
  customerIds?: readonly number[];
  /** what an export or a listing covered when not named customer by customer */
  scope?: Record<string, unknown>;
  rowCount?: number;
  file?: string;
  ip?: string | null;
  note?: string;
}

/** Writes one access-log row inside the caller's transaction (the compiler makes it open one). */
export async function recordAccess(trx: Transaction<Database>, e: AccessEntry): Promise<void> {
  const a = e.actor;
  const isPrincipal = a.kind !== 'anonymous';
  await trx
    .insertInto('access_log')
    .values({
      at: e.at,
      user_id: isPrincipal && a.kind === 'user' ? a.id : null,
      token_id: isPrincipal && a.kind === 'token' ? a.id : null,
      username: a.username,
      role: isPrincipal ? a.role : null,
      city_code: isPrincipal ? (a.region.cityCode ?? null) : null,
      county_code: isPrincipal ? (a.region.countyCode ?? null) : null,
      action: e.action,
      route: e.route,
      outcome: e.outcome ?? 'ok',
      customer_ids: e.customerIds?.length ? sql<number[]>`${`{${e.customerIds.join(',')}}`}::bigint[]` : null,
      scope: e.scope ? JSON.stringify(e.scope) : null,
      row_count: e.rowCount ?? null,
      file_name: e.file ?? null,
      ip: e.ip ?? null,
      note: e.note ?? null,
    })
    .execute();
}

/** The route pattern and the caller's address of a request: what every entry from a route names. */
export function fromRequest(req: FastifyRequest): { route: string; ip: string } {
  return { route: `${req.method} ${req.routeOptions.url ?? req.url.split('?')[0]}`, ip: req.ip };
}
