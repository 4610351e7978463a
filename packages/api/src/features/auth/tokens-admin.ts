// API tokens administered by admins: create (the secret shown once, stored hashed), list, revoke.
// A token names its channel (the entry gate counts its calls under it, whatever a request body
// says), may be held to one city (the entry gate then takes only that city's stations), and may
// expire. Revocation and expiry take effect on the next call: a revoke is announced to every
// process's token cache (token-cache.ts) by its caller, after the commit.
import type { Kysely } from 'kysely';
import type { ApiToken, TokenCreateBody } from '@qingyuan/contract/admin';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { createApiToken } from './service.ts';
import type { AuditContext, RecordAdminAction } from './admin-audit.ts';

export async function listTokens(db: Kysely<Database>, now: Date, id?: number): Promise<ApiToken[]> {
  let qb = db
    .selectFrom('api_tokens as t')
    .leftJoin('org_units as o', 'o.code', 't.city_code')
    .leftJoin('users as u', 'u.id', 't.created_by')
    .select([
      't.id',
      't.name',
      't.channel',
      't.city_code',
      'o.name as city_name',
      't.expires_at',
      'u.display_name as created_by',
      't.created_at',
      't.revoked_at',
    ])
    .orderBy('t.id', 'desc');
  if (id !== undefined) qb = qb.where('t.id', '=', id);
  return (await qb.execute()).map((r) => ({
    id: String(r.id),
    name: r.name,
    channel: r.channel,
    cityCode: r.city_code,
    cityName: r.city_name,
    expiresAt: r.expires_at ? new Date(r.expires_at).toISOString() : null,
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    state: r.revoked_at ? 'revoked' : r.expires_at && new Date(r.expires_at) <= now ? 'expired' : 'active',
  }));
}

/** The end of a Beijing calendar day, as an instant. */
const endOfBeijingDay = (day: string) => new Date(`${day}T23:59:59.999+08:00`);

export async function createToken(
  db: Kysely<Database>,
  ctx: AuditContext,
  body: TokenCreateBody,
  record: RecordAdminAction,
): Promise<{ token: string; item: ApiToken }> {
  const expiresAt = body.expiresOn ? endOfBeijingDay(body.expiresOn) : null;
  if (expiresAt && expiresAt <= ctx.now)
    throw new AppError('validation_failed', '有效期须晚于今天 / The expiry must be after today');
  const created = await db.transaction().execute(async (trx) => {
    if (body.cityCode) {
      const city = await trx
        .selectFrom('org_units')
        .select('level')
        .where('code', '=', body.cityCode)
        .executeTakeFirst();
      if (city?.level !== 'city')
        throw new AppError('validation_failed', `${body.cityCode} 不是地市公司 / is not a city company`);
    }
    const t = await createApiToken(trx, body.name, body.cityCode ?? null, ctx.userId, ctx.now, {
      channel: body.channel || null,
      expiresAt,
    });
    await record(trx, ctx, 'token_create', `${body.name} #${t.id}`);
    return t;
  });
  const [item] = await listTokens(db, ctx.now, Number(created.id));
  return { token: created.token, item: item! };
}

export async function revokeToken(
  db: Kysely<Database>,
  ctx: AuditContext,
  id: number,
  record: RecordAdminAction,
): Promise<ApiToken> {
  await db.transaction().execute(async (trx) => {
    const t = await trx
      .selectFrom('api_tokens')
      .select(['name', 'revoked_at'])
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!t) throw notFound('接口令牌', 'API token');
    if (t.revoked_at) return;
    await trx
      .updateTable('api_tokens')
      .set({ revoked_at: ctx.now, revoked_by: ctx.userId })
      .where('id', '=', id)
      .execute();
    await record(trx, ctx, 'token_revoke', `${t.name} #${id}`);
  });
  return (await listTokens(db, ctx.now, id))[0]!;
}
