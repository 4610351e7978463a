// 空号 are recognisable from the number alone: exactly the customers labelled empty_number carry
// a number of the outbox's empty slice, so the SMS outbox can fail them without reading labels.csv.
import { expect, it } from 'vitest';
import { generateCustomers, generateOrgUnits } from './generate.ts';
import { isEmptyNumber } from '../../features/sms/outbox-carrier.ts';

it('gives empty numbers to the empty_number customers and to no one else', () => {
  const rows = [...generateCustomers({ customers: 40_000, seed: 11, defectRate: 0.2 }, generateOrgUnits())];
  const labelled = rows.filter((r) => r.defects.some((d) => d.kind === 'empty_number'));
  expect(labelled.length).toBeGreaterThan(50);
  expect(labelled.every((r) => isEmptyNumber(r.customer.mobile))).toBe(true);
  // (a spoilt mobile of another kind — a random unallocated segment — may hash into the slice: it
  // fails the rules engine, so it is never sampled for an SMS)
  const others = rows.filter((r) => !r.defects.some((d) => d.field === 'mobile'));
  expect(others.filter((r) => isEmptyNumber(r.customer.mobile)).map((r) => r.customer.mobile)).toEqual([]);
});
