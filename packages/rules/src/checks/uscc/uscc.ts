// `uscc` (GB 32100-2015; catalogue §4, CC-01…06): charset without I/O/Z/S/V, MOD 31 check
// character, registration authority × category, region, the embedded GB 11714 organisation-code
// check digit, legacy 15-digit registration numbers and 9-character organisation codes.
import { z } from 'zod';
import { getGazetteer } from '../../gazetteer/gazetteer.ts';
import type { CheckKindDefinition } from '../../registry.ts';
import type { CheckContext, Issue } from '../../types.ts';

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 32100 check character over the first 17 characters (undefined when a character is outside the set). */
export function usccCheckChar(first17: string): string | undefined {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(first17[i] ?? '?');
    if (v < 0) return undefined;
    sum += v * (USCC_WEIGHTS[i] ?? 0);
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31];
}

/** GB 11714 check character of an 8-character organisation-code body (digits and A–Z). */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8.charCodeAt(i);
    const v = c <= 57 ? c - 48 : c - 55;
    sum += v * (ORG_WEIGHTS[i] ?? 0);
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

// Registration authority → allowed categories.
const CATEGORIES: Readonly<Record<string, string>> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

const FORMAT = /^[0-9A-HJ-NPQRTUWXY]{18}$/;
const ANY_18 = /^[0-9A-Z]{18}$/;
const REG_NO_15 = /^[0-9]{15}$/;
const ORG_CODE_9 = /^[0-9A-Z]{8}[0-9X]$/;

export const UsccParamsSchema = z
  .strictObject({
    /** Codes accepted as they are (pilot-era codes that fail the check, e.g. 91350100M0001TGQXM). */
    whitelist: z.array(z.string()).default(['91350100M0001TGQXM']),
  })
  .transform((p) => ({ allowed: new Set(p.whitelist.map((c) => c.toUpperCase())) }));
export type UsccParams = z.output<typeof UsccParamsSchema>;

/**
 * Whether a normalised value reads as a USCC at all (CC-01…05): charset, check character, a valid
 * registration authority × category pair, a province (or 10, central) and the embedded
 * organisation-code check digit. An 18-digit resident ID
 * matches the MOD 31 character one time in 31 by chance; its "authority and province" rarely fit.
 * @example isUsccShaped('91530426MA6K12349C') // true; isUsccShaped('530103194706003104') // false
 */
export function isUsccShaped(value: string): boolean {
  if (value.length !== 18 || !FORMAT.test(value) || usccCheckChar(value) !== value[17]) return false;
  if (!CATEGORIES[value[0] ?? '']?.includes(value[1] ?? '-')) return false;
  const province = value.slice(2, 4);
  if (province !== '10' && getGazetteer().division(province) === undefined) return false;
  return orgCodeCheckChar(value.slice(8, 16)) === value[16];
}

export function checkUscc(value: string, p: UsccParams, _ctx?: CheckContext): Issue | undefined {
  if (p.allowed.has(value)) return undefined;
  if (REG_NO_15.test(value)) return { code: 'uscc.legacy_reg_no', severity: 'warning' };
  if (ORG_CODE_9.test(value)) return { code: 'uscc.legacy_org_code', severity: 'warning' };
  if (value.length !== 18) return { code: 'uscc.bad_length', params: { length: [...value].length } };
  if (!FORMAT.test(value)) return { code: ANY_18.test(value) ? 'uscc.bad_charset' : 'uscc.bad_format' };
  if (usccCheckChar(value) !== value[17]) return { code: 'uscc.bad_checksum' };
  if (!CATEGORIES[value[0] ?? '']?.includes(value[1] ?? '-')) return { code: 'uscc.bad_dept_category' };
  const province = value.slice(2, 4);
  if (province !== '10' && getGazetteer().division(province) === undefined) {
    return { code: 'uscc.bad_region', severity: 'warning', params: { region: value.slice(2, 8) } };
  }
  if (orgCodeCheckChar(value.slice(8, 16)) !== value[16])
    return { code: 'uscc.bad_org_check', severity: 'warning' };
  return undefined;
}

export const usccCheck: CheckKindDefinition<typeof UsccParamsSchema> = {
  params: UsccParamsSchema,
  fn: checkUscc,
  fields: ['cert_no'],
  messages: {
    'uscc.legacy_reg_no': {
      zh: '15位旧工商注册号，请更换为统一社会信用代码',
      en: 'legacy 15-digit registration number; ask for the credit code',
    },
    'uscc.legacy_org_code': {
      zh: '9位组织机构代码，请更换为统一社会信用代码',
      en: 'legacy 9-character organisation code; ask for the credit code',
    },
    'uscc.bad_length': {
      zh: '统一社会信用代码应为18位，实为{length}位',
      en: 'must be 18 characters, got {length}',
    },
    'uscc.bad_charset': {
      zh: '含不允许的字母（I、O、Z、S、V）',
      en: 'contains a letter not allowed (I, O, Z, S, V)',
    },
    'uscc.bad_format': { zh: '含非法字符', en: 'contains characters other than digits and letters' },
    'uscc.bad_checksum': { zh: '校验码错误', en: 'check character is wrong' },
    'uscc.bad_dept_category': {
      zh: '登记管理部门或机构类别代码无效',
      en: 'registration authority / category pair is not valid',
    },
    'uscc.bad_region': {
      zh: '登记管理机关行政区划码{region}无效',
      en: 'registration region {region} is not valid',
    },
    'uscc.bad_org_check': {
      zh: '主体标识码（组织机构代码）校验位错误',
      en: 'embedded organisation-code check digit is wrong',
    },
  },
};
