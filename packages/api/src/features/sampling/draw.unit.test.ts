import { describe, expect, it } from 'vitest';
import { compileRuleSet, defaultRuleSet } from '@qingyuan/rules';
import { drawKey, reachableMobile, stratumTarget } from './draw.ts';

describe('stratumTarget', () => {
  it.each([
    [72_190_00, 0.01, null, 72_190],
    [1_000, 0.01, null, 10],
    [40, 0.01, null, 1],
    [0, 0.01, null, 0],
    [5_000, null, 600, 600],
    [300, null, 600, 300],
  ])('population %i, rate %s, size %s → %i', (population, rate, size, expected) => {
    expect(stratumTarget(population, { rate, sizePerStratum: size })).toBe(expected);
  });
});

describe('drawKey', () => {
  it('is md5(seed:id) in hex, as PostgreSQL computes it', () => {
    // computed independently: echo -n 's:1' | md5sum
    expect(drawKey('s', 1)).toBe('b7348ffd685d297e1dc2c0199372b418');
    expect(drawKey('s', 1)).not.toBe(drawKey('s', 2));
  });
});

describe('reachableMobile', () => {
  const rules = compileRuleSet(defaultRuleSet, { today: '2026-11-28' });
  const record = (mobile: string) => ({
    customer_no: '1',
    name: '张三',
    customer_type: 'residential' as const,
    cert_type: 'resident_id' as const,
    cert_no: '',
    mobile,
    landline: '',
    address: '',
    region: {},
  });
  it.each([
    ['13924681357', '13924681357'],
    ['+86 139 2468 1357', '13924681357'],
    ['13800000000', undefined],
    ['', undefined],
    ['0871-65123456', undefined],
    ['13912345678', undefined],
  ])('%s → %s', (mobile, expected) => {
    expect(reachableMobile(rules, record(mobile))).toBe(expected);
  });
});
