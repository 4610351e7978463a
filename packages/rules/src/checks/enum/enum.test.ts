import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import { EnumParamsSchema, enumCheck } from './enum.ts';

describe('enum', () => {
  const values = ['resident_id', 'uscc', 'other'];
  it.each([
    ['resident_id', { values }, undefined],
    [' uscc ', { values }, undefined],
    ['passport', { values }, 'enum.not_allowed'],
    ['USCC', { values }, 'enum.not_allowed'],
    ['USCC', { values, caseSensitive: false }, undefined],
  ])('%j with %j → %s', (v, params, code) =>
    expect(runCheck(enumCheck, 'cert_type', v, params)?.code).toBe(code),
  );

  it('refuses an empty list', () => expect(EnumParamsSchema.safeParse({ values: [] }).success).toBe(false));
});
