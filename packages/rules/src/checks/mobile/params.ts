// Parameters of the `mobile` check kind: everything a coordinator may tune, with the catalogue's
// defaults. The schema compiles the segment table once (zod transform), so the check itself only reads.
import { z } from 'zod';
import { DEFAULT_PLACEHOLDERS, type PlaceholderOptions } from '../../phone/placeholder.ts';
import {
  compileSegments,
  DEFAULT_IOT_PREFIXES,
  DEFAULT_SEGMENTS,
  SEGMENT_CLASS_BY_CODE,
  SegmentRowSchema,
  type SegmentLookup,
} from '../../phone/segments.ts';

const Severity = z.enum(['error', 'warning', 'info']);
/** A severity, or 'pass' to accept the class silently. */
const SeverityOrPass = z.enum(['error', 'warning', 'info', 'pass']);
export type SeverityOrPass = z.infer<typeof SeverityOrPass>;

const ClassSeveritySchema = z.strictObject({
  MOBILE: SeverityOrPass.default('pass'),
  MVNO: SeverityOrPass.default('info'),
  DATA_CARD: SeverityOrPass.default('warning'),
  SATELLITE: SeverityOrPass.default('info'),
  EMERGENCY: SeverityOrPass.default('error'),
  UNALLOCATED: SeverityOrPass.default('error'),
});

/**
 * Params of a `mobile` rule; every key is optional.
 * @example { extraSegments: [{ class: 'MOBILE', prefixes: ['1612'] }], classSeverity: { MVNO: 'pass' }, ascendingRunMin: 9 }
 */
export const MobileParamsSchema = z
  .strictObject({
    /** Replaces the built-in segment table (catalogue §1.1) when given. */
    segments: z.array(SegmentRowSchema).optional(),
    /** Rows layered over the table (a newly opened segment, a local exception). */
    extraSegments: z.array(SegmentRowSchema).default([]),
    /** Severity per segment class; 'pass' accepts the class silently. */
    classSeverity: ClassSeveritySchema.prefault({}),
    /** Prefixes of 13-digit IoT numbers (reported as mobile.iot_13). */
    iotPrefixes: z.array(z.string().regex(/^1\d{1,11}$/)).default([...DEFAULT_IOT_PREFIXES]),
    /** Known dummy numbers (PH-04 a); replaces the built-in list when given. */
    placeholders: z.array(z.string().regex(/^\d{5,13}$/)).default([...DEFAULT_PLACEHOLDERS]),
    /** More dummies on top of the list (the utility's own hotline numbers, staff numbers…). */
    extraPlaceholders: z.array(z.string().regex(/^\d{5,13}$/)).default([]),
    /** A number ending in this many identical digits is a placeholder (error); 0 switches it off. */
    tailSameMin: z.number().int().min(0).max(11).default(7),
    /** Ascending run (…6789012…) of this many digits (runSeverity); 0 switches it off. */
    ascendingRunMin: z.number().int().min(0).max(11).default(8),
    /** Descending run (…98765…) of this many digits (runSeverity); 0 switches it off. */
    descendingRunMin: z.number().int().min(0).max(11).default(8),
    runSeverity: Severity.default('warning'),
    /** Severity of a separator/prefix-only problem: a certain auto-fix (suggested = 11 digits), so a tag
     * like every other normalisation rule (NAME-02, ADDR-02, ID-02). */
    formatSeverity: Severity.default('info'),
    /** A landline in the mobile field (PH-05). */
    landlineSeverity: Severity.default('warning'),
    /** Report an empty field as mobile.empty (normally the `required` kind does that). */
    flagEmpty: z.boolean().default(false),
  })
  .transform((p) => ({ ...p, compiled: compileMobileParams(p) }));

export type MobileParams = z.output<typeof MobileParamsSchema>;

export interface CompiledMobileParams {
  segments: SegmentLookup;
  /** Severity per class code (index = SegmentLookup.codes value). */
  severityByCode: readonly SeverityOrPass[];
  placeholder: PlaceholderOptions;
  iotPrefixes: readonly string[];
}

function compileMobileParams(p: {
  segments?: z.infer<typeof SegmentRowSchema>[] | undefined;
  extraSegments: z.infer<typeof SegmentRowSchema>[];
  classSeverity: z.output<typeof ClassSeveritySchema>;
  iotPrefixes: string[];
  placeholders: string[];
  extraPlaceholders: string[];
  tailSameMin: number;
  ascendingRunMin: number;
  descendingRunMin: number;
}): CompiledMobileParams {
  const placeholder: PlaceholderOptions = {
    known: new Set([...p.placeholders, ...p.extraPlaceholders]),
    tailSameMin: p.tailSameMin,
    ascendingRunMin: p.ascendingRunMin,
    descendingRunMin: p.descendingRunMin,
  };
  return {
    segments: compileSegments([...(p.segments ?? DEFAULT_SEGMENTS), ...p.extraSegments]),
    severityByCode: SEGMENT_CLASS_BY_CODE.map((c) => p.classSeverity[c]),
    placeholder,
    iotPrefixes: p.iotPrefixes,
  };
}

/** The defaults, compiled: what the differential test and the bench use. */
export const DEFAULT_MOBILE_PARAMS: MobileParams = MobileParamsSchema.parse({});
