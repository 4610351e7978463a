// The area-code table is derived from libphonenumber-js/max: re-probe every code, so a metadata bump
// that adds, removes or re-lengthens an area code fails here (then regenerate area-codes.ts).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { AREA_CODES, splitArea, YUNNAN_AREA_BY_CITY } from './area-codes.ts';

const fixedLine = (n: string) => {
  const p = parsePhoneNumberFromString(n, 'CN');
  return p !== undefined && p.isValid() && p.getType() === 'FIXED_LINE';
};

describe('area codes', () => {
  it('every code accepts exactly its local lengths (local numbers starting 2–7)', () => {
    const candidates = [
      '10',
      ...Array.from({ length: 10 }, (_, i) => `2${i}`),
      ...Array.from({ length: 700 }, (_, i) => String(300 + i)),
    ];
    const wrong: string[] = [];
    for (const code of candidates) {
      const expected = AREA_CODES.get(code) ?? [];
      for (const len of [7, 8]) {
        const ok = [2, 5, 7].every((d) => fixedLine(`0${code}${d}${'234567890'.slice(0, len - 1)}`));
        if (ok !== expected.includes(len)) wrong.push(`0${code}/${len}`);
      }
    }
    expect(wrong).toEqual([]);
  });
  it('has the 16 Yunnan prefectures, all real', () => {
    expect(Object.keys(YUNNAN_AREA_BY_CITY)).toHaveLength(16);
    for (const code of Object.values(YUNNAN_AREA_BY_CITY)) expect(AREA_CODES.has(code), code).toBe(true);
    expect(AREA_CODES.get('871')).toEqual([8]);
    expect(AREA_CODES.get('877')).toEqual([7]);
  });
  it('splits 2- and 3-digit codes', () => {
    expect(splitArea('1062345678')).toEqual(['10', '62345678']);
    expect(splitArea('8772345678')).toEqual(['877', '2345678']);
  });
});
