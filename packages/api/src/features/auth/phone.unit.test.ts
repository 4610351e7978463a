import { describe, expect, it } from 'vitest';
import { normalizeUserPhone } from './phone.ts';

describe('normalizeUserPhone', () => {
  it.each([
    ['13912345670', '+8613912345670'],
    ['139 1234 5670', '+8613912345670'],
    ['+86 139-1234-5670', '+8613912345670'],
    ['００８６13912345670', '+8613912345670'],
  ])('%s → %s', (raw, phone) => expect(normalizeUserPhone(raw)).toEqual({ phone }));

  it.each(['1391234567', '12345678901', '13800000000', '0871-65123456', 'abc'])('refuses %s', (raw) =>
    expect(normalizeUserPhone(raw)).toHaveProperty('problem'),
  );
});
