// The change feed back to the marketing system (回写): corrections out, acknowledgements in.
import { z } from 'zod';

/** 已更正 → 已导出 → 已回写 → 源系统已确认; or 已拒绝 by the source */
export const ChangeStateSchema = z.enum(['corrected', 'exported', 'written_back', 'confirmed', 'rejected']);
export type ChangeState = z.infer<typeof ChangeStateSchema>;

export const ChangeSourceSchema = z.enum([
  'load',
  'worksheet',
  'call',
  'sms',
  'api',
  'manual',
  'resolution',
  'retention',
]);

export const OutboundChangeSchema = z.object({
  /** the feed id: increases with every change; page with ?after= */
  id: z.number(),
  customerNo: z.string(),
  stationCode: z.string(),
  cityCode: z.string(),
  field: z.string(),
  /** the value the marketing system last sent */
  baseValue: z.string(),
  newValue: z.string(),
  /** how the value was verified */
  verifiedBy: ChangeSourceSchema,
  ref: z.string().nullable(),
  userName: z.string().nullable(),
  changedAt: z.string(),
  state: ChangeStateSchema,
  ackReason: z.string().nullable(),
});
export type OutboundChange = z.infer<typeof OutboundChangeSchema>;

export const ChangeFeedQuerySchema = z.object({
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(5000).default(1000),
});
export const ChangeFeedSchema = z.object({
  items: z.array(OutboundChangeSchema),
  /** pass as ?after= for the next page (the last id returned, or the one given) */
  nextAfter: z.number(),
});
export type ChangeFeed = z.infer<typeof ChangeFeedSchema>;

export const AckStatusSchema = z.enum(['applied', 'rejected']);
export const AckItemSchema = z.object({
  id: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  status: AckStatusSchema,
  reason: z.string().max(500).optional(),
});
export type AckItem = z.infer<typeof AckItemSchema>;
export const AckRequestSchema = z.object({ items: z.array(AckItemSchema).min(1).max(100_000) });
export const AckResultSchema = z.object({
  applied: z.number(),
  rejected: z.number(),
  /** acknowledged before with the same status (acknowledging is idempotent) */
  unchanged: z.number(),
});
export type AckResult = z.infer<typeof AckResultSchema>;

export const ChangeFileQuerySchema = z.object({
  unit: z.string().max(40).optional(),
  after: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  format: z.enum(['csv', 'xlsx']).default('xlsx'),
});

export const WritebackCitySchema = z.object({
  cityCode: z.string(),
  cityName: z.string(),
  corrected: z.number(),
  exported: z.number(),
  writtenBack: z.number(),
  confirmed: z.number(),
  rejected: z.number(),
  /** written back or confirmed ÷ all corrections, 0–100 (null: none yet) */
  writtenBackPct: z.number().nullable(),
});
export type WritebackCity = z.infer<typeof WritebackCitySchema>;
export const WritebackSummarySchema = z.object({
  cities: z.array(WritebackCitySchema),
  items: z.array(OutboundChangeSchema),
});
export type WritebackSummary = z.infer<typeof WritebackSummarySchema>;
