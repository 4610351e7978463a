// Validation runs: start one, follow its progress, read its summary and its findings.
import { z } from 'zod';

export const RunSchema = z.object({
  id: z.string(),
  ruleSetVersion: z.number(),
  cityCode: z.string().nullable(),
  countyCode: z.string().nullable(),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  rowsTotal: z.number(),
  rowsDone: z.number(),
  rowsPerSecond: z.number(),
  etaSeconds: z.number().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
  createdBy: z.string().nullable(),
  /** When the findings retention dropped the run's rows (its summary stays); null while kept. */
  findingsDroppedAt: z.string().nullable(),
});
export type RunDto = z.infer<typeof RunSchema>;
export type RunStatus = RunDto['status'];
export const RunResponseSchema = z.object({ run: RunSchema });
export type RunResponse = z.infer<typeof RunResponseSchema>;
export const RunListSchema = z.object({ items: z.array(RunSchema) });
export type RunList = z.infer<typeof RunListSchema>;

export const StartRunBodySchema = z.object({
  /** A city or county org code, or the province's; omitted = the caller's whole region. */
  unitCode: z.string().trim().min(1).max(32).optional(),
});

const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const SummaryQuerySchema = z.object({ level: z.enum(['city', 'county', 'station']).default('city') });
export type SummaryLevel = z.infer<typeof SummaryQuerySchema>['level'];

export const RunSummarySchema = z.object({
  run: RunSchema,
  level: z.enum(['city', 'county', 'station']),
  counts: z.array(
    z.object({
      cityCode: z.string(),
      countyCode: z.string().nullable(),
      stationCode: z.string().nullable(),
      field: z.string(),
      ruleId: z.string(),
      severity: Severity,
      customers: z.number(),
      findings: z.number(),
    }),
  ),
  units: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      customersChecked: z.number(),
      customersWithError: z.number(),
      /** Share of checked customers without any error (1 = clean); null when none were checked. */
      score: z.number().nullable(),
    }),
  ),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;
export type SummaryCount = RunSummary['counts'][number];
export type UnitScore = RunSummary['units'][number];

export const FindingQuerySchema = z.object({
  field: z.string().max(32).optional(),
  ruleId: z.string().max(64).optional(),
  severity: Severity.optional(),
  stationCode: z.string().max(32).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export type FindingQuery = z.infer<typeof FindingQuerySchema>;
/** What a client sends (defaults not yet applied). */
export type FindingQueryInput = z.input<typeof FindingQuerySchema>;

export const FindingItemSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  cityCode: z.string(),
  countyCode: z.string(),
  stationCode: z.string(),
  ruleId: z.string(),
  field: z.string(),
  code: z.string(),
  severity: Severity,
  message: z.object({ zh: z.string(), en: z.string() }),
  suggested: z.string().nullable(),
});
export type FindingItem = z.infer<typeof FindingItemSchema>;

export const FindingPageSchema = z.object({
  items: z.array(FindingItemSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type FindingPage = z.infer<typeof FindingPageSchema>;
