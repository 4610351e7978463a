// `pnpm cli user …` and `pnpm cli token …`: the same services as the 系统管理 page, recorded in
// the access log as `cli`. No password is ever an argument: a new or reset user gets a one-time
// code, printed once, with which they set their own password at first login.
import { parseArgs } from 'node:util';
import { systemClock } from '../clock.ts';
import type { Db } from '../db.ts';
import { UserCreateBodySchema } from '@qingyuan/contract/admin';
import { recordAdminAction, type AuditContext } from '../features/auth/admin-audit.ts';
import { normalizeUserPhone } from '../features/auth/phone.ts';
import { announceTokensChanged } from '../features/auth/token-cache.ts';
import { createToken, listTokens, revokeToken } from '../features/auth/tokens-admin.ts';
import { createUser, listUsers, resetUser } from '../features/auth/users-admin.ts';

export const USERS_HELP = `  pnpm cli user create --username U --role ROLE [--name NAME] [--city CODE] [--county CODE] [--phone P]
                                                    roles: admin, coordinator, city_member, agent, manager;
                                                    prints a one-time code: the user sets a password with it at first login
  pnpm cli user reset --username U                  a new one-time code (the old password stops working)
  pnpm cli token create --name NAME [--channel C] [--city CODE] [--expires YYYY-MM-DD]
                                                    API token for a system integration (shown once)
  pnpm cli token list | token revoke --id ID         the tokens; revoke one (refused from its next call)`;

const cli = (route: string): AuditContext => ({
  actor: { kind: 'anonymous', username: 'cli' },
  userId: null,
  route: `cli ${route}`,
  ip: null,
  now: systemClock(),
});

const showCode = (username: string, r: { setupCode: string; expiresAt: string }) =>
  console.log(
    `用户 ${username} 的一次性设置码（只显示这一次）/ one-time setup code for ${username} (shown once):\n  ${r.setupCode}\n` +
      `有效期至 / valid until ${r.expiresAt}. 首次登录时在登录页“首次登录 / 设置密码”中输入 / enter it at first login under "Set password".`,
  );

export async function userCommand(db: Db, sub: string | undefined, args: string[]) {
  const { values: v } = parseArgs({
    args,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      city: { type: 'string' },
      county: { type: 'string' },
      phone: { type: 'string' },
    },
  });
  if (v.password !== undefined)
    throw new Error(
      '--password 已取消：密码不再出现在命令行上，用户凭一次性设置码自行设置 / --password is gone: passwords never appear on a command line; the user sets one with a one-time code',
    );
  if (sub === 'create') {
    if (!v.username || !v.role) throw new Error('usage: pnpm cli user create --username U --role ROLE');
    const phone = v.phone ? normalizeUserPhone(v.phone) : undefined;
    if (phone && 'problem' in phone)
      throw new Error(`--phone ${v.phone}: 不是有效的手机号 / not a valid mobile (${phone.problem})`);
    const r = await createUser(
      db.kysely,
      cli('user create'),
      UserCreateBodySchema.parse({
        username: v.username,
        displayName: v.name ?? '',
        role: v.role,
        cityCode: v.city ?? null,
        countyCode: v.county ?? null,
      }),
      recordAdminAction,
    );
    if (phone?.phone)
      await db.kysely
        .updateTable('users')
        .set({ phone: phone.phone })
        .where('id', '=', Number(r.user.id))
        .execute();
    return showCode(v.username, r);
  }
  if (sub === 'reset') {
    if (!v.username) throw new Error('usage: pnpm cli user reset --username U');
    const user = (await listUsers(db.kysely, systemClock())).find((u) => u.username === v.username);
    if (!user) throw new Error(`用户 ${v.username} 不存在 / no user ${v.username}`);
    return showCode(
      v.username,
      await resetUser(db.kysely, cli('user reset'), Number(user.id), recordAdminAction),
    );
  }
  throw new Error('usage: pnpm cli user create|reset …');
}

export async function tokenCommand(db: Db, sub: string | undefined, args: string[]) {
  const { values: v } = parseArgs({
    args,
    options: {
      name: { type: 'string' },
      channel: { type: 'string' },
      city: { type: 'string' },
      expires: { type: 'string' },
      id: { type: 'string' },
    },
  });
  if (sub === 'create') {
    if (!v.name)
      throw new Error(
        'usage: pnpm cli token create --name NAME [--channel C] [--city CODE] [--expires YYYY-MM-DD]',
      );
    const { token, item } = await createToken(
      db.kysely,
      cli('token create'),
      { name: v.name, channel: v.channel ?? null, cityCode: v.city ?? null, expiresOn: v.expires ?? null },
      recordAdminAction,
    );
    console.log(`API token #${item.id} (shown once, store it safely):\n${token}`);
    return;
  }
  if (sub === 'list') {
    for (const t of await listTokens(db.kysely, systemClock()))
      console.log(
        `#${t.id}\t${t.state}\t${t.name}\t${t.channel ?? '-'}\t${t.cityCode ?? '全省 province'}\t${t.expiresAt ?? '-'}`,
      );
    return;
  }
  if (sub === 'revoke') {
    if (!v.id) throw new Error('usage: pnpm cli token revoke --id ID');
    const t = await revokeToken(db.kysely, cli('token revoke'), Number(v.id), recordAdminAction);
    // running servers forget the token at once (NOTIFY), not after their cache's second
    await announceTokensChanged(db);
    console.log(`token #${t.id} ${t.name}: ${t.state}`);
    return;
  }
  throw new Error('usage: pnpm cli token create|list|revoke …');
}
