// What a new password must be: at least MIN_PASSWORD_LENGTH characters, not the username (nor
// containing it), and not a common password. The list (common-passwords.txt, beside this file) is
// the 541 entries of 8 characters or more from SecLists' "Chinese-common-password-list-top-1000"
// (danielmiessler/SecLists, Passwords/Common-Credentials/Language-Specific, MIT licence), plus a
// few of our own (the demo's published password, the product's name with digits). Shorter common
// passwords need no list: the length rule refuses them. Compared case-insensitively.
import { readFileSync } from 'node:fs';
import { AppError } from '../../errors.ts';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

const COMMON = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean),
);

export type PasswordProblem = 'too_short' | 'too_long' | 'contains_username' | 'common';

/** The first rule the password breaks, or undefined when it may be used. */
export function passwordProblem(password: string, username: string): PasswordProblem | undefined {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  if (password.length > MAX_PASSWORD_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (username.length >= 3 && lower.includes(username.toLowerCase())) return 'contains_username';
  if (lower === username.toLowerCase()) return 'contains_username';
  if (COMMON.has(lower)) return 'common';
  return undefined;
}

const MESSAGES: Record<PasswordProblem, string> = {
  too_short: `密码至少 ${MIN_PASSWORD_LENGTH} 个字符 / The password must have at least ${MIN_PASSWORD_LENGTH} characters`,
  too_long: `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符 / The password may have at most ${MAX_PASSWORD_LENGTH} characters`,
  contains_username: '密码不能包含用户名 / The password must not contain the username',
  common:
    '该密码过于常见，容易被猜中，请换一个 / This password is too common and easily guessed: choose another',
};

/** Throws a validation error naming the rule, in Chinese and English. */
export function assertPasswordAllowed(password: string, username: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError('validation_failed', MESSAGES[problem], { rule: problem });
}
