// The SMS check: send a sampling plan, watch its delivery. (Twilio's webhook forms are Twilio's
// shapes, not ours: they stay in the API's sms feature.)
import { z } from 'zod';

export const PlanParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const SendPlanBodySchema = z.object({
  /** Defaults to SMS_SAMPLING_TEMPLATE, else the built-in text. */
  template: z.string().max(2_000).optional(),
});

export const SendPlanResultSchema = z.object({
  planId: z.number(),
  members: z.number(),
  queued: z.number(),
  alreadyQueued: z.number(),
  skipped: z.array(z.object({ customerId: z.number(), reason: z.string() })),
});
export type SendPlanResult = z.infer<typeof SendPlanResultSchema>;

export const DeliveryRowSchema = z.object({
  code: z.string(),
  name: z.string(),
  total: z.number(),
  waiting: z.number(),
  sent: z.number(),
  delivered: z.number(),
  failed: z.number(),
  pending: z.number(),
  replied1: z.number(),
  replied2: z.number(),
  /** Sent through the simulated outbox (or made by the demo): their outcomes are made up (模拟). */
  simulated: z.number(),
  successRate: z.number().nullable(),
  low: z.number().nullable(),
  high: z.number().nullable(),
});

export const PlanStatsSchema = z.object({
  planId: z.number(),
  planName: z.string(),
  kind: z.enum(['sms', 'call']),
  members: z.number(),
  cities: z.array(DeliveryRowSchema),
  total: DeliveryRowSchema,
});
export type DeliveryRow = z.infer<typeof DeliveryRowSchema>;
export type PlanStats = z.infer<typeof PlanStatsSchema>;

export const TemplateInfoSchema = z.object({
  template: z.string(),
  placeholders: z.array(z.string()),
  provider: z.enum(['outbox', 'twilio', 'aliyun']),
  window: z.object({ startHour: z.number(), endHour: z.number(), timeZone: z.string() }),
  ratePerSecond: z.number(),
});
export type TemplateInfo = z.infer<typeof TemplateInfoSchema>;

// ---------- the reply review queue: replies that are not a plain 1/2, for the city team ----------

/** The customer fields a reply may correct (the rules engine checks them). */
export const REPLY_FIELDS = ['name', 'mobile', 'landline', 'address'] as const;
export type ReplyField = (typeof REPLY_FIELDS)[number];

export const ReplyReviewItemSchema = z.object({
  id: z.number(),
  receivedAt: z.string(),
  /** Whole days since it came in; `isStale` once older than the configured limit. */
  ageDays: z.number(),
  isStale: z.boolean(),
  text: z.string(),
  from: z.string(),
  cityCode: z.string().nullable(),
  customer: z.object({
    id: z.number(),
    customerNo: z.string(),
    name: z.string(),
    mobile: z.string(),
    landline: z.string(),
    address: z.string(),
    version: z.number(),
  }),
  sms: z.object({ id: z.number(), body: z.string(), sentAt: z.string().nullable() }),
});
export type ReplyReviewItem = z.infer<typeof ReplyReviewItemSchema>;

export const ReplyReviewListSchema = z.object({
  open: z.number(),
  stale: z.number(),
  staleDays: z.number(),
  oldestDays: z.number().nullable(),
  items: z.array(ReplyReviewItemSchema),
});
export type ReplyReviewList = z.infer<typeof ReplyReviewListSchema>;

export const ReplyParamsSchema = z.object({ id: z.coerce.number().int().positive() });

export const ReplyCorrectionBodySchema = z.object({
  /** The customer's version the reviewer saw: a customer changed since is refused (409). */
  version: z.number().int(),
  fields: z.partialRecord(z.enum(REPLY_FIELDS), z.string().max(500)),
  note: z.string().max(500).optional(),
});
export type ReplyCorrectionBody = z.infer<typeof ReplyCorrectionBodySchema>;

export const ReplyNoActionBodySchema = z.object({ note: z.string().max(500).optional() });

export const ReplyDecisionSchema = z.object({
  id: z.number(),
  state: z.enum(['corrected', 'no_action']),
  corrected: z.array(z.enum(REPLY_FIELDS)),
});
export type ReplyDecision = z.infer<typeof ReplyDecisionSchema>;
