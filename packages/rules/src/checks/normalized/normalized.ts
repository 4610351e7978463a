// `normalized`: the stored value differs from its normalised form (full-width characters, stray
// spaces, zero-width characters, dot variants in minority names, lower-case x in an ID…).
// Always auto-fixable: the normalised value is the suggestion.
import { z } from 'zod';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn } from '../../types.ts';

export const NormalizedParamsSchema = z.strictObject({});
export type NormalizedParams = z.output<typeof NormalizedParamsSchema>;

export const checkNormalized: CheckFn<NormalizedParams> = (value, _p, ctx) =>
  ctx.raw === undefined || ctx.raw === value ? undefined : { code: 'normalize.changed', suggested: value };

export const normalizedCheck: CheckKindDefinition<typeof NormalizedParamsSchema> = {
  params: NormalizedParamsSchema,
  fn: checkNormalized,
  messages: {
    'normalize.changed': {
      zh: '格式不规范，可自动修正为“{suggested}”',
      en: 'not in normal form; can be fixed automatically',
    },
  },
};
