// `name.residential` (catalogue §5, NM-01…12): a residential account's name must look like a
// person's legal name. Minority names joined by U+00B7 (阿卜杜热合曼·买买提) are names; the dot
// variants are unified by normalisation before this check runs.
import { z } from 'zod';
import {
  ANONYMISED_PERSON,
  COMPOUND_SURNAMES,
  DEFAULT_HONORIFICS,
  DEFAULT_NAME_PLACEHOLDERS,
  DEFAULT_NOT_PERSON_WORDS,
  DEFAULT_TEXTBOOK_NAMES,
  LOST_CHAR,
  PERSON_DOTTED,
  PLACEHOLDER_SHAPE,
  PRIVATE_USE,
  endsWithAny,
} from '../../name-lists.ts';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckContext, Issue } from '../../types.ts';
import { codePointLength } from '../length/length.ts';
import { normalizeText } from '../../normalize.ts';

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export const NameResidentialParamsSchema = z
  .strictObject({
    placeholders: z.array(z.string().min(1)).default(DEFAULT_NAME_PLACEHOLDERS),
    honorifics: z.array(z.string().min(1)).default(DEFAULT_HONORIFICS),
    textbookNames: z.array(z.string()).default(DEFAULT_TEXTBOOK_NAMES),
    /** Endings that make a "name" an organisation or facility (shared meters filed as residential). */
    notPersonWords: z.array(z.string().min(1)).default(DEFAULT_NOT_PERSON_WORDS),
    /** One-character endings (站, 所, 会…) count only from this length on: 王秀会 is a person. */
    singleCharWordMinLength: z.number().int().min(2).default(4),
    minLength: z.number().int().min(1).default(2),
    /** Maximum Han characters without a dot. */
    maxLength: z.number().int().min(2).default(6),
    /** More Han characters than this (no dot) is tagged INFO (冠夫姓, transliterations). */
    longTagLength: z.number().int().min(2).default(4),
    /** cert_type values for which a Latin-letter name is expected (foreigners): INFO instead of WARN. */
    foreignCertTypes: z.array(z.string()).default(['passport', 'foreign_permanent_residence', 'other']),
  })
  .transform((p) => {
    const multi = p.notPersonWords.filter((w) => w.length > 1);
    const single = p.notPersonWords.filter((w) => w.length === 1);
    return {
      ...p,
      placeholderSet: new Set(p.placeholders.map((s) => s.toLowerCase())),
      // Lower-casing never shortens a string: a name longer than every stand-in skips it (ICU work on Han text).
      placeholderMaxLength: Math.max(0, ...p.placeholders.map((s) => s.toLowerCase().length)),
      honorific: new RegExp(`^\\p{Script=Han}{1,2}(?:${p.honorifics.map(escape).join('|')})$`, 'u'),
      textbook: new Set(p.textbookNames),
      notPersonMulti: multi.length ? endsWithAny(multi) : undefined,
      // Last characters of those words and of the honorifics: a name ending otherwise skips both regexes.
      notPersonLast: new Set(multi.map((w) => w.slice(-1))),
      honorificLast: new Set(p.honorifics.map((w) => w.slice(-1))),
      notPersonSingle: new Set(single),
      foreign: new Set(p.foreignCertTypes),
    };
  });
export type NameResidentialParams = z.output<typeof NameResidentialParamsSchema>;

