import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, UserRow } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { mayRequestUnmasked, type Approved, type Grants, type UnmaskedAccess } from './masking.ts';
import type { Principal } from './principal.ts';
import * as q from './queries.ts';
import { tokenPrincipal } from './token-cache.ts';
import { recordAccess, type AccessActor } from '../access-log/record.ts';

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = (prefix = '') => prefix + randomBytes(32).toString('base64url');

export interface UserDto {
  id: string;
  username: string;
  displayName: string;
  role: Principal['role'];
  cityCode: string | null;
  countyCode: string | null;
  scopeName: string;
  canRequestUnmasked: boolean;
}

/** Per-account lockout: after `after` failed logins in a row, locked for baseSeconds, doubling each time (to 1 hour). */
export interface Lockout {
  after: number;
  baseSeconds: number;
}
const DEFAULT_LOCKOUT: Lockout = { after: 5, baseSeconds: 60 };

/** Where a login came from, for the access log (route pattern and address). */
export interface LoginSource {
  route: string;
  ip?: string | null;
}

/**
 * Logs a user in. Every attempt is in the access log: a success in the transaction that opens the
 * session, a failure or a locked account in the one that counts it; if the log cannot be written,
 * no session is opened (and a failure still answers as a failure).
 */
export async function login(
  db: Kysely<Database>,
  username: string,
  password: string,
  ttlHours: number,
  now: Date,
  lockout: Lockout = DEFAULT_LOCKOUT,
  source: LoginSource = { route: 'login' },
) {
  const user = await q.findUserByUsername(db, username);
  const actor: AccessActor = user ? toPrincipal(user) : { kind: 'anonymous', username };
  const entry = { at: now, actor, action: 'login' as const, route: source.route, ip: source.ip ?? null };
  if (user?.locked_until && new Date(user.locked_until) > now) {
    await db
      .transaction()
      .execute((trx) => recordAccess(trx, { ...entry, outcome: 'denied', note: 'locked' }));
    throw locked(new Date(user.locked_until), now);
  }
  // Verify against a dummy hash for unknown users, so timing does not reveal which names exist.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) {
    await db.transaction().execute(async (trx) => {
      if (user) await q.recordFailedLogin(trx, user.id, now, lockout);
      await recordAccess(trx, { ...entry, outcome: 'failed' });
    });
    throw new AppError('invalid_credentials', '用户名或密码错误 / Wrong username or password');
  }
  return db.transaction().execute(async (trx) => {
    if (user.failed_logins > 0) await q.clearFailedLogins(trx, user.id);
    const session = await openSession(trx, user, ttlHours, now);
    await recordAccess(trx, entry);
    return session;
  });
}

/**
 * A new session for the user: the cookie's token (never stored in clear) and who it is. Called in
 * the transaction that records why it opens (a login, a first password set with a code).
 */
export async function openSession(db: Kysely<Database>, user: UserRow, ttlHours: number, now: Date) {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  await q.insertSession(db, hashToken(token), user.id, now, expiresAt);
  return { token, expiresAt, principal: toPrincipal(user) };
}

const locked = (until: Date, now: Date) => {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    'too_many_requests',
    `登录失败次数过多，账户已临时锁定，请 ${minutes} 分钟后再试 / Too many failed logins: the account is locked, try again in ${minutes} min`,
  );
};

export const logout = (db: Kysely<Database>, token: string) => q.deleteSession(db, hashToken(token));

export async function principalFromSession(
  db: Kysely<Database>,
  token: string,
  now: Date,
  policy: UnmaskedAccess = 'role',
): Promise<Principal | null> {
  const user = await q.findSessionUser(db, hashToken(token), now);
  if (!user) return null;
  const principal = toPrincipal(user);
  return withApprovals(db, principal, now, policy);
}

/**
 * The principal with its live approvals (审批) and the masking policy, so every masker(viewer)
 * applies them. One indexed read, only for roles that see numbers masked by default and may ask.
 */
