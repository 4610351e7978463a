// The registry of check kinds: static data, filled once by `checks/index.ts` importing every
// check folder. Rule documents name a kind; `compileRuleSet` looks it up here.
import type { z } from 'zod';
import type { CheckFn, Field, LocalizedText } from './types.ts';

/** What a check kind declares when it registers. */
export interface CheckKindDefinition<S extends z.ZodType = z.ZodType> {
  /** zod schema of the rule's `params`; it may transform (e.g. compile a regex) — the output is what `fn` gets. */
  params: S;
  fn: CheckFn<z.output<S>>;
  /** Fields a rule of this kind may name; any field when omitted. */
  fields?: readonly Field[];
  /** Default text per issue code; a rule's message may embed it with `{detail}`. */
  messages?: Readonly<Record<string, LocalizedText>>;
  /** Skip the check when the normalised value is empty (default true: `required` reports emptiness). */
  skipEmpty?: boolean;
}

/** A registered kind, with its name. */
export interface RegisteredCheck extends CheckKindDefinition {
  kind: string;
}

const checks = new Map<string, RegisteredCheck>();

/**
 * Registers a check kind under a stable name; registering a name twice is a programming error.
 * @example registerCheck('length', { params: LengthParamsSchema, fn: checkLength })
 */
export function registerCheck<S extends z.ZodType>(kind: string, definition: CheckKindDefinition<S>): void {
  if (checks.has(kind)) throw new Error(`check kind "${kind}" is already registered`);
  checks.set(kind, { ...(definition as unknown as CheckKindDefinition), kind });
}

/**
 * The registered kind of that name, if any.
 * @example getCheck('resident_id')?.fields // ['cert_no']
 */
export function getCheck(kind: string): RegisteredCheck | undefined {
  return checks.get(kind);
}

/**
 * Names of every registered kind, sorted (for the rule editor).
 * @example listCheckKinds() // ['address', 'cert_consistency', 'enum', …]
 */
export function listCheckKinds(): string[] {
  return [...checks.keys()].sort();
}
