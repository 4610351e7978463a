import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import type { Principal } from './principal.ts';
import * as q from './queries.ts';

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
}

export async function login(db: Kysely<Database>, username: string, password: string, ttlHours: number, now: Date) {
  const user = await q.findUserByUsername(db, username);
  // Verify against a dummy hash for unknown users, so timing does not reveal which names exist.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok) throw new AppError('invalid_credentials', '用户名或密码错误 / Wrong username or password');
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ttlHours * 3600_000);
  await q.insertSession(db, hashToken(token), user.id, expiresAt);
  return { token, expiresAt, principal: toPrincipal(user) };
}

export const logout = (db: Kysely<Database>, token: string) => q.deleteSession(db, hashToken(token));

export async function principalFromSession(db: Kysely<Database>, token: string, now: Date): Promise<Principal | null> {
  const user = await q.findSessionUser(db, hashToken(token), now);
  return user ? toPrincipal(user) : null;
}

export async function principalFromApiToken(db: Kysely<Database>, token: string): Promise<Principal | null> {
  const row = await q.findApiToken(db, hashToken(token));
  if (!row) return null;
  return { kind: 'token', id: row.id, username: row.name, name: row.name, role: row.role, cityCode: row.city_code, countyCode: null };
}

/** Creates an API token for a system integration; the token is shown once and stored hashed. */
export async function createApiToken(db: Kysely<Database>, name: string, cityCode: string | null, createdBy: number | null) {
  const token = newToken('qy_');
  const { id } = await q.insertApiToken(db, { name, token_hash: hashToken(token), city_code: cityCode, created_by: createdBy });
  return { id, token };
}

function toPrincipal(user: {
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
    cityCode: user.city_code,
    countyCode: user.county_code,
  };
}

export async function toUserDto(db: Kysely<Database>, p: Principal): Promise<UserDto> {
  const scopeCode = p.countyCode ?? p.cityCode;
  const scope = scopeCode ? await q.findUnitName(db, scopeCode) : await q.findProvinceName(db);
  return {
    id: String(p.id),
    username: p.username,
    displayName: p.name,
    role: p.role,
    cityCode: p.cityCode,
    countyCode: p.countyCode,
    scopeName: scope?.name ?? '',
  };
}
