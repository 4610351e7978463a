// `name.organisation` (catalogue §5, ORG-01…04): a non-residential account's name must look like
// an organisation: 行政区划 + 字号 + 行业 + 组织形式, ending in a form from a configurable list.
import { z } from 'zod';
import {
  ANONYMISED_ORG,
  DEFAULT_NAME_PLACEHOLDERS,
  DEFAULT_ORG_SUFFIXES,
  LOST_CHAR,
  PERSON_DOTTED,
  PLACEHOLDER_SHAPE,
  endsWithAny,
} from '../../name-lists.ts';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckFn } from '../../types.ts';
import { codePointLength } from '../length/length.ts';
import { normalizeIdNumber } from '../../normalize.ts';

export const NameOrganisationParamsSchema = z
  .strictObject({
    suffixes: z.array(z.string().min(1)).min(1).default(DEFAULT_ORG_SUFFIXES),
    placeholders: z.array(z.string().min(1)).default(DEFAULT_NAME_PLACEHOLDERS),
    minLength: z.number().int().min(1).default(4),
    /** USCC prefixes of individual businesses (个体工商户), whose name may be a person's: INFO only. */
    personAllowedUsccPrefixes: z.array(z.string()).default(['92']),
  })
  .transform((p) => ({
    ...p,
    suffix: endsWithAny(p.suffixes),
    placeholderSet: new Set(p.placeholders.map((s) => s.toLowerCase())),
    // Lower-casing never shortens a string: a name longer than every stand-in skips it (ICU work on Han text).
    placeholderMaxLength: Math.max(0, ...p.placeholders.map((s) => s.toLowerCase().length)),
  }));
export type NameOrganisationParams = z.output<typeof NameOrganisationParamsSchema>;

// 昆明分公司（筹） → test the suffix without a trailing parenthesised note as well.
const TRAILING_NOTE = /\([^()]*\)$/;
// Most personal names are 2–3 characters; a 4-character name without a form (兴农科技) is more
// likely an organisation missing its form, which the other branch reports.
const PERSON_LIKE = /^\p{Script=Han}{2,3}$/u;

export const checkNameOrganisation: CheckFn<NameOrganisationParams> = (v, p, ctx) => {
  if (
    (v.length <= p.placeholderMaxLength && p.placeholderSet.has(v.toLowerCase())) ||
    PLACEHOLDER_SHAPE.test(v)
  )
    return { code: 'org.placeholder' };
  if (ANONYMISED_ORG.test(v)) return { code: 'org.anonymised' };
  if (LOST_CHAR.test(v)) return { code: 'org.lost_char' };
  if (p.suffix.test(v) || p.suffix.test(v.replace(TRAILING_NOTE, ''))) {
    return codePointLength(v) < p.minLength
      ? { code: 'org.too_short', params: { min: p.minLength } }
      : undefined;
  }
  if (PERSON_LIKE.test(v) || PERSON_DOTTED.test(v)) {
    const uscc = normalizeIdNumber(ctx.record.cert_no ?? '');
    const isIndividualBusiness = p.personAllowedUsccPrefixes.some((prefix) => uscc.startsWith(prefix));
    return { code: 'org.looks_like_person', severity: isIndividualBusiness ? 'info' : 'warning' };
  }
  if (codePointLength(v) < p.minLength) return { code: 'org.too_short', params: { min: p.minLength } };
  return { code: 'org.no_suffix', severity: 'warning' };
};

export const nameOrganisationCheck: CheckKindDefinition<typeof NameOrganisationParamsSchema> = {
  params: NameOrganisationParamsSchema,
  fn: checkNameOrganisation,
  fields: ['name'],
  messages: {
    'org.placeholder': { zh: '单位名称为占位词', en: 'placeholder instead of an organisation name' },
    'org.anonymised': { zh: '单位名称被匿名化（如“某某”“xx”）', en: 'anonymised organisation name' },
    'org.lost_char': { zh: '单位名称含丢失的字符（?、□）', en: 'a character was lost on entry (?, □)' },
    'org.too_short': { zh: '单位名称少于{min}个字', en: 'organisation name shorter than {min} characters' },
    'org.looks_like_person': {
      zh: '非居民户名像个人姓名',
      en: 'non-residential account named like a person',
    },
    'org.no_suffix': {
      zh: '单位名称缺少组织形式（如“公司”“合作社”“委员会”）',
      en: 'no organisational form (company, cooperative, committee…)',
    },
  },
};
