import { describe, expect, it } from 'vitest';
import { backoffMs, isInWindow, msUntilOpen } from './window.ts';

const day = { startHour: 8, endHour: 21, timeZone: 'Asia/Shanghai' };

describe('sending window (Asia/Shanghai)', () => {
  it.each([
    ['2026-11-30T23:59:00Z', false], // 07:59
    ['2026-12-01T00:00:00Z', true], // 08:00
    ['2026-11-30T12:59:59Z', true], // 20:59:59
    ['2026-11-30T13:00:00Z', false], // 21:00
    ['2026-11-30T18:00:00Z', false], // 02:00
  ])('%s open: %s', (iso, open) => {
    expect(isInWindow(new Date(iso), day)).toBe(open);
  });

  it('waits until 08:00 local time', () => {
    expect(msUntilOpen(new Date('2026-11-30T13:00:00Z'), day)).toBe(11 * 3600_000);
    expect(msUntilOpen(new Date('2026-11-30T23:59:30Z'), day)).toBe(30_000);
    expect(msUntilOpen(new Date('2026-11-30T05:00:00Z'), day)).toBe(0);
  });

  it('supports a window across midnight and an always-open one', () => {
    const night = { startHour: 22, endHour: 6, timeZone: 'Asia/Shanghai' };
    expect(isInWindow(new Date('2026-11-30T15:00:00Z'), night)).toBe(true); // 23:00
    expect(isInWindow(new Date('2026-11-30T04:00:00Z'), night)).toBe(false); // 12:00
    expect(isInWindow(new Date('2026-11-30T18:00:00Z'), { ...day, startHour: 0, endHour: 24 })).toBe(true);
  });
});

it('doubles the wait per retry, capped at six hours', () => {
  expect([1, 2, 3, 4].map((n) => backoffMs(n, 30))).toEqual([30_000, 60_000, 120_000, 240_000]);
  expect(backoffMs(20, 30)).toBe(6 * 3600_000);
});
