import { describe, expect, it } from 'vitest';
import { NumberSet, SeenKeys } from './validate-customer.ts';

describe('NumberSet', () => {
  it('holds every number added, and no other, across growth', () => {
    const set = new NumberSet();
    // 13-digit customer numbers that share their prefix and suffix, as a utility's do
    const added: number[] = [];
    for (let i = 0; i < 200_000; i++) added.push(5301000000001 + i * 100);
    for (const n of added) set.add(n);
    set.add(added[0]!); // twice: counted once
    expect(set.size).toBe(added.length);
    expect(added.every((n) => set.has(n))).toBe(true);
    expect([5301000000000, 5301000000002, 5301000000102, 2 ** 53 - 1].some((n) => set.has(n))).toBe(false);
  });

  it('refuses what it cannot hold', () => {
    const set = new NumberSet();
    expect(() => set.add(0)).toThrow(RangeError);
    expect(() => set.add(2 ** 53)).toThrow(RangeError);
    expect(() => set.add(1.5)).toThrow(RangeError);
  });
});

describe('SeenKeys', () => {
  it('tells customer numbers apart whether they read as numbers or not', () => {
    const seen = new SeenKeys();
    for (const k of ['5301000000001', '05301000000001', 'A-17', '1234567890123456']) seen.add(k);
    expect(['5301000000001', '05301000000001', 'A-17', '1234567890123456'].every((k) => seen.has(k))).toBe(
      true,
    );
    // a leading zero is another number; 16 digits are kept as text, exactly
    expect(['5301000000002', '005301000000001', 'a-17', '1234567890123457'].some((k) => seen.has(k))).toBe(
      false,
    );
  });
});
