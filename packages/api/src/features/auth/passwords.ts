// Setting a password: at first login (or after a reset) with the one-time code an admin handed
// over, and a signed-in user changing their own. Both check the password rules
// (password-policy.ts) and record the action in the access log in the same transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { DUMMY_HASH, hashPassword, verifyPassword } from './password.ts';
import { assertPasswordAllowed } from './password-policy.ts';
import * as q from './queries.ts';
import { consumeSetupCode } from './setup-codes.ts';
import type { AuditContext, RecordAdminAction } from './admin-audit.ts';
import { hashToken, openSession, toPrincipal, type Lockout } from './service.ts';

const badCode = () =>
  new AppError(
    'invalid_credentials',
    '用户名或一次性设置码错误，或设置码已过期 / Wrong username or one-time code, or the code has expired',
  );

/**
 * Sets the password of `username` with its one-time code and signs the user in. A wrong code
 * counts as a failed login (the same lockout); an unknown name costs the same time as a known one.
 */
export async function setPasswordWithCode(
  db: Kysely<Database>,
  input: { username: string; code: string; password: string },
  opts: { ttlHours: number; now: Date; lockout: Lockout; ip: string | null; route: string },
  record: RecordAdminAction,
) {
  const { now } = opts;
  const user = await q.findUserByUsername(db, input.username);
  if (user?.locked_until && new Date(user.locked_until) > now)
    throw new AppError('too_many_requests', '尝试次数过多，请稍后再试 / Too many attempts: try again later');
  if (!user) {
    await verifyPassword(input.code, DUMMY_HASH);
    throw badCode();
  }
  assertPasswordAllowed(input.password, user.username);
  const hash = await hashPassword(input.password);
  const session = await db.transaction().execute(async (trx) => {
    if (!(await consumeSetupCode(trx, user.id, input.code, now))) return null;
    await trx
      .updateTable('users')
      .set({ password_hash: hash, password_changed_at: now, failed_logins: 0, locked_until: null })
      .where('id', '=', user.id)
      .execute();
    const principal = toPrincipal(user);
    await record(
      trx,
      { actor: principal, userId: principal.id, now, ip: opts.ip, route: opts.route },
      'password_set',
      user.username,
    );
    return openSession(trx, user, opts.ttlHours, now);
  });
  if (!session) {
    await q.recordFailedLogin(db, user.id, now, opts.lockout);
    throw badCode();
  }
  return session;
}

/** A signed-in user changes their own password; their other sessions end. */
export async function changeOwnPassword(
  db: Kysely<Database>,
  ctx: AuditContext,
  input: { currentPassword: string; newPassword: string; sessionToken: string | undefined },
  record: RecordAdminAction,
): Promise<void> {
  const me = ctx.actor;
  if (me.kind !== 'user') throw new AppError('forbidden', '仅限用户本人 / Users only');
  const user = await db.selectFrom('users').selectAll().where('id', '=', me.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(input.currentPassword, user.password_hash)))
    throw new AppError('validation_failed', '当前密码不正确 / The current password is wrong', {
      rule: 'current',
    });
  assertPasswordAllowed(input.newPassword, user.username);
  if (input.newPassword === input.currentPassword)
    throw new AppError(
      'validation_failed',
      '新密码不能与当前密码相同 / The new password must differ from the current one',
    );
  const hash = await hashPassword(input.newPassword);
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: hash, password_changed_at: ctx.now })
      .where('id', '=', me.id)
      .execute();
    let others = trx.deleteFrom('sessions').where('user_id', '=', me.id);
    if (input.sessionToken) others = others.where('token_hash', '<>', hashToken(input.sessionToken));
    await others.execute();
    await record(trx, ctx, 'password_change', user.username);
  });
}
