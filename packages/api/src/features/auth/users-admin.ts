// Users administered by admins in the app: create (the user sets the password at first login with
// a one-time code shown once to the admin), change role, region and name, disable or enable, and
// reset (a new code; the old password stops working). Every action is one transaction that also
// writes its access-log row. A disabled user, or one whose role or region changed, loses their
// sessions at once.
import type { Kysely } from 'kysely';
import type { AdminUser, UserCreateBody, UserUpdateBody } from '@qingyuan/contract/admin';
import type { Trx } from '../../db.ts';
import type { Database, Role } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import type { AuditContext, RecordAdminAction } from './admin-audit.ts';
import { issueSetupCode } from './setup-codes.ts';

export async function listUsers(db: Kysely<Database>, now: Date): Promise<AdminUser[]> {
  const rows = await db
    .selectFrom('users as u')
    .leftJoin('org_units as o', (j) =>
      j.on((eb) => eb('o.code', '=', eb.fn.coalesce('u.county_code', 'u.city_code'))),
    )
    .leftJoin('user_setup_codes as s', 's.user_id', 'u.id')
    .select([
      'u.id',
      'u.username',
      'u.display_name',
      'u.role',
      'u.city_code',
      'u.county_code',
      'u.is_active',
      'u.password_hash',
      'u.created_at',
      'u.password_changed_at',
      'o.name as scope_name',
      's.expires_at as code_expires_at',
    ])
    .orderBy('u.id')
    .execute();
  return rows.map((r) => ({
    id: String(r.id),
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    cityCode: r.city_code,
    countyCode: r.county_code,
    scopeName: r.scope_name ?? '',
    isActive: r.is_active,
    hasPassword: r.password_hash !== '',
    setupCodeExpiresAt:
      r.code_expires_at && new Date(r.code_expires_at) > now
        ? new Date(r.code_expires_at).toISOString()
        : null,
    createdAt: new Date(r.created_at).toISOString(),
    passwordChangedAt: r.password_changed_at ? new Date(r.password_changed_at).toISOString() : null,
  }));
}

/** A role's region, checked against the org tree: a city team needs its city (and may name a county in it). */
async function checkRegion(
  trx: Trx,
  role: Role,
  cityCode: string | null,
  countyCode: string | null,
): Promise<{ city_code: string | null; county_code: string | null }> {
  if (role === 'city_member' && !cityCode)
    throw new AppError('validation_failed', '地市核查员必须指定地市 / A city team member needs a city');
  if (countyCode && !cityCode)
    throw new AppError('validation_failed', '指定县公司时须同时指定地市 / A county needs its city');
  if (cityCode) {
    const city = await trx
      .selectFrom('org_units')
      .select('level')
      .where('code', '=', cityCode)
      .executeTakeFirst();
    if (city?.level !== 'city')
      throw new AppError('validation_failed', `${cityCode} 不是地市公司 / is not a city company`);
  }
  if (countyCode) {
    const county = await trx
      .selectFrom('org_units')
      .select(['level', 'city_code'])
      .where('code', '=', countyCode)
      .executeTakeFirst();
    if (county?.level !== 'county' || county.city_code !== cityCode)
      throw new AppError(
        'validation_failed',
        `${countyCode} 不是该地市的县公司 / is not a county of that city`,
      );
  }
  return { city_code: cityCode, county_code: countyCode };
}

export async function createUser(
  db: Kysely<Database>,
  ctx: AuditContext,
  body: UserCreateBody,
  record: RecordAdminAction,
): Promise<{ user: AdminUser; setupCode: string; expiresAt: string }> {
  const result = await db.transaction().execute(async (trx) => {
    const taken = await trx
      .selectFrom('users')
      .select('id')
      .where('username', '=', body.username)
      .executeTakeFirst();
    if (taken)
      throw new AppError('conflict', `用户名 ${body.username} 已存在 / username ${body.username} is taken`);
    const region = await checkRegion(trx, body.role, body.cityCode ?? null, body.countyCode ?? null);
    const { id } = await trx
      .insertInto('users')
      .values({
        username: body.username,
        display_name: body.displayName || body.username,
        role: body.role,
        ...region,
        phone: null,
        password_hash: '',
        created_at: ctx.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const issued = await issueSetupCode(trx, Number(id), 'setup', ctx.userId, ctx.now);
    await record(
      trx,
      ctx,
      'user_create',
      `${body.username} (${body.role}${region.city_code ? ` ${region.county_code ?? region.city_code}` : ''})`,
    );
    return { id: Number(id), ...issued };
  });
  const user = (await listUsers(db, ctx.now)).find((u) => u.id === String(result.id))!;
  return { user, setupCode: result.code, expiresAt: result.expiresAt.toISOString() };
}

export async function updateUser(
  db: Kysely<Database>,
  ctx: AuditContext,
  id: number,
  body: UserUpdateBody,
  record: RecordAdminAction,
): Promise<AdminUser> {
  await db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw notFound('用户', 'user');
    if (id === ctx.userId && (!body.isActive || body.role !== 'admin'))
      throw new AppError(
        'validation_failed',
        '不能停用自己或取消自己的管理员角色 / You cannot disable yourself or drop your own admin role',
      );
    const region = await checkRegion(trx, body.role, body.cityCode ?? null, body.countyCode ?? null);
    const changes: string[] = [];
    if (body.displayName !== user.display_name) changes.push(`name → ${body.displayName}`);
    if (body.role !== user.role) changes.push(`role ${user.role} → ${body.role}`);
    if (region.city_code !== user.city_code || region.county_code !== user.county_code)
      changes.push(
        `region ${user.county_code ?? user.city_code ?? '-'} → ${region.county_code ?? region.city_code ?? '-'}`,
      );
    if (body.isActive !== user.is_active) changes.push(body.isActive ? 'enabled' : 'disabled');
    if (changes.length === 0) return;
    await trx
      .updateTable('users')
      .set({ display_name: body.displayName, role: body.role, ...region, is_active: body.isActive })
      .where('id', '=', id)
      .execute();
    // what the user may see changed: their open sessions end now
    if (body.role !== user.role || changes.some((c) => c.startsWith('region')) || !body.isActive)
      await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await record(trx, ctx, 'user_update', `${user.username}: ${changes.join('; ')}`);
  });
  return (await listUsers(db, ctx.now)).find((u) => u.id === String(id))!;
}

/** A new one-time code; the old password no longer works and the user's sessions end. */
export async function resetUser(
  db: Kysely<Database>,
  ctx: AuditContext,
  id: number,
  record: RecordAdminAction,
): Promise<{ user: AdminUser; setupCode: string; expiresAt: string }> {
  const issued = await db.transaction().execute(async (trx) => {
    const user = await trx
      .selectFrom('users')
      .select(['username'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!user) throw notFound('用户', 'user');
    await trx
      .updateTable('users')
      .set({ password_hash: '', failed_logins: 0, locked_until: null })
      .where('id', '=', id)
      .execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    const code = await issueSetupCode(trx, id, 'reset', ctx.userId, ctx.now);
    await record(trx, ctx, 'user_reset', user.username);
    return code;
  });
  const user = (await listUsers(db, ctx.now)).find((u) => u.id === String(id))!;
  return { user, setupCode: issued.code, expiresAt: issued.expiresAt.toISOString() };
}
