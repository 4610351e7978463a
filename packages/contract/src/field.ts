// Field verification on a phone (现场核实): the station list, the live check of a corrected value
// and the entries a phone sends (again, after a lost signal) under its own idempotency key.
import { z } from 'zod';
import { FIELD_CORRECTIONS, FIELD_RESULTS } from './field-values.ts';

export { FIELD_CORRECTIONS, FIELD_RESULTS };
export type FieldResult = (typeof FIELD_RESULTS)[number];
export type FieldCorrection = (typeof FIELD_CORRECTIONS)[number];

const Id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const Code = z.string().min(1).max(32);

export const FieldStationSchema = z.object({ code: z.string(), name: z.string(), countyName: z.string() });
export const FieldStationListSchema = z.object({ items: z.array(FieldStationSchema) });
export type FieldStation = z.infer<typeof FieldStationSchema>;
export type FieldStationList = z.infer<typeof FieldStationListSchema>;

export const FieldCustomerQuerySchema = z.object({
  station: Code,
  /** 户号 (prefix), or part of the name or address */
  q: z.string().trim().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const FieldCustomerSchema = z.object({
  id: z.string(),
  customerNo: z.string(),
  name: z.string(),
  mobile: z.string(),
  landline: z.string(),
  address: z.string(),
  certType: z.string(),
  certNo: z.string(),
  status: z.string(),
  version: z.number(),
  /** The verification state in the active campaign; null: not started. */
  state: z.string().nullable(),
  findings: z.array(z.object({ field: z.string(), zh: z.string(), en: z.string() })),
});
export type FieldCustomer = z.infer<typeof FieldCustomerSchema>;
export const FieldCustomerPageSchema = z.object({ items: z.array(FieldCustomerSchema), total: z.number() });
export type FieldCustomerPage = z.infer<typeof FieldCustomerPageSchema>;

const Corrections = z
  .object({
    name: z.string().max(200),
    mobile: z.string().max(40),
    landline: z.string().max(40),
    address: z.string().max(500),
    certNo: z.string().max(40),
  })
  .partial();
export type FieldCorrections = z.infer<typeof Corrections>;

export const FieldCheckBodySchema = z.object({ customerId: Id, fields: Corrections });
export type FieldCheckBody = z.infer<typeof FieldCheckBodySchema>;

const Problem = z.object({ field: z.string(), zh: z.string(), en: z.string() });
export const FieldCheckResponseSchema = z.object({
  /** Each value as it would be stored: normalised, in the canonical form the rules suggest. */
  values: z.array(z.object({ field: z.string(), value: z.string() })),
  /** Values equal to what the record holds already. */
  unchanged: z.array(z.string()),
  errors: z.array(Problem),
});
export type FieldCheckResponse = z.infer<typeof FieldCheckResponseSchema>;

export const FieldEntryBodySchema = z.object({
  /** The phone's id for this entry: a second arrival of the same key is answered, not re-applied. */
  key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  customerId: Id,
  /** The customer's version when the phone read it: a change since makes the entry a conflict. */
  version: z.number().int().min(0),
  result: z.enum(FIELD_RESULTS),
  corrections: Corrections.default({}),
  note: z.string().trim().max(500).optional(),
  /** When it was typed, by the phone's clock (kept, never later than its arrival). */
  recordedAt: z.iso.datetime({ offset: true }).optional(),
});
export type FieldEntryBody = z.infer<typeof FieldEntryBodySchema>;
export type FieldEntryInput = z.input<typeof FieldEntryBodySchema>;

export const FieldEntryResponseSchema = z.object({
  key: z.string(),
  id: z.string(),
  outcome: z.enum(['applied', 'conflict']),
  /** Fields written (the canonical values are in the customer's history). */
  corrected: z.array(z.string()),
  isReplay: z.boolean(),
});
export type FieldEntryResponse = z.infer<typeof FieldEntryResponseSchema>;

export const FieldEntrySummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  customerNo: z.string(),
  name: z.string(),
  result: z.enum(FIELD_RESULTS),
  outcome: z.enum(['applied', 'conflict']),
  recordedAt: z.string(),
  receivedAt: z.string(),
});
export const FieldEntryListSchema = z.object({
  items: z.array(FieldEntrySummarySchema),
  /** The caller's entries received today (Beijing day). */
  today: z.number(),
});
export type FieldEntrySummary = z.infer<typeof FieldEntrySummarySchema>;
export type FieldEntryList = z.infer<typeof FieldEntryListSchema>;
