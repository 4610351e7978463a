// One-time setup codes: how a user created or reset by an admin sets their own password. The code
// is shown once (to the admin, who hands it over), stored only as a scrypt hash with an expiry,
// and deleted when used or replaced; a user has at most one.
import { randomInt } from 'node:crypto';
import type { Trx } from '../../db.ts';
import { hashPassword, verifyPassword } from './password.ts';

export const SETUP_CODE_HOURS = 72;
// no 0/O, 1/I/L: read aloud over the phone or copied from a screen without mistakes
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** 10 characters (~50 bits) as XXXXX-XXXXX. */
export function newSetupCode(): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What a person typed, as the code was issued: upper case, the dash where it belongs. */
export function normaliseSetupCode(typed: string): string {
  const bare = typed.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return bare.length === 10 ? `${bare.slice(0, 5)}-${bare.slice(5)}` : bare;
}

/** Issues a new code for the user (replacing any earlier one); returns it in clear, once. */
export async function issueSetupCode(
  trx: Trx,
  userId: number,
  purpose: 'setup' | 'reset',
  createdBy: number | null,
  now: Date,
): Promise<{ code: string; expiresAt: Date }> {
  const code = newSetupCode();
  const expiresAt = new Date(now.getTime() + SETUP_CODE_HOURS * 3600_000);
  const row = {
    code_hash: await hashPassword(code),
    purpose,
    created_by: createdBy,
    created_at: now,
    expires_at: expiresAt,
  };
  await trx
    .insertInto('user_setup_codes')
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
  return { code, expiresAt };
}

/** Whether the code is the user's current one and has not expired; a match is consumed. */
export async function consumeSetupCode(trx: Trx, userId: number, typed: string, now: Date): Promise<boolean> {
  const row = await trx
    .selectFrom('user_setup_codes')
    .select(['code_hash', 'expires_at'])
    .where('user_id', '=', userId)
    .forUpdate()
    .executeTakeFirst();
  if (!row || new Date(row.expires_at) <= now) return false;
  if (!(await verifyPassword(normaliseSetupCode(typed), row.code_hash))) return false;
  await trx.deleteFrom('user_setup_codes').where('user_id', '=', userId).execute();
  return true;
}
