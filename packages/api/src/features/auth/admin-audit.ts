// Admin actions (users, tokens, passwords, retention) in the access log (查阅记录): written in the
// action's own transaction, so the action and its record commit together or not at all.
import type { Trx } from '../../db.ts';
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../clock.ts';
import { principalOf } from '../../plugins/auth.ts';
import { fromRequest, recordAccess, type AccessAction, type AccessActor } from '../access-log/record.ts';

export type AdminAction = Extract<
  AccessAction,
  | 'user_create'
  | 'user_update'
  | 'user_reset'
  | 'password_set'
  | 'password_change'
  | 'token_create'
  | 'token_revoke'
  | 'retention_policy'
  | 'retention_run'
>;

/** Who acts (a signed-in admin, or `cli` at the command line), when, from which route and address. */
export interface AuditContext {
  actor: AccessActor;
  /** the acting user's id (created_by, revoked_by…); null at the command line */
  userId: number | null;
  route: string;
  ip: string | null;
  now: Date;
}

export type RecordAdminAction = (
  trx: Trx,
  ctx: AuditContext,
  action: AdminAction,
  note: string,
) => Promise<void>;

/** The context of an admin's request: what the access-log row names. */
export function auditContext(req: FastifyRequest, clock: Clock): AuditContext {
  const actor = principalOf(req);
  return { actor, userId: actor.kind === 'user' ? actor.id : null, ...fromRequest(req), now: clock() };
}

export const recordAdminAction: RecordAdminAction = (trx, ctx, action, note) =>
  recordAccess(trx, { at: ctx.now, actor: ctx.actor, action, route: ctx.route, ip: ctx.ip, note });
