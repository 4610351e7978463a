// Quality monitoring (质量监测): weekly figures and red/yellow/green lights per unit, their
// thresholds, and re-verification (复核) due counts per station.
import { z } from 'zod';

export const MonitoringSettingsSchema = z.object({
  /** 质量分目标: the share (%) of checked customers without an error a unit should keep. */
  targetScore: z.number().min(0).max(100),
  /** Red when the score is this many points or more below the target (yellow when below it). */
  redScoreMargin: z.number().min(0).max(100),
  /** New defects in a week per 1,000 customers: yellow from this rate on… */
  newDefectsYellowPerMille: z.number().min(0).max(1000),
  /** …red from this one. */
  newDefectsRedPerMille: z.number().min(0).max(1000),
  /** Entry-gate failure rate up on the week by this many points: yellow… */
  gateRiseYellowPts: z.number().min(0).max(100),
  /** …and red. */
  gateRiseRedPts: z.number().min(0).max(100),
  /** Contact data verified longer ago than this is due for re-verification. */
  reverifyMonths: z.number().int().min(1).max(120),
});
export type MonitoringSettings = z.infer<typeof MonitoringSettingsSchema>;

export const LIGHT_REASONS = [
  'score_below_target',
  'score_far_below_target',
  'new_defects_high',
  'new_defects_very_high',
  'gate_failure_rising',
  'gate_failure_rising_fast',
] as const;
export const LightReasonSchema = z.enum(LIGHT_REASONS);
export type LightReason = z.infer<typeof LightReasonSchema>;
const Light = z.enum(['green', 'yellow', 'red']).nullable();

export const WeekQuerySchema = z.object({
  unit: z.string().min(1).max(20).optional(),
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/)
    .optional(),
});

export const UnitFiguresSchema = z.object({
  level: z.enum(['province', 'city', 'county', 'station']),
  code: z.string().nullable(),
  name: z.string(),
  customers: z.number(),
  customersWithError: z.number(),
  /** 100 × (1 − customers with an error ÷ customers checked); null when nothing was checked */
  score: z.number().nullable(),
  scoreChange: z.number().nullable(),
  openDefects: z.number(),
  /** null: no earlier week to compare with */
  newDefects: z.number().nullable(),
  fixedDefects: z.number().nullable(),
  gateRecords: z.number(),
  gateErrors: z.number(),
  gateRate: z.number().nullable(),
  gateRatePrev: z.number().nullable(),
  light: Light,
  reasons: z.array(LightReasonSchema),
});
export type UnitFigures = z.infer<typeof UnitFiguresSchema>;

export const OverviewSchema = z.object({
  /** null: no week computed yet */
  week: z.string().nullable(),
  weeks: z.array(z.string()),
  computedAt: z.string().nullable(),
  unit: UnitFiguresSchema.nullable(),
  units: z.array(UnitFiguresSchema),
  settings: MonitoringSettingsSchema,
});
export type Overview = z.infer<typeof OverviewSchema>;

export const TrendSchema = z.object({
  code: z.string().nullable(),
  name: z.string(),
  items: z.array(
    z.object({
      week: z.string(),
      score: z.number().nullable(),
      newDefects: z.number().nullable(),
      fixedDefects: z.number().nullable(),
      gateRate: z.number().nullable(),
      light: Light,
    }),
  ),
});
export type Trend = z.infer<typeof TrendSchema>;

export const RuleMovesSchema = z.object({
  week: z.string().nullable(),
  items: z.array(
    z.object({
      ruleId: z.string(),
      openDefects: z.number(),
      newDefects: z.number().nullable(),
      fixedDefects: z.number().nullable(),
    }),
  ),
});
export type RuleMoves = z.infer<typeof RuleMovesSchema>;

export const SettingsHistorySchema = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      old: MonitoringSettingsSchema.nullable(),
      new: MonitoringSettingsSchema,
      changedBy: z.string().nullable(),
      changedAt: z.string(),
    }),
  ),
});

export const RefreshResultSchema = z.object({
  week: z.string(),
  stations: z.number(),
  hasBaseline: z.boolean(),
  dueStations: z.number(),
});
export type RefreshResult = z.infer<typeof RefreshResultSchema>;

export const DueListSchema = z.object({
  computedAt: z.string().nullable(),
  reverifyMonths: z.number(),
  totals: z.object({ due: z.number(), stale: z.number(), bounced: z.number(), shared: z.number() }),
  items: z.array(
    z.object({
      stationCode: z.string(),
      stationName: z.string(),
      cityCode: z.string(),
      countyCode: z.string(),
      due: z.number(),
      stale: z.number(),
      bounced: z.number(),
      shared: z.number(),
    }),
  ),
});
export type DueList = z.infer<typeof DueListSchema>;

export const SettingsSavedSchema = z.object({ changed: z.boolean() });
export type SettingsSaved = z.infer<typeof SettingsSavedSchema>;
