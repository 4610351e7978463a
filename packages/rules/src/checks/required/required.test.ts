import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import { requiredCheck } from './required.ts';

describe('required', () => {
  it.each([
    ['', {}, 'required.missing'],
    ['   ', {}, 'required.missing'],
    ['\u200B\u3000', {}, 'required.missing'],
    ['-', { treatAsEmpty: ['-', '/'] }, 'required.stand_in'],
    ['张伟', {}, undefined],
    ['-', {}, undefined],
  ])('%j with %j → %s', (v, params, code) =>
    expect(runCheck(requiredCheck, 'name', v, params)?.code).toBe(code),
  );
});
