// Sampling plans: stratified random draws of customers for the SMS check and the calls.
import { z } from 'zod';

export const NewPlanBodySchema = z
  .object({
    kind: z.enum(['sms', 'call']),
    name: z.string().trim().min(1).max(100).optional(),
    /** e.g. 0.01 for 1% */
    rate: z.number().gt(0).max(1).optional(),
    sizePerStratum: z.number().int().positive().max(1_000_000).optional(),
    stratifyBy: z.enum(['city', 'county', 'station']).default('city'),
    cityCodes: z.array(z.string().min(1)).max(100).optional(),
    excludeDays: z.number().int().min(0).max(3650).default(90),
    seed: z.string().trim().min(1).max(64).optional(),
  })
  .refine((b) => (b.rate === undefined) !== (b.sizePerStratum === undefined), {
    message: '抽样比例与每层样本量须二选一 / give either rate or sizePerStratum, not both',
    path: ['rate'],
  });
export type NewPlanBody = z.infer<typeof NewPlanBodySchema>;
/** What a client sends (defaults not yet applied). */
export type NewPlanInput = z.input<typeof NewPlanBodySchema>;

export const StratumSchema = z.object({
  stratumCode: z.string(),
  stratumName: z.string(),
  cityCode: z.string(),
  population: z.number(),
  target: z.number(),
  drawn: z.number(),
});

export const PlanSchema = z.object({
  id: z.number(),
  kind: z.enum(['sms', 'call']),
  name: z.string(),
  rate: z.number().nullable(),
  sizePerStratum: z.number().nullable(),
  stratifyBy: z.enum(['city', 'county', 'station']),
  cityCodes: z.array(z.string()).nullable(),
  excludeDays: z.number(),
  seed: z.string(),
  ruleSetVersion: z.number().nullable(),
  members: z.number(),
  createdAt: z.string(),
});
export type PlanDto = z.infer<typeof PlanSchema>;
export const PlanListSchema = z.object({ items: z.array(PlanSchema) });
export type PlanList = z.infer<typeof PlanListSchema>;

export const PlanDetailSchema = PlanSchema.extend({ strata: z.array(StratumSchema) });
export type PlanDetail = z.infer<typeof PlanDetailSchema>;
export const PlanParamsSchema = z.object({ id: z.coerce.number().int().positive() });
export const PlanListQuerySchema = z.object({ kind: z.enum(['sms', 'call']).optional() });
