// Weekly reports: the text each city's leader receives by SMS, and the report workbook.
import { z } from 'zod';

const SmsStatus = z.string().nullable();
export const SnapshotTimingSchema = z.enum(['on_time', 'early', 'late']);
export type SnapshotTiming = z.infer<typeof SnapshotTimingSchema>;

export const WeeklyPreviewSchema = z.object({
  week: z.string(),
  /** The week's cut-off (Friday 18:00 by default): only then is its snapshot stored. */
  cutOffAt: z.string().nullable(),
  isBeforeCutOff: z.boolean(),
  /** 'stored': the week's snapshot exists and the texts are what was sent; 'live': as of now. */
  figures: z.enum(['stored', 'live']),
  /** How the stored snapshot was taken; null while the figures are live. */
  timing: SnapshotTimingSchema.nullable(),
  items: z.array(
    z.object({
      userId: z.number(),
      name: z.string(),
      cityCode: z.string().nullable(),
      phone: z.string().nullable(),
      body: z.string().nullable(),
      isStored: z.boolean(),
      smsStatus: SmsStatus,
    }),
  ),
});
export type WeeklyPreview = z.infer<typeof WeeklyPreviewSchema>;

export const WeeklyListSchema = z.object({
  week: z.string(),
  items: z.array(
    z.object({
      userId: z.number(),
      name: z.string(),
      cityCode: z.string().nullable(),
      body: z.string(),
      createdAt: z.string(),
      timing: SnapshotTimingSchema,
      smsStatus: SmsStatus,
      to: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
});
export type WeeklyList = z.infer<typeof WeeklyListSchema>;

export const WeeklySendResultSchema = z.object({
  week: z.string(),
  stored: z.number(),
  queued: z.number(),
  skipped: z.number(),
  timing: SnapshotTimingSchema,
});
/** A send before the cut-off is refused (409) unless `early` confirms "send now with figures as of now". */
export const WeeklySendBodySchema = z.object({ early: z.boolean().default(false) }).nullish();
export type WeeklySendResult = z.infer<typeof WeeklySendResultSchema>;

export const WeeklyListQuerySchema = z.object({
  week: z
    .string()
    .regex(/^\d{4}-W\d{2}$/)
    .optional(),
});

export const ExportQuerySchema = z.object({
  kind: z.enum(['week', 'month']).default('week'),
  period: z
    .string()
    .regex(/^\d{4}-(W\d{2}|\d{2})$/)
    .optional(),
});
