// 空号 are recognisable from the number alone: exactly the customers labelled empty_number carry
// a number of the empty slice, so the SMS outbox can fail them without reading labels.csv.
import { expect, it } from 'vitest';
import { generateCustomers, generateOrgUnits } from './generate.ts';
import { isEmptyNumber } from './phones.ts';

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

it('reads the number in any of its usual spellings, and only mobiles', () => {
  const empties: string[] = [];
  for (let n = 13_800_000_000; empties.length < 3; n++) if (isEmptyNumber(String(n))) empties.push(String(n));
  const [e] = empties as [string];
  expect(isEmptyNumber(`+86${e}`)).toBe(true);
  expect(isEmptyNumber(`${e.slice(0, 3)} ${e.slice(3, 7)} ${e.slice(7)}`)).toBe(true);
  expect(isEmptyNumber(e.slice(0, 10))).toBe(false);
  // about one number in 64
  let hits = 0;
  for (let n = 0; n < 64_000; n++) if (isEmptyNumber(String(13_900_000_000 + n * 7))) hits++;
  expect(hits).toBeGreaterThan(800);
  expect(hits).toBeLessThan(1_200);
});
