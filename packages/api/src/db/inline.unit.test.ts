import { describe, expect, it } from 'vitest';
import { inlineParameters } from './inline.ts';

describe('inlineParameters', () => {
  it('replaces placeholders outside quotes, escaping strings', () => {
    expect(
      inlineParameters(`select '$1', "a$2" from t where a = $1 and b = $2 and c = $10 and d = 'it''s $3'`, [
        5,
        "o'k\\x",
        null,
        4,
        5,
        6,
        7,
        8,
        9,
        true,
      ]),
    ).toBe(`select '$1', "a$2" from t where a = 5 and b = E'o''k\\\\x' and c = true and d = 'it''s $3'`);
  });

  it('refuses what it cannot write safely', () => {
    expect(() => inlineParameters('select $1', [Number.NaN])).toThrow();
    expect(() => inlineParameters('select $1', ['a\0b'])).toThrow();
    expect(() => inlineParameters('select $1', [[1, 2]])).toThrow();
    expect(() => inlineParameters('select $2', [1])).toThrow();
    expect(() => inlineParameters("select 'open", [])).toThrow();
  });
});
