// Rule documents: the user-facing configuration a coordinator edits. Validated by zod here; the
// kind-specific `params` are validated by each kind's own schema when the set is compiled.
import { z } from 'zod';

export const FieldSchema = z.enum([
  'name',
  'mobile',
  'landline',
  'address',
  'cert_no',
  'cert_type',
  'customer_type',
]);
export const SeveritySchema = z.enum(['error', 'warning', 'info']);

/** Message template in both languages; `{name}` placeholders are filled from the issue and the params. */
export const LocalizedTextSchema = z.strictObject({ zh: z.string().min(1), en: z.string().min(1) });

/** Per issue code: lower/raise its severity, switch it off, or replace its message. */
export const CodeOverrideSchema = z.strictObject({
  severity: SeveritySchema.optional(),
  enabled: z.boolean().optional(),
  message: LocalizedTextSchema.optional(),
});

export const AppliesToSchema = z.strictObject({
  /** customer_type values, e.g. ['residential']; all when omitted. */
  customerTypes: z.array(z.string().min(1)).min(1).optional(),
  /** cert_type values, e.g. ['resident_id']; all when omitted. */
  certTypes: z.array(z.string().min(1)).min(1).optional(),
  /** Division-code prefixes of the customer's station (2, 4, 6… digits), e.g. ['5304']; all when omitted. */
  regions: z
    .array(z.string().regex(/^\d{2,12}$/, 'a division-code prefix of 2–12 digits'))
    .min(1)
    .optional(),
});

/**
 * One rule: which field, which registered check kind with which parameters, how severe, for whom.
 * @example { id: 'NAME-03', field: 'name', kind: 'name.residential', params: {}, severity: 'error',
 *   appliesTo: { customerTypes: ['residential'] }, message: { zh: '户名：{detail}', en: 'Name: {detail}' }, enabled: true }
 */
export const RuleSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/,
      'letters, digits, "-", "_" or "." (max 64), starting with a letter',
    ),
  field: FieldSchema,
  kind: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  severity: SeveritySchema,
  appliesTo: AppliesToSchema.default({}),
  message: LocalizedTextSchema,
  overrides: z.record(z.string(), CodeOverrideSchema).optional(),
  enabled: z.boolean().default(true),
  description: z.string().optional(),
});

const Enabled = z.boolean().default(true);

/**
 * Thresholds of the cross-record checks X-01…03, which look at many customers at once; a
 * coordinator edits them in a new version like any rule. Missing parts take these defaults.
 * @example { sharedMobile: { enabled: true, minHolders: 5, errorHolders: 50 }, certNameConflict: { enabled: true },
 *   likelyDuplicate: { enabled: true, maxGroupSize: 50 } }
 */
export const CrossRecordSchema = z.strictObject({
  /** a mobile held by at least minHolders different holders; an error from errorHolders on. */
  sharedMobile: z
    .strictObject({
      enabled: Enabled,
      minHolders: z.number().int().min(2).max(100_000).default(5),
      errorHolders: z.number().int().min(2).max(100_000).default(50),
    })
    .prefault({}),
  /** one ID number under more than one name. */
  certNameConflict: z.strictObject({ enabled: Enabled }).prefault({}),
  /** same name and address under different customer numbers; larger blocks are skipped. */
  likelyDuplicate: z
    .strictObject({ enabled: Enabled, maxGroupSize: z.number().int().min(2).max(10_000).default(50) })
    .prefault({}),
});

/**
 * A versioned rule set; exactly one version is active at a time (kept by the API).
 * @example RuleSetSchema.parse({ version: 3, rules: [...] })
 */
export const RuleSetSchema = z.strictObject({
  version: z.number().int().nonnegative(),
  rules: z.array(RuleSchema),
  crossRecord: CrossRecordSchema.prefault({}),
});

export type Rule = z.infer<typeof RuleSchema>;
export type RuleInput = z.input<typeof RuleSchema>;
export type RuleSet = z.infer<typeof RuleSetSchema>;
export type RuleSetInput = z.input<typeof RuleSetSchema>;
export type CrossRecordSettings = z.infer<typeof CrossRecordSchema>;
export type CodeOverride = z.infer<typeof CodeOverrideSchema>;
export type AppliesTo = z.infer<typeof AppliesToSchema>;