const HAS_DIGIT = /[0-9]/;
const LATIN_NAME = /^[A-Za-z][A-Za-z ,.'-]*$/;
const HAS_LATIN = /[A-Za-z]/;
const ALLOWED = /^[\p{Script=Han}·]+$/u;
const STRAY_DOT = /^·|·$|··/;
const REPEATED = /^(.)\1{2,}$/u;

// Han characters only: none of the character-class checks below can fire, and lower-casing is a no-op.
const PLAIN_HAN = /^\p{Script=Han}+$/u;

function isNotPerson(v: string, n: number, p: NameResidentialParams): boolean {
  if (p.notPersonLast.has(v.slice(-1)) && p.notPersonMulti?.test(v)) return true;
  return n >= p.singleCharWordMinLength && !v.includes('·') && p.notPersonSingle.has(v.slice(-1));
}

function characterIssue(v: string, p: NameResidentialParams, ctx: CheckContext): Issue | undefined {
  if (LOST_CHAR.test(v)) return { code: 'name.lost_char' };
  if (HAS_DIGIT.test(v)) return { code: 'name.has_digit' };
  if (LATIN_NAME.test(v)) {
    const isForeign = p.foreign.has(ctx.normalized?.cert_type ?? normalizeText(ctx.record.cert_type));
    return isForeign
      ? { code: 'name.latin', severity: 'info' }
      : { code: 'name.pinyin', severity: 'warning' };
  }
  if (HAS_LATIN.test(v)) return { code: 'name.has_latin' };
  if (PRIVATE_USE.test(v)) return { code: 'name.private_use_char', severity: 'warning' };
  if (!ALLOWED.test(v)) return { code: 'name.bad_char' };
  if (STRAY_DOT.test(v)) {
    const fixed = v.replace(/^·+|·+$/g, '').replace(/·{2,}/g, '·');
    return { code: 'name.stray_dot', suggested: fixed };
  }
  return undefined;
}

export function checkNameResidential(
  v: string,
  p: NameResidentialParams,
  ctx: CheckContext,
): Issue | undefined {
  const plainHan = PLAIN_HAN.test(v);
  const key = plainHan ? v : v.length <= p.placeholderMaxLength ? v.toLowerCase() : undefined;
  if ((key !== undefined && p.placeholderSet.has(key)) || (!plainHan && PLACEHOLDER_SHAPE.test(v)))
    return { code: 'name.placeholder' };
  if ((!plainHan || v.includes('某')) && ANONYMISED_PERSON.test(v)) return { code: 'name.anonymised' };
  if (!plainHan) {
    const issue = characterIssue(v, p, ctx);
    if (issue) return issue;
  }
  const n = codePointLength(v);
  if (isNotPerson(v, n, p)) return { code: 'name.not_a_person' };
  if (p.honorificLast.has(v.slice(-1)) && p.honorific.test(v))
    return { code: 'name.honorific', severity: 'warning' };
  if (COMPOUND_SURNAMES.has(v)) return { code: 'name.surname_only' };
  if (n < p.minLength) return { code: 'name.too_short', params: { min: p.minLength } };
  if (v.includes('·')) {
    if (!PERSON_DOTTED.test(v)) return { code: 'name.too_long', params: { max: p.maxLength } };
    return undefined;
  }
  if (n > p.maxLength) return { code: 'name.too_long', params: { max: p.maxLength } };
  if (REPEATED.test(v)) return { code: 'name.repeated', severity: 'warning' };
  if (p.textbook.has(v)) return { code: 'name.textbook', severity: 'warning' };
  if (n > p.longTagLength) return { code: 'name.long', severity: 'info' };
  return undefined;
}

export const nameResidentialCheck: CheckKindDefinition<typeof NameResidentialParamsSchema> = {
  params: NameResidentialParamsSchema,
  fn: checkNameResidential,
  fields: ['name'],
  messages: {
    'name.placeholder': { zh: '户名为占位词（如“户主”“测试”）', en: 'placeholder instead of a name' },
    'name.anonymised': { zh: '户名被匿名化（如“张某”“王xx”）', en: 'anonymised name' },
    'name.lost_char': { zh: '户名含丢失的生僻字（?、□）', en: 'a character was lost on entry (?, □)' },
    'name.has_digit': { zh: '户名含数字', en: 'name contains digits' },
    'name.latin': { zh: '外文户名，请核对证件类型', en: 'Latin-letter name; check the document type' },
    'name.pinyin': {
      zh: '户名为拼音或外文，身份证户名应为汉字',
      en: 'pinyin/Latin name on a resident ID account',
    },
    'name.has_latin': { zh: '户名夹杂拉丁字母', en: 'name mixes Latin letters into Han characters' },
    'name.private_use_char': {
      zh: '户名含自造字（私用区字符）',
      en: 'private-use character (legacy self-made glyph)',
    },
    'name.bad_char': { zh: '户名含非法字符', en: 'name contains characters that are not allowed' },
    'name.stray_dot': { zh: '户名中的间隔号位置不对', en: 'misplaced middle dot' },
    'name.not_a_person': {
      zh: '户名像单位或公用设施，不像个人（请核实用电类别）',
      en: 'looks like an organisation or facility, not a person',
    },
    'name.honorific': { zh: '户名只有姓和称呼（如“王先生”）', en: 'surname plus a form of address only' },
    'name.surname_only': { zh: '户名只有复姓', en: 'compound surname only' },
    'name.too_short': { zh: '户名少于{min}个字', en: 'name shorter than {min} characters' },
    'name.too_long': { zh: '户名过长（超过{max}个字）', en: 'name longer than {max} characters' },
    'name.repeated': { zh: '户名为同一字重复', en: 'one character repeated' },
    'name.textbook': { zh: '户名疑似示例名（张三、李四）', en: 'textbook example name' },
    'name.long': { zh: '户名较长（冠夫姓或译名）', en: 'long name (married or transliterated name)' },
  },
};
