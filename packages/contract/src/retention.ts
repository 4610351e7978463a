// Retention (保管期限): the policy, the dry run and the runs that anonymise closed customers.
import { z } from 'zod';

export const RetentionPolicySchema = z.object({
  /** years a closed high-voltage customer is kept */
  highYears: z.number().int(),
  /** years a closed low-voltage customer is kept */
  lowYears: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.string().nullable(),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicySchema>;

export const RetentionPolicyUpdateSchema = z.object({
  highYears: z.number().int().min(1).max(100),
  lowYears: z.number().int().min(1).max(100),
});

export const RetentionUnitSchema = z.object({
  cityCode: z.string(),
  cityName: z.string(),
  countyCode: z.string(),
  countyName: z.string(),
  stationCode: z.string(),
  stationName: z.string(),
  high: z.number(),
  low: z.number(),
  /** voltage class not known: kept for the longer of the two periods */
  unknown: z.number(),
  total: z.number(),
});
export type RetentionUnit = z.infer<typeof RetentionUnitSchema>;

export const RetentionDryRunSchema = z.object({
  asOf: z.string(),
  policy: RetentionPolicySchema,
  /** customers closed on or before these dates (Beijing) are past retention */
  highCutoff: z.string(),
  lowCutoff: z.string(),
  total: z.number(),
  units: z.array(RetentionUnitSchema),
  /** closed customers without a closing date: never anonymised until the source sends one */
  closedWithoutDate: z.number(),
});
export type RetentionDryRun = z.infer<typeof RetentionDryRunSchema>;

export const RetentionRunSchema = z.object({
  id: z.string(),
  trigger: z.enum(['schedule', 'manual']),
  status: z.enum(['running', 'completed', 'failed', 'interrupted']),
  highYears: z.number(),
  lowYears: z.number(),
  highCutoff: z.string(),
  lowCutoff: z.string(),
  customers: z.number(),
  units: z.array(RetentionUnitSchema),
  error: z.string().nullable(),
  userName: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type RetentionRun = z.infer<typeof RetentionRunSchema>;

export const RetentionRunListSchema = z.object({ items: z.array(RetentionRunSchema) });
export type RetentionRunList = z.infer<typeof RetentionRunListSchema>;
