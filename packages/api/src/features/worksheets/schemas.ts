// Wire shapes of the worksheets API (camelCase), and the export scope users choose.
import { z } from 'zod';

export const ExportScopeSchema = z.object({
  /** A city, county or station code; omitted = the caller's whole region. */
  unitCode: z.string().min(1).max(32).optional(),
  /** Explicit stations (e.g. the pilot stations); combined with unitCode when both are given. */
  stationCodes: z.array(z.string().min(1).max(32)).min(1).max(5000).optional(),
  /** Only the campaign's pilot stations (see pilotStationCodes in export-scope.ts). */
  pilotOnly: z.boolean().default(false),
  /** Only customers with findings in the latest validation run (default), or everyone in scope. */
  findingsOnly: z.boolean().default(true),
  /** One workbook with a sheet per station, or one workbook per station (zipped when several). */
  layout: z.enum(['sheets', 'workbooks']).default('sheets'),
  /** Deadline printed on the instructions sheet (YYYY-MM-DD); default two weeks from today. */
  deadline: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type ExportScope = z.infer<typeof ExportScopeSchema>;

export const ExportSummarySchema = z.object({
  id: z.string(),
  status: z.enum(['writing', 'completed', 'failed']),
  rows: z.number(),
  stations: z.number(),
  fileName: z.string(),
  scope: z.unknown(),
  createdAt: z.string(),
  userName: z.string().nullable(),
});

export const OutcomeSchema = z.enum(['update', 'unchanged', 'conflict', 'error', 'blank']);

export const UploadSummarySchema = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['previewed', 'committed']),
  rowsTotal: z.number(),
  rowsUpdate: z.number(),
  rowsUnchanged: z.number(),
  rowsConflict: z.number(),
  rowsError: z.number(),
  rowsBlank: z.number(),
  rowsApplied: z.number(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
  userName: z.string().nullable(),
  /** An earlier upload of the very same file that was already committed. */
  duplicateOf: z.string().nullable(),
});
export type UploadSummary = z.infer<typeof UploadSummarySchema>;

export const RowErrorSchema = z.object({ column: z.string(), zh: z.string(), en: z.string() });

export const UploadRowSchema = z.object({
  seq: z.number(),
  sheet: z.string(),
  rowNo: z.number(),
  customerNo: z.string(),
  outcome: OutcomeSchema,
  result: z.string().nullable(),
  changes: z.record(z.string(), z.object({ old: z.string(), new: z.string() })),
  currentValues: z.record(z.string(), z.string()).nullable(),
  errors: z.array(RowErrorSchema),
  note: z.string().nullable(),
});
export type UploadRowDto = z.infer<typeof UploadRowSchema>;

export const UnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['city', 'county', 'station']),
  parentCode: z.string().nullable(),
});
