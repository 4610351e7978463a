// Evaluation of the city companies on five dimensions, each scored 0–100, combined with the
// configured weights. A dimension without data (no SMS sample yet, no calls) is left out and the
// remaining weights are re-scaled, so a city is never punished for data that does not exist yet.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { PROVINCE } from '../auth/region.ts';
import { shanghaiInstant, weeksDueBetween } from './periods.ts';
import type { Weights } from '@qingyuan/contract/campaign';
import * as sq from './snapshot-queries.ts';
import { competitionRanks } from './status.ts';

export const DIMENSIONS = ['progress', 'normativity', 'timeliness', 'quality', 'sample'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export interface CityEvaluation {
  cityCode: string;
  scores: Record<Dimension, number | null>;
  score: number;
  rank: number;
  details: {
    completionPct: number;
    rulePassRate: number | null;
    smsSuccessRate: number | null;
    callErrorRate: number | null;
    weeksDue: number;
    weeksOnTime: number;
    gatePassRate: number | null;
    sampleConfirmedRate: number | null;
  };
}

const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);
const mean = (values: (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? present.reduce((a, b) => a + b, 0) / present.length : null;
};

/** Weighted score over the dimensions that have data; weights re-scaled to those. */
export function weightedScore(scores: Record<Dimension, number | null>, weights: Weights): number {
  let sum = 0;
  let weight = 0;
  for (const d of DIMENSIONS) {
    const s = scores[d];
    if (s === null || weights[d] <= 0) continue;
    sum += s * weights[d];
    weight += weights[d];
  }
  return weight > 0 ? sum / weight : 0;
}

export async function evaluateCities(
  db: Kysely<Database>,
  input: {
    campaignId: number;
    cities: { cityCode: string; completionPct: number; targetPct: number | null }[];
    campaignStart: string | null;
    now: Date;
    weights: Weights;
    /** Count the outbox's simulated SMS outcomes (demo data only). */
    includeSimulated?: boolean;
  },
): Promise<CityEvaluation[]> {
  const weeks = input.campaignStart ? weeksDueBetween(input.campaignStart, input.now) : [];
  // SMS and calls of this campaign only: from its first day (Shanghai) to the snapshot's time
  const window = {
    from: input.campaignStart ? shanghaiInstant(input.campaignStart, 0) : undefined,
    to: input.now,
    includeSimulated: input.includeSimulated ?? false,
  };
  const [rules, sms, calls, gate, onTime, sample] = await Promise.all([
    sq.findRulePassCounts(db),
    sq.findSmsDelivery(db, PROVINCE, window),
    sq.findCallErrorRates(db, PROVINCE, window),
    sq.findGateTotals(db, input.campaignStart ?? '1970-01-01'),
    sq.findOnTimeWeekly(db, input.campaignId, weeks),
    sq.findSampleResults(db, input.campaignId),
  ]);
  const by = <T extends { city_code: string | null }>(rows: T[]) =>
    new Map(rows.map((r) => [r.city_code, r]));
  const [rulesBy, smsBy, gateBy, onTimeBy, sampleBy] = [by(rules), by(sms), by(gate), by(onTime), by(sample)];
  const evaluations = input.cities.map((c) => {
    const r = rulesBy.get(c.cityCode);
    const rulePassRate = r ? rate(r.checked - r.with_error, r.checked) : null;
    const s = smsBy.get(c.cityCode);
    const smsSuccessRate = s ? rate(s.delivered, s.finished) : null;
    const call = calls.get(c.cityCode);
    const callErrorRate = call ? rate(call.errors, call.calls) : null;
    const g = gateBy.get(c.cityCode);
    const gatePassRate = g ? rate(g.records - g.with_error, g.records) : null;
    const weeksOnTime = onTimeBy.get(c.cityCode)?.on_time ?? 0;
    const sa = sampleBy.get(c.cityCode);
    const sampleConfirmedRate = sa ? rate(sa.confirmed, sa.verified) : null;
    const normativity = mean([
      rulePassRate,
      smsSuccessRate,
      callErrorRate === null ? null : 1 - callErrorRate,
    ]);
    const scores: Record<Dimension, number | null> = {
      // progress against the phase target (capped at 100): a city at its target scores full marks
      progress: c.targetPct ? Math.min(100, (c.completionPct / c.targetPct) * 100) : c.completionPct,
      normativity: normativity === null ? null : normativity * 100,
      timeliness: weeks.length > 0 ? (weeksOnTime / weeks.length) * 100 : null,
      quality: gatePassRate === null ? null : gatePassRate * 100,
      sample: sampleConfirmedRate === null ? null : sampleConfirmedRate * 100,
    };
    return {
      cityCode: c.cityCode,
      scores,
      score: weightedScore(scores, input.weights),
      rank: 0,
      details: {
        completionPct: c.completionPct,
        rulePassRate,
        smsSuccessRate,
        callErrorRate,
        weeksDue: weeks.length,
        weeksOnTime,
        gatePassRate,
        sampleConfirmedRate,
      },
    };
  });
  const ranks = competitionRanks(evaluations, (e) => e.score);
  for (const e of evaluations) e.rank = ranks.get(e)!;
  return evaluations;
}
