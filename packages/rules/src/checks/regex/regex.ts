// `regex`: a coordinator's own pattern. Patterns are refused when they do not compile, are too
// long, or are flagged by safe-regex2 as prone to catastrophic backtracking (`(a+)+$`).
import safeRegex from 'safe-regex2';
import { z } from 'zod';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn } from '../../types.ts';

export const REGEX_MAX_LENGTH = 500;

export const RegexParamsSchema = z
  .strictObject({
    pattern: z.string().min(1).max(REGEX_MAX_LENGTH, `a pattern of at most ${REGEX_MAX_LENGTH} characters`),
    /** Only stateless flags: i (case), m (multi-line), s (dot-all), u (Unicode, always on). */
    flags: z
      .string()
      .regex(/^[imsu]*$/, 'flags may only be i, m, s, u')
      .default(''),
    /** true: the value must match; false: the value must not match. */
    mustMatch: z.boolean().default(true),
    /** Issue code reported, e.g. 'address.has_pobox'. */
    code: z
      .string()
      .regex(/^[a-z][a-z0-9_.]*$/)
      .default('regex.mismatch'),
  })
  .transform((p, ctx) => {
    const flags = p.flags.includes('u') ? p.flags : `${p.flags}u`;
    let re: RegExp;
    try {
      re = new RegExp(p.pattern, flags);
    } catch (e) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: `does not compile: ${(e as Error).message}`,
      });
      return z.NEVER;
    }
    if (!safeRegex(re)) {
      ctx.addIssue({
        code: 'custom',
        path: ['pattern'],
        message: 'catastrophic backtracking possible (refused by safe-regex2)',
      });
      return z.NEVER;
    }
    return { re, mustMatch: p.mustMatch, code: p.code };
  });
export type RegexParams = z.output<typeof RegexParamsSchema>;

export const checkRegex: CheckFn<RegexParams> = (value, p) =>
  p.re.test(value) === p.mustMatch ? undefined : { code: p.code };

export const regexCheck: CheckKindDefinition<typeof RegexParamsSchema> = {
  params: RegexParamsSchema,
  fn: checkRegex,
};
