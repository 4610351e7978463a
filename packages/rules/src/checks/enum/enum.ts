// `enum`: the value must be one of a list (e.g. cert_type ∈ {resident_id, uscc, other}).
import { z } from 'zod';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn } from '../../types.ts';

export const EnumParamsSchema = z
  .strictObject({
    values: z.array(z.string()).min(1),
    caseSensitive: z.boolean().default(true),
  })
  .transform((p) => ({
    allowed: new Set(p.caseSensitive ? p.values : p.values.map((v) => v.toLowerCase())),
    caseSensitive: p.caseSensitive,
    list: p.values.join(', '),
  }));
export type EnumParams = z.output<typeof EnumParamsSchema>;

export const checkEnum: CheckFn<EnumParams> = (value, p) => {
  const v = p.caseSensitive ? value : value.toLowerCase();
  return p.allowed.has(v) ? undefined : { code: 'enum.not_allowed', params: { value, allowed: p.list } };
};

export const enumCheck: CheckKindDefinition<typeof EnumParamsSchema> = {
  params: EnumParamsSchema,
  fn: checkEnum,
  messages: {
    'enum.not_allowed': {
      zh: '“{value}”不在允许值（{allowed}）之内',
      en: '"{value}" is not one of {allowed}',
    },
  },
};
