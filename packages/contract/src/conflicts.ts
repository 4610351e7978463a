// Conflicts between the marketing system and our corrections (冲突处理), decided by people.
import { z } from 'zod';
import { ChangeSourceSchema } from './writeback.ts';

export const ConflictSchema = z.object({
  id: z.number(),
  customerId: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  cityCode: z.string(),
  stationCode: z.string(),
  stationName: z.string().nullable(),
  field: z.string(),
  /** load: the source sent a third value; rejected: the source refused our change */
  kind: z.enum(['load', 'rejected']),
  base: z.string(),
  ours: z.string(),
  theirs: z.string().nullable(),
  /** where our value came from */
  oursSource: ChangeSourceSchema.nullable(),
  oursRef: z.string().nullable(),
  oursUserName: z.string().nullable(),
  oursAt: z.string().nullable(),
  batchId: z.string().nullable(),
  reason: z.string().nullable(),
  createdAt: z.string(),
  ageDays: z.number(),
});
export type Conflict = z.infer<typeof ConflictSchema>;

export const ConflictListQuerySchema = z.object({
  unit: z.string().max(40).optional(),
  field: z.string().max(40).optional(),
  minAgeDays: z.coerce.number().int().min(0).max(3650).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const ConflictPageSchema = z.object({ items: z.array(ConflictSchema), total: z.number() });
export type ConflictPage = z.infer<typeof ConflictPageSchema>;

export const ResolveActionSchema = z.enum(['keep_ours', 'take_source', 'other']);
export type ResolveAction = z.infer<typeof ResolveActionSchema>;
export const ResolveRequestSchema = z.object({
  ids: z.array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER)).min(1).max(500),
  action: ResolveActionSchema,
  /** for 'other': the value to write (checked by the rules) */
  value: z.string().max(200).optional(),
});
export const ResolveResultSchema = z.object({
  resolved: z.number(),
  failed: z.array(z.object({ id: z.number(), zh: z.string(), en: z.string() })),
});
export type ResolveResult = z.infer<typeof ResolveResultSchema>;

export const ConflictCitySchema = z.object({
  cityCode: z.string(),
  cityName: z.string(),
  open: z.number(),
  /** age of the oldest open conflict, in days (null: none open) */
  oldestDays: z.number().nullable(),
});
export const ConflictSummarySchema = z.object({ cities: z.array(ConflictCitySchema) });
export type ConflictSummary = z.infer<typeof ConflictSummarySchema>;
