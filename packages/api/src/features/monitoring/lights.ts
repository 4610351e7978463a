// Red / yellow / green (红黄绿灯预警) for one unit's week, as data: which thresholds it crossed.
// Pure, so the page, the SMS and the tests judge a unit the same way.
import type { LightReason, MonitoringSettings } from '@qingyuan/contract/monitoring';
import type { TrafficLight } from '../../db/schema.ts';

export const DEFAULT_MONITORING: MonitoringSettings = {
  targetScore: 95,
  redScoreMargin: 5,
  newDefectsYellowPerMille: 5,
  newDefectsRedPerMille: 20,
  gateRiseYellowPts: 2,
  gateRiseRedPts: 5,
  reverifyMonths: 12,
};

export interface WeekFigures {
  customers: number;
  /** null when no customer was checked */
  score: number | null;
  newDefects: number | null;
  /** entry-gate failure rate (0–1) this week and the week before; null without records */
  gateRate: number | null;
  gateRatePrev: number | null;
}

/** The light and why; null when there is nothing to judge (no checked customer, no gate record). */
export function lightOf(
  f: WeekFigures,
  s: MonitoringSettings,
): { light: TrafficLight | null; reasons: LightReason[] } {
  const red: LightReason[] = [];
  const yellow: LightReason[] = [];
  if (f.score !== null) {
    if (f.score < s.targetScore - s.redScoreMargin) red.push('score_far_below_target');
    else if (f.score < s.targetScore) yellow.push('score_below_target');
  }
  if (f.newDefects !== null && f.customers > 0) {
    const perMille = (f.newDefects / f.customers) * 1000;
    if (perMille >= s.newDefectsRedPerMille) red.push('new_defects_very_high');
    else if (perMille >= s.newDefectsYellowPerMille) yellow.push('new_defects_high');
  }
  if (f.gateRate !== null && f.gateRatePrev !== null) {
    const rise = (f.gateRate - f.gateRatePrev) * 100;
    if (rise >= s.gateRiseRedPts) red.push('gate_failure_rising_fast');
    else if (rise >= s.gateRiseYellowPts) yellow.push('gate_failure_rising');
  }
  if (f.score === null && f.gateRate === null) return { light: null, reasons: [] };
  if (red.length > 0) return { light: 'red', reasons: [...red, ...yellow] };
  if (yellow.length > 0) return { light: 'yellow', reasons: yellow };
  return { light: 'green', reasons: [] };
}
