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
  /**
   * A re-verification list (复核清单): only customers due — contact data verified too long ago, a
   * bounced SMS, a newly shared mobile — to verify at the next meter reading or bill collection.
   * Same workbook, same round trip; findingsOnly does not apply.
   */
  reverifyDue: z.boolean().optional(),
  /** One workbook with a sheet per station, or one workbook per station (zipped when several). */
  layout: z.enum(['sheets', 'workbooks']).default('sheets'),
  /** Deadline printed on the instructions sheet (YYYY-MM-DD); default two weeks from today. */
  deadline: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});
export type ExportScope = z.infer<typeof ExportScopeSchema>;
/** What a client sends (defaults not yet applied). */
export type ExportScopeInput = z.input<typeof ExportScopeSchema>;

/** The scope as stored with an export: what was asked for, plus the label and stations it resolved to. */
export const StoredExportScopeSchema = z.object({
  unitCode: z.string().optional(),
  stationCodes: z.array(z.string()).optional(),
  pilotOnly: z.boolean().optional(),
  findingsOnly: z.boolean().optional(),
  reverifyDue: z.boolean().optional(),
  layout: z.enum(['sheets', 'workbooks']).optional(),
  deadline: z.string().optional(),
  /** 昆明市（有问题的客户）: what the history list shows. */
  label: z.string().optional(),
});
export type StoredExportScope = z.infer<typeof StoredExportScopeSchema>;

export const ExportSummarySchema = z.object({
  id: z.string(),
  status: z.enum(['writing', 'completed', 'failed']),
  rows: z.number(),
  stations: z.number(),
  fileName: z.string(),
  scope: StoredExportScopeSchema,
  createdAt: z.string(),
  userName: z.string().nullable(),
});
export type ExportSummary = z.infer<typeof ExportSummarySchema>;
export const ExportListSchema = z.object({ items: z.array(ExportSummarySchema) });
export type ExportList = z.infer<typeof ExportListSchema>;

export const OutcomeSchema = z.enum(['update', 'unchanged', 'conflict', 'error', 'blank']);
export type Outcome = z.infer<typeof OutcomeSchema>;

/** An earlier upload as the history lists it: what a notice about it cites. */
export const UploadRefSchema = z.object({
  id: z.string(),
  fileName: z.string(),
  createdAt: z.string(),
  committedAt: z.string().nullable(),
  userName: z.string().nullable(),
});
export type UploadRef = z.infer<typeof UploadRefSchema>;

export const UploadSummarySchema = z.object({
  id: z.string(),
  fileName: z.string(),
  /** expired: a preview nobody committed or discarded in time (see PREVIEW_TTL_HOURS). */
  status: z.enum(['previewed', 'committed', 'discarded', 'expired']),
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
  /** That earlier upload, as the history shows it (file, time, who). */
  duplicate: UploadRefSchema.nullable(),
  /** When a preview stops being committable; null once committed or discarded. */
  expiresAt: z.string().nullable(),
});
export type UploadSummary = z.infer<typeof UploadSummarySchema>;
export const UploadResponseSchema = z.object({ upload: UploadSummarySchema });
export type UploadResponse = z.infer<typeof UploadResponseSchema>;
export const UploadListSchema = z.object({ items: z.array(UploadSummarySchema) });
export type UploadList = z.infer<typeof UploadListSchema>;

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
export const UploadRowPageSchema = z.object({ items: z.array(UploadRowSchema), total: z.number() });
export type UploadRowPage = z.infer<typeof UploadRowPageSchema>;

export const CommitResultSchema = z.object({
  upload: UploadSummarySchema,
  applied: z.number(),
  conflicts: z.number(),
  changedCustomers: z.number(),
  alreadyCommitted: z.boolean(),
});
export type CommitResult = z.infer<typeof CommitResultSchema>;

export const UnitSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['city', 'county', 'station']),
  parentCode: z.string().nullable(),
});
export type Unit = z.infer<typeof UnitSchema>;
export const UnitListSchema = z.object({ items: z.array(UnitSchema) });
export type UnitList = z.infer<typeof UnitListSchema>;

/** A worksheet export still out for a station: who holds the file and how much has come back. */
export const OpenExportSchema = z.object({
  id: z.string(),
  /** who exported it (holds the file) */
  userName: z.string().nullable(),
  createdAt: z.string(),
  /** the station's rows in the file; null for an export made before rows were kept per station */
  rows: z.number().nullable(),
  /** of those, rows applied from an upload or a field entry */
  returned: z.number(),
});
export type OpenExport = z.infer<typeof OpenExportSchema>;

/** 供电所进度: one station's progress in the shown cycle, from the kept counters (no customer data). */
export const StationProgressSchema = z.object({
  code: z.string(),
  name: z.string(),
  /** customers on the books (every status), as the campaign counts them */
  customers: z.number(),
  /** confirmed, corrected, closed or not found */
  verified: z.number(),
  unreachable: z.number(),
  inField: z.number(),
  notStarted: z.number(),
  /** verified / customers × 100 */
  completionPct: z.number(),
  openExports: z.array(OpenExportSchema),
});
export type StationProgress = z.infer<typeof StationProgressSchema>;
export const StationProgressListSchema = z.object({ items: z.array(StationProgressSchema) });
export type StationProgressList = z.infer<typeof StationProgressListSchema>;
