// Weekly reports: the text each city's leader receives by SMS, and the report workbook.
import { z } from 'zod';

const SmsStatus = z.string().nullable();

export const WeeklyPreviewSchema = z.object({
  week: z.string(),
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
});
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
