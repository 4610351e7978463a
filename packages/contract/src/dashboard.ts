// The dashboard: KPIs, ranking, trend, quality scores, entry-gate and work-report status, each
// for the caller's region or a unit inside it (?unit=).
import { z } from 'zod';
import { PHASES } from './campaign-values.ts';

export const UnitQuerySchema = z.object({ unit: z.string().min(1).max(20).optional() });

/** Week or month: the trend and the ranking read that kind of stored snapshot (months in Beijing time). */
export const PeriodKindSchema = z.enum(['week', 'month']);
export type PeriodKind = z.infer<typeof PeriodKindSchema>;
export const RankingQuerySchema = UnitQuerySchema.extend({ period: PeriodKindSchema.default('week') });

const Status = z.enum(['green', 'yellow', 'red']).nullable();
export type TrafficLight = NonNullable<z.infer<typeof Status>>;

const Region = z.object({
  level: z.enum(['province', 'city', 'county']),
  code: z.string().nullable(),
  cityCode: z.string().nullable(),
  countyCode: z.string().nullable(),
});

export const KpisSchema = z.object({
  region: Region,
  phase: z.enum(PHASES),
  customers: z.number(),
  inScope: z.number(),
  verified: z.number(),
  inField: z.number(),
  unreachable: z.number(),
  /** corrected customers whose corrections are not written back to the marketing system yet */
  awaitingWriteBack: z.number(),
  /** the campaign counts corrections inside Qingyuan as done (else only once written back) */
  countsCorrectionsInQingyuan: z.boolean(),
  completionPct: z.number(),
  expectedPct: z.number().nullable(),
  status: Status,
  smsSuccessRate: z.number().nullable(),
  smsFinished: z.number(),
  /** Of smsFinished, outcomes simulated by the outbox or the demo data (labelled 模拟). */
  smsSimulated: z.number(),
  smsInterval: z.tuple([z.number(), z.number()]).nullable(),
  callErrorRate: z.number().nullable(),
  openErrors: z.number(),
});
export type Kpis = z.infer<typeof KpisSchema>;

export const RankingSchema = z.object({
  period: PeriodKindSchema,
  periodKey: z.string().nullable(),
  cityCount: z.number().nullable(),
  items: z.array(
    z.object({
      level: z.enum(['province', 'city', 'county', 'station']),
      unitCode: z.string(),
      name: z.string(),
      cityCode: z.string().nullable(),
      inScope: z.number(),
      verified: z.number(),
      completionPct: z.number(),
      changePct: z.number().nullable(),
      rank: z.number().nullable(),
      rankChange: z.number().nullable(),
      expectedPct: z.number().nullable(),
      targetPct: z.number().nullable(),
      status: Status,
      liveCompletionPct: z.number().nullable(),
    }),
  ),
});
export type Ranking = z.infer<typeof RankingSchema>;
export type RankingItem = Ranking['items'][number];

export const TrendQuerySchema = RankingQuerySchema.extend({
  /** how many periods (weeks or months) back */
  weeks: z.coerce.number().int().min(1).max(104).default(26),
});

export const TrendSchema = z.object({
  period: PeriodKindSchema,
  units: z.array(z.object({ code: z.string(), name: z.string() })),
  points: z.array(
    z.object({
      periodKey: z.string(),
      /** The phase of that week: the pilot counts pilot stations only, the rollout all of them. */
      phase: z.enum(PHASES).nullable(),
      /** Customers in scope that week: the denominator of its completion. */
      inScope: z.number().nullable(),
      completionPct: z.number().nullable(),
      expectedPct: z.number().nullable(),
      values: z.record(z.string(), z.number()),
    }),
  ),
});
export type Trend = z.infer<typeof TrendSchema>;

const Score = z.number().nullable();

export const QualitySchema = z.object({
  periodKey: z.string().nullable(),
  items: z.array(
    z.object({
      cityCode: z.string(),
      name: z.string(),
      progress: Score,
      normativity: Score,
      timeliness: Score,
      quality: Score,
      sample: Score,
      score: z.number(),
      rank: z.number(),
      details: z.record(z.string(), z.number().nullable()),
    }),
  ),
});
export type Quality = z.infer<typeof QualitySchema>;

export const GateQuerySchema = UnitQuerySchema.extend({
  days: z.coerce.number().int().min(1).max(366).default(30),
});

export const GateSchema = z.object({
  since: z.string(),
  items: z.array(
    z.object({
      stationCode: z.string(),
      name: z.string(),
      records: z.number(),
      withError: z.number(),
      failRate: z.number().nullable(),
    }),
  ),
});
export type Gate = z.infer<typeof GateSchema>;

export const WorkStatusSchema = z.object({
  week: z.string(),
  dueAt: z.string(),
  items: z.array(
    z.object({
      cityCode: z.string(),
      name: z.string(),
      status: z.enum(['on_time', 'late', 'missing', 'pending']),
      submittedAt: z.string().nullable(),
    }),
  ),
});
export type WorkStatus = z.infer<typeof WorkStatusSchema>;

/** The round trip per city: open conflicts and their oldest age, corrections written back. */
export const RoundTripSchema = z.object({
  items: z.array(
    z.object({
      cityCode: z.string(),
      name: z.string(),
      openConflicts: z.number(),
      /** when the oldest open conflict was opened, and its age in whole days (null: none open) */
      oldestOpenAt: z.string().nullable(),
      oldestDays: z.number().nullable(),
      /** corrections (outbound changes not superseded) and those 已回写 or 源系统已确认 */
      corrections: z.number(),
      writtenBack: z.number(),
      /** writtenBack ÷ corrections, 0–100 (null: no corrections yet) */
      writtenBackPct: z.number().nullable(),
    }),
  ),
});
export type RoundTrip = z.infer<typeof RoundTripSchema>;
