// `required`: the field must have a value after normalisation (optionally: and not a stand-in).
import { z } from 'zod';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn } from '../../types.ts';

export const RequiredParamsSchema = z.strictObject({
  /** Values that count as empty, compared after normalisation, e.g. ['-', '/']. */
  treatAsEmpty: z.array(z.string()).default([]),
});
export type RequiredParams = z.output<typeof RequiredParamsSchema>;

export const checkRequired: CheckFn<RequiredParams> = (value, params) => {
  if (value === '') return { code: 'required.missing' };
  if (params.treatAsEmpty.includes(value)) return { code: 'required.stand_in', params: { value } };
  return undefined;
};

export const requiredCheck: CheckKindDefinition<typeof RequiredParamsSchema> = {
  params: RequiredParamsSchema,
  fn: checkRequired,
  skipEmpty: false,
  messages: {
    'required.missing': { zh: '为空', en: 'is empty' },
    'required.stand_in': { zh: '填写的“{value}”不是有效值', en: '"{value}" is a stand-in, not a value' },
  },
};
