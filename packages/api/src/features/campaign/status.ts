// Red/yellow/green against the target trajectory, and ranking. Pure functions, unit-tested.
import { daysBetween } from './periods.ts';

export type TrafficLight = 'green' | 'yellow' | 'red';

export interface Target {
  targetPct: number;
  deadline: string;
}

/**
 * The target trajectory is linear from the phase start (0 %) to the target at the deadline, and
 * flat at the target afterwards. `today` is a Shanghai date (YYYY-MM-DD).
 */
export function expectedPct(target: Target, phaseStart: string, today: string): number {
  const span = daysBetween(phaseStart, target.deadline);
  if (span <= 0) return target.targetPct;
  const share = Math.min(1, Math.max(0, daysBetween(phaseStart, today) / span));
  return target.targetPct * share;
}

/**
 * green: at or above the trajectory; yellow: behind it by at most `yellowMargin` percentage points;
 * red: behind by more, or the deadline has passed with the target not reached.
 */
export function trafficLight(
  completionPct: number,
  target: Target,
  phaseStart: string,
  today: string,
  yellowMargin: number,
): { status: TrafficLight; expectedPct: number } {
  const expected = expectedPct(target, phaseStart, today);
  const behind = round2(expected) - round2(completionPct);
  let status: TrafficLight = behind <= 0 ? 'green' : behind <= yellowMargin ? 'yellow' : 'red';
  if (daysBetween(target.deadline, today) > 0 && round2(completionPct) < target.targetPct) status = 'red';
  return { status, expectedPct: expected };
}

export const round2 = (n: number) => Math.round(n * 100) / 100;

/**
 * Standard competition ranking ("1224"): higher value first; values equal when rounded to two
 * decimals (what the report shows) share a rank, and the next rank skips the tied places.
 */
export function competitionRanks<T>(items: readonly T[], valueOf: (item: T) => number): Map<T, number> {
  const sorted = [...items].sort((a, b) => round2(valueOf(b)) - round2(valueOf(a)));
  const ranks = new Map<T, number>();
  sorted.forEach((item, i) => {
    const prev = sorted[i - 1];
    const same = prev !== undefined && round2(valueOf(prev)) === round2(valueOf(item));
    ranks.set(item, same ? ranks.get(prev)! : i + 1);
  });
  return ranks;
}

export const completionPct = (verified: number, inScope: number) =>
  inScope > 0 ? (verified / inScope) * 100 : 0;