export async function withApprovals(
  db: Kysely<Database>,
  principal: Principal,
  now: Date,
  policy: UnmaskedAccess,
): Promise<Principal> {
  const none: Approved = {
    policy,
    isAll: false,
    isWorksheetExport: false,
    units: new Set(),
    customerIds: new Set(),
  };
  const p: Principal = { ...principal, approved: none };
  if (principal.kind !== 'user' || !mayRequestUnmasked(p)) return p;
  const grants = await q.findLiveGrants(db, principal.id, now);
  if (grants.length === 0) return p;
  const own = principal.region.countyCode ?? principal.region.cityCode;
  const units = new Set<string>();
  const customerIds = new Set<number>();
  let isAll = false;
  let isWorksheetExport = false;
  for (const g of grants) {
    if (g.scope_kind === 'worksheet_export') isWorksheetExport = true;
    if (g.scope_kind === 'customers') for (const id of g.customer_ids ?? []) customerIds.add(Number(id));
    if (g.scope_kind === 'unit' && g.unit_code) {
      units.add(g.unit_code);
      // a unit as wide as the viewer's region (or wider): everything it may see
      const covers =
        g.level === 'province' || g.unit_code === own || g.unit_code === principal.region.cityCode;
      if (covers) isAll = true;
    }
  }
  return { ...p, approved: { policy, isAll, isWorksheetExport, units, customerIds } };
}

// Kept for at most a second and forgotten everywhere at once on revocation (token-cache.ts): a
// revoked or expired token is refused on its next call.
export async function principalFromApiToken(
  db: Kysely<Database>,
  token: string,
  now: Date,
): Promise<Principal | null> {
  return tokenPrincipal(db, hashToken(token), now);
}

/** Creates an API token for a system integration; the token is shown once and stored hashed. */
export async function createApiToken(
  db: Kysely<Database>,
  name: string,
  cityCode: string | null,
  createdBy: number | null,
  now: Date,
  opts: { channel?: string | null; expiresAt?: Date | null } = {},
) {
  const token = newToken('qy_');
  const { id } = await q.insertApiToken(db, {
    name,
    token_hash: hashToken(token),
    city_code: cityCode,
    created_by: createdBy,
    created_at: now,
    channel: opts.channel ?? null,
    expires_at: opts.expiresAt ?? null,
  });
  return { id, token };
}

export function toPrincipal(user: {
  id: number;
  username: string;
  display_name: string;
  role: Principal['role'];
  city_code: string | null;
  county_code: string | null;
}): Principal {
  return {
    kind: 'user',
    id: user.id,
    username: user.username,
    name: user.display_name || user.username,
    role: user.role,
    region: { cityCode: user.city_code, countyCode: user.county_code },
  };
}

export async function toUserDto(db: Kysely<Database>, p: Principal): Promise<UserDto> {
  const scopeCode = p.region.countyCode ?? p.region.cityCode;
  const scope = scopeCode ? await q.findUnitName(db, scopeCode) : await q.findProvinceName(db);
  return {
    id: String(p.id),
    username: p.username,
    displayName: p.name,
    role: p.role,
    cityCode: p.region.cityCode ?? null,
    countyCode: p.region.countyCode ?? null,
    scopeName: scope?.name ?? '',
    canRequestUnmasked: p.kind === 'user' && mayRequestUnmasked(p),
  };
}

/**
 * What the viewer may see beyond its role (see masking.ts): an agent, the phones of the customers
 * it holds by a live call lease. One indexed read, for agents only.
 */
export async function viewerGrants(db: Kysely<Database>, viewer: Principal, now: Date): Promise<Grants> {
  if (viewer.role !== 'agent' || viewer.kind !== 'user') return {};
  return { heldCustomerIds: new Set(await q.findHeldCustomerIds(db, viewer.id, now)) };
}
