// The entry gate: integrating systems send records and get the findings back before storing them.
import { z } from 'zod';

const text = (max: number) =>
  z
    .union([z.string().max(max), z.number()])
    .transform(String)
    .default('');

/** The business a record enters with; 新装 / 增容 / 变更 are accepted for the codes. */
export const BUSINESS_TYPES = ['new_connection', 'capacity_change', 'change_of_details'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];
const BUSINESS_TYPE_NAMES: Record<string, BusinessType> = {
  新装: 'new_connection',
  增容: 'capacity_change',
  变更: 'change_of_details',
};
/** A business type as sent (code or 新装 / 增容 / 变更) → its code; undefined when it is neither. */
export const toBusinessType = (v: string): BusinessType | undefined =>
  BUSINESS_TYPE_NAMES[v.trim()] ?? BUSINESS_TYPES.find((t) => t === v.trim());

/** One record as an integrating system sends it (camelCase on the wire). */
export const GateRecordSchema = z.object({
  customerNo: text(64),
  name: text(200),
  customerType: text(32),
  certType: text(32),
  certNo: text(64),
  mobile: text(64),
  landline: text(64),
  address: text(500),
  /** The station (供电所/营业厅) the record belongs to: gives the region and is what the calls are counted by. */
  stationCode: z.string().max(32).default(''),
  /**
   * 新装 new connection, 增容 capacity change, 变更 change of details. Calls with one count in the
   * evaluation's fifth dimension (新装增容及变更用电客户信息规范性); calls without one do not.
   */
  // checked by the gate (a refusal inside the body's union would lose its message)
  businessType: z.string().max(32).optional(),
});
export type GateRecord = z.infer<typeof GateRecordSchema>;

const Channel = z.string().trim().min(1).max(32).optional();

export const GateBodySchema = z.union([
  z.object({ records: z.array(GateRecordSchema).min(1).max(1_000), channel: Channel }),
  // `records` must not slip through as an ignored key of a single record (e.g. 1,001 of them).
  GateRecordSchema.extend({ channel: Channel, records: z.never().optional() }),
]);
export type GateBody = z.infer<typeof GateBodySchema>;

const FindingSchema = z.object({
  ruleId: z.string(),
  ruleVersion: z.number(),
  field: z.string(),
  code: z.string(),
  severity: z.enum(['error', 'warning', 'info']),
  message: z.object({ zh: z.string(), en: z.string() }),
  suggested: z.string().optional(),
});

export const GateResultSchema = z.object({
  index: z.number(),
  customerNo: z.string(),
  hasError: z.boolean(),
  findings: z.array(FindingSchema),
  /** Normalised values that differ from what was sent, by wire field name. */
  suggested: z.record(z.string(), z.string()),
});
export type GateResult = z.infer<typeof GateResultSchema>;

export const GateResponseSchema = z.object({
  ruleSetVersion: z.number(),
  records: z.number(),
  recordsWithError: z.number(),
  results: z.array(GateResultSchema),
});
export type GateResponse = z.infer<typeof GateResponseSchema>;
