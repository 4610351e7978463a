import { describe, expect, it } from 'vitest';
import { maskNumbersInText, type Principal } from './principal.ts';
import { PROVINCE } from './region.ts';

const viewer = (role: Principal['role']): Principal => ({
  kind: 'user',
  id: 1,
  username: 'u',
  name: 'u',
  role,
  region: PROVINCE,
});

describe('maskNumbersInText', () => {
  it('masks phone and ID numbers quoted in a message for roles that may not see them', () => {
    const text = '可自动修正为19817212512；固话0871-65123456；证件530102199001011234与张三重复';
    expect(maskNumbersInText(text, viewer('coordinator'))).toBe(
      '可自动修正为198****2512；固话087****3456；证件5301**********1234与张三重复',
    );
  });
  it('leaves them for roles that work with them, and leaves short numbers alone', () => {
    const text = '可自动修正为19817212512；3组45号';
    expect(maskNumbersInText(text, viewer('city_member'))).toBe(text);
    expect(maskNumbersInText('3组45号，共12户', viewer('manager'))).toBe('3组45号，共12户');
  });
  it('masks IDs but not phones for call-center agents, who call those numbers', () => {
    expect(maskNumbersInText('13812345678 / 530102199001011234', viewer('agent'))).toBe(
      '13812345678 / 5301**********1234',
    );
  });
});
