import { describe, expect, it } from 'vitest';
import { isoWeekOfDay, mondayOfIsoWeek, shanghaiDate, weekDueAt, weeksDueBetween } from './periods.ts';
import { competitionRanks, expectedPct, trafficLight } from './status.ts';

const target = { targetPct: 100, deadline: '2026-12-31' };

describe('target trajectory and traffic lights', () => {
  it('is linear from the phase start to the deadline, flat afterwards', () => {
    expect(expectedPct(target, '2026-12-01', '2026-12-01')).toBe(0);
    expect(expectedPct(target, '2026-12-01', '2026-12-16')).toBe(50);
    expect(expectedPct(target, '2026-12-01', '2027-01-10')).toBe(100);
  });
  it.each([
    // completion, today, margin → status
    [50, '2026-12-16', 5, 'green'], // exactly on the trajectory
    [60, '2026-12-16', 5, 'green'], // ahead
    [45, '2026-12-16', 5, 'yellow'], // behind by the margin
    [44.99, '2026-12-16', 5, 'red'], // behind by more
    [44.99, '2026-12-16', 10, 'yellow'], // a wider margin is configurable
    [99.5, '2027-01-02', 5, 'red'], // past the deadline, unfinished
    [100, '2027-01-02', 5, 'green'], // past the deadline, done
  ] as const)('%s%% on %s with margin %s → %s', (completion, today, margin, status) => {
    expect(trafficLight(completion, target, '2026-12-01', today, margin).status).toBe(status);
  });
});

describe('ranking ties', () => {
  it('uses standard competition ranking (1, 2, 2, 4) on the displayed two decimals', () => {
    const items = [
      { c: 'a', v: 90 },
      { c: 'b', v: 80.001 },
      { c: 'c', v: 80.004 },
      { c: 'd', v: 70 },
      { c: 'e', v: 95 },
    ];
    const ranks = competitionRanks(items, (i) => i.v);
    expect(items.map((i) => [i.c, ranks.get(i)])).toEqual([
      ['a', 2],
      ['b', 3],
      ['c', 3],
      ['d', 5],
      ['e', 1],
    ]);
  });
});

describe('calendar in Asia/Shanghai', () => {
  it('dates an instant in Shanghai, not UTC', () => {
    expect(shanghaiDate(new Date('2026-11-27T16:30:00Z'))).toBe('2026-11-28');
  });
  it('numbers ISO weeks across the year end', () => {
    expect(isoWeekOfDay('2026-11-27')).toBe('2026-W48');
    expect(isoWeekOfDay('2027-01-01')).toBe('2026-W53');
    expect(mondayOfIsoWeek('2026-W48')).toBe('2026-11-23');
  });
  it('makes a weekly summary due on its Friday at 18:00 Shanghai time', () => {
    expect(weekDueAt('2026-W48').toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(weeksDueBetween('2026-11-16', new Date('2026-11-27T10:00:00Z'))).toEqual(['2026-W47', '2026-W48']);
  });
});

describe('rates carry a 95 % interval', () => {
  it('gives the Wilson interval, narrowing as the sample grows', async () => {
    const { wilson95 } = await import('../dashboard/service.ts');
    expect(wilson95(0, 0)).toBeNull();
    const [lo, hi] = wilson95(90, 100)!;
    expect(lo).toBeCloseTo(0.8256, 3);
    expect(hi).toBeCloseTo(0.9448, 3);
    const [lo2, hi2] = wilson95(900, 1000)!;
    expect(hi2 - lo2).toBeLessThan(hi - lo);
  });
});
