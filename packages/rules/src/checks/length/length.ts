// `length`: characters counted as code points, so 𠮷 (Extension B) is one character, not two.
import { z } from 'zod';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn } from '../../types.ts';

export const LengthParamsSchema = z
  .strictObject({
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().positive().optional(),
  })
  .refine((p) => p.min !== undefined || p.max !== undefined, { message: 'give min, max or both' })
  .refine((p) => p.min === undefined || p.max === undefined || p.min <= p.max, {
    message: 'min must not exceed max',
  });
export type LengthParams = z.output<typeof LengthParamsSchema>;

/** Length in code points (not UTF-16 units). */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

export const checkLength: CheckFn<LengthParams> = (value, p) => {
  const n = codePointLength(value);
  if (p.min !== undefined && n < p.min) return { code: 'length.too_short', params: { length: n } };
  if (p.max !== undefined && n > p.max) return { code: 'length.too_long', params: { length: n } };
  return undefined;
};

export const lengthCheck: CheckKindDefinition<typeof LengthParamsSchema> = {
  params: LengthParamsSchema,
  fn: checkLength,
  messages: {
    'length.too_short': {
      zh: '长度{length}，少于{min}个字符',
      en: 'length {length}, fewer than {min} characters',
    },
    'length.too_long': {
      zh: '长度{length}，超过{max}个字符',
      en: 'length {length}, more than {max} characters',
    },
  },
};
