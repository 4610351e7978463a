// The campaign: phases, pilot stations, targets, evaluation settings, snapshots, work reports.
import { z } from 'zod';
import { PHASES } from './campaign-values.ts';

export { PHASES };
export const PhaseKeySchema = z.enum(PHASES);
export type PhaseKey = z.infer<typeof PhaseKeySchema>;
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD / date must be YYYY-MM-DD');

export const PhaseSchema = z.object({ phase: PhaseKeySchema, startsOn: Day, endsOn: Day });
export type Phase = z.infer<typeof PhaseSchema>;
export const PhasesBodySchema = z.object({ phases: z.array(PhaseSchema).min(1).max(3) });

export const PilotBodySchema = z.object({ stationCodes: z.array(z.string().min(1)).max(1000) });

export const TargetSchema = z.object({
  cityCode: z.string().min(1),
  phase: PhaseKeySchema,
  targetPct: z.number().min(0).max(100),
  deadline: Day,
});
export type TargetInput = z.infer<typeof TargetSchema>;
export const TargetsBodySchema = z.object({ targets: z.array(TargetSchema).min(1).max(500) });

export const WeightsSchema = z.object({
  progress: z.number().min(0).max(100),
  normativity: z.number().min(0).max(100),
  timeliness: z.number().min(0).max(100),
  quality: z.number().min(0).max(100),
  sample: z.number().min(0).max(100),
});
export type Weights = z.infer<typeof WeightsSchema>;
export const SettingsSchema = z.object({
  /** Percentage points behind the trajectory that are still yellow. */
  yellowMarginPct: z.number().min(0).max(100),
  weights: WeightsSchema,
  /**
   * The 导入系统 step: false (default) counts a corrected customer as done only once its corrections
   * are written back to the marketing system (已回写 or 源系统已确认); true counts corrections made
   * inside Qingyuan.
   */
  countCorrectionsInQingyuan: z.boolean().default(false),
});
export type Settings = z.infer<typeof SettingsSchema>;
/** Settings as a client sends them (defaults not yet applied). */
export type SettingsInput = z.input<typeof SettingsSchema>;

export const PilotStationSchema = z.object({
  stationCode: z.string(),
  stationName: z.string(),
  cityCode: z.string(),
  countyCode: z.string(),
});
export const TargetDtoSchema = TargetSchema.extend({ updatedAt: z.string() });
export const CAMPAIGN_STATUSES = ['draft', 'active', 'closed'] as const;
export const CampaignStatusSchema = z.enum(CAMPAIGN_STATUSES);
export type CampaignStatus = z.infer<typeof CampaignStatusSchema>;

export const CampaignDtoSchema = z.object({
  id: z.number(),
  name: z.string(),
  status: CampaignStatusSchema,
  today: z.string(),
  currentPhase: PhaseKeySchema.nullable(),
  phases: z.array(PhaseSchema),
  cities: z.array(z.object({ code: z.string(), name: z.string() })),
  pilotStations: z.array(PilotStationSchema),
  targets: z.array(TargetDtoSchema),
  settings: SettingsSchema,
});
export type CampaignDto = z.infer<typeof CampaignDtoSchema>;

export const OkSchema = z.object({ ok: z.literal(true) });
export const TargetsResultSchema = z.object({ changed: z.number() });
export type TargetsResult = z.infer<typeof TargetsResultSchema>;

export const TargetHistorySchema = z.object({
  items: z.array(
    z.object({
      id: z.number(),
      cityCode: z.string(),
      phase: PhaseKeySchema,
      oldTargetPct: z.number().nullable(),
      oldDeadline: z.string().nullable(),
      newTargetPct: z.number(),
      newDeadline: z.string(),
      changedBy: z.string().nullable(),
      changedAt: z.string(),
    }),
  ),
});

export const SnapshotBodySchema = z.object({ kind: z.enum(['week', 'month']).default('week') });
export const SnapshotResultSchema = z.object({
  kind: z.enum(['week', 'month']),
  periodKey: z.string(),
  isNew: z.boolean(),
  units: z.number(),
  /** on_time at the cut-off; early before it (a confirmed manual send); late after downtime. */
  timing: z.enum(['on_time', 'early', 'late']),
});
export type SnapshotResult = z.infer<typeof SnapshotResultSchema>;

export const StationPlanSchema = z.object({
  stationCode: z.string().min(1),
  planned: z.number().int().min(0).max(10_000_000),
  note: z.string().max(500).default(''),
});
export const WorkReportBodySchema = z.object({
  kind: z.enum(['week', 'month']),
  periodKey: z.string().regex(/^\d{4}-(W\d{2}|\d{2})$/),
  done: z.string().max(4000).default(''),
  problems: z.string().max(4000).default(''),
  plan: z.string().max(4000).default(''),
  stationPlan: z.array(StationPlanSchema).max(500).default([]),
});
export type WorkReportBody = z.infer<typeof WorkReportBodySchema>;
/** What a client sends (defaults not yet applied). */
export type WorkReportInput = z.input<typeof WorkReportBodySchema>;
export const WorkReportDtoSchema = WorkReportBodySchema.extend({
  cityCode: z.string(),
  dueAt: z.string(),
  firstSubmittedAt: z.string(),
  submittedAt: z.string(),
  isLate: z.boolean(),
});
export type WorkReport = z.infer<typeof WorkReportDtoSchema>;
/** PUT /work-reports answers with the report as stored, without its submission times. */
export const SubmittedWorkReportSchema = WorkReportDtoSchema.omit({
  firstSubmittedAt: true,
  submittedAt: true,
});
export type SubmittedWorkReport = z.infer<typeof SubmittedWorkReportSchema>;
export const WorkReportListSchema = z.object({
  currentWeek: z.string(),
  currentMonth: z.string(),
  items: z.array(WorkReportDtoSchema),
});
export type WorkReportList = z.infer<typeof WorkReportListSchema>;

/** ?campaignId=: a cycle other than the one shown by default (the active, else the last closed). */
export const CycleQuerySchema = z.object({ campaignId: z.coerce.number().int().positive().optional() });
export const CycleParamsSchema = z.object({ id: z.coerce.number().int().positive() });
export const NewCycleBodySchema = z.object({ name: z.string().trim().min(1).max(100) });
export const CycleSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  status: CampaignStatusSchema,
  createdAt: z.string(),
  activatedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  /** the cycle's last weekly snapshot, for the province */
  lastWeek: z.string().nullable(),
  inScope: z.number().nullable(),
  verified: z.number().nullable(),
  completionPct: z.number().nullable(),
});
export type CycleSummary = z.infer<typeof CycleSummarySchema>;
export const CycleListSchema = z.object({ items: z.array(CycleSummarySchema) });
export type CycleList = z.infer<typeof CycleListSchema>;
export const CreatedCycleSchema = z.object({ id: z.number() });
export type CreatedCycle = z.infer<typeof CreatedCycleSchema>;
export const CustomerHistorySchema = z.object({
  items: z.array(
    z.object({
      /** null: verified between cycles */
      campaignId: z.number().nullable(),
      campaignName: z.string().nullable(),
      state: z.string(),
      source: z.string(),
      at: z.string(),
    }),
  ),
});
export type CustomerHistory = z.infer<typeof CustomerHistorySchema>;
