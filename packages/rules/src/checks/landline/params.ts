// Parameters of the `landline` check kind, with the catalogue's defaults (§2, LL-01…06).
import { z } from 'zod';
import type { PlaceholderOptions } from '../../phone/placeholder.ts';

const Severity = z.enum(['error', 'warning', 'info']);
const SeverityOrPass = z.enum(['error', 'warning', 'info', 'pass']);

/**
 * Params of a `landline` rule; every key is optional.
 * @example { areaMismatchSeverity: 'info', extensionSeverityResidential: 'info', placeholders: ['08712345678'] }
 */
export const LandlineParamsSchema = z
  .strictObject({
    /**
     * 4-digit city code → area code without trunk 0 (LL-01 fix, LL-03), where a rule knows better;
     * every other customer's comes from the national gazetteer (its county's own, else its prefecture's).
     */
    areaByCity: z.record(z.string().regex(/^\d{4}$/), z.string().regex(/^[1-9]\d{1,2}$/)).default({}),
    /** A local number without area code (LL-01): this severity when the customer's area code fixes it. */
    missingAreaSeverity: Severity.default('warning'),
    /** Area code of another prefecture than the customer's (LL-03): may be a work phone. */
    areaMismatchSeverity: SeverityOrPass.default('warning'),
    /** A number with an extension (LL-04): an office line. */
    extensionSeverity: SeverityOrPass.default('info'),
    /** …on a residential account. */
    extensionSeverityResidential: SeverityOrPass.default('warning'),
    /** A mobile in the landline field (PH-05). */
    mobileSeverity: Severity.default('warning'),
    /** Separators only: a certain auto-fix (suggested = 0AAA-NNNNNNN[-ext]), so a tag like NORM-01. */
    formatSeverity: Severity.default('info'),
    /** Known dummy numbers, written with trunk 0 and no separator (e.g. '08771234567'). */
    placeholders: z.array(z.string().regex(/^0\d{9,11}$/)).default([]),
    /** A local number ending in this many identical digits (or all one digit) is a placeholder; 0 = off. */
    tailSameMin: z.number().int().min(0).max(8).default(7),
    ascendingRunMin: z.number().int().min(0).max(8).default(8),
    descendingRunMin: z.number().int().min(0).max(8).default(8),
    runSeverity: Severity.default('warning'),
    flagEmpty: z.boolean().default(false),
  })
  .transform((p) => ({ ...p, placeholder: placeholderOptions(p) }));

export type LandlineParams = z.output<typeof LandlineParamsSchema>;

function placeholderOptions(p: {
  placeholders: string[];
  tailSameMin: number;
  ascendingRunMin: number;
  descendingRunMin: number;
}): PlaceholderOptions {
  return {
    known: new Set(p.placeholders),
    tailSameMin: p.tailSameMin,
    ascendingRunMin: p.ascendingRunMin,
    descendingRunMin: p.descendingRunMin,
  };
}

/** The defaults, parsed once. */
export const DEFAULT_LANDLINE_PARAMS: LandlineParams = LandlineParamsSchema.parse({});
