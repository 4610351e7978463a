import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import { RegexParamsSchema, regexCheck } from './regex.ts';

describe('regex', () => {
  it.each([
    ['530426196503121012', { pattern: '^\\d{17}[\\dX]$' }, undefined],
    ['5304261965031210', { pattern: '^\\d{17}[\\dX]$' }, 'regex.mismatch'],
    ['张伟', { pattern: '^\\p{Script=Han}{2,6}$' }, undefined],
    ['Zhang', { pattern: '^\\p{Script=Han}{2,6}$', code: 'name.not_han' }, 'name.not_han'],
    ['邮政信箱12号', { pattern: '信箱', mustMatch: false }, 'regex.mismatch'],
    ['ABC', { pattern: '^abc$', flags: 'i' }, undefined],
  ])('%s with %j → %s', (v, params, code) =>
    expect(runCheck(regexCheck, 'address', v, params)?.code).toBe(code),
  );

  it.each([
    [{ pattern: '(a+)+$' }, 'catastrophic'],
    [{ pattern: '(x+x+)+y' }, 'catastrophic'],
    [{ pattern: '([a-z' }, 'does not compile'],
    [{ pattern: 'a'.repeat(501) }, '500'],
    [{ pattern: 'a', flags: 'g' }, 'flags'],
    [{ pattern: 42 }, 'string'],
    [{ pattern: 'a', extra: true }, 'extra'],
  ])('refuses %j', (params, message) => {
    const r = RegexParamsSchema.safeParse(params);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(new RegExp(message, 'i'));
  });
});
