import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import { LengthParamsSchema, codePointLength, lengthCheck } from './length.ts';

describe('length', () => {
  it('counts code points: 张𠮷 is 2 characters', () => expect(codePointLength('张𠮷')).toBe(2));
  it.each([
    ['张𠮷', { min: 2, max: 2 }, undefined],
    ['张', { min: 2 }, 'length.too_short'],
    ['张王李赵陈刘杨', { max: 6 }, 'length.too_long'],
    ['峨山县双江街道', { min: 4, max: 100 }, undefined],
  ])('%s with %j → %s', (v, params, code) =>
    expect(runCheck(lengthCheck, 'name', v, params)?.code).toBe(code),
  );
  it.each([[{}], [{ min: 5, max: 2 }], [{ min: '2' }], [{ max: 0 }]])('refuses %j', (p) =>
    expect(LengthParamsSchema.safeParse(p).success).toBe(false),
  );
});
