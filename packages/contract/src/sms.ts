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
