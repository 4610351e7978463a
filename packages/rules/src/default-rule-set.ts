// The default rule set: the first version a fresh installation activates. Rule ids are stable;
// coordinators tune params, severities and messages in new versions rather than changing ids.
import type { RuleInput, RuleSetInput } from './rule-document.ts';

const residential = { customerTypes: ['residential'] };
const nonResidential = { customerTypes: ['non_residential'] };

const nameRules: RuleInput[] = [
  {
    id: 'NAME-01',
    field: 'name',
    kind: 'required',
    params: {},
    severity: 'error',
    appliesTo: {},
    enabled: true,
    message: { zh: '户名为空', en: 'Name is empty' },
  },
  {
    id: 'NAME-02',
    field: 'name',
    kind: 'normalized',
    params: {},
    severity: 'info',
    appliesTo: {},
    enabled: true,
    message: {
      zh: '户名格式不规范（空格、全角字符或间隔号），可自动修正',
      en: 'Name not in normal form (spaces, full-width characters or dot variant); auto-fixable',
    },
  },
  {
    id: 'NAME-03',
    field: 'name',
    kind: 'name.residential',
    params: {},
    severity: 'error',
    appliesTo: residential,
    enabled: true,
    message: { zh: '居民户名：{detail}', en: 'Residential name: {detail}' },
  },
  {
    id: 'NAME-04',
    field: 'name',
    kind: 'name.organisation',
    params: {},
    severity: 'error',
    appliesTo: nonResidential,
    enabled: true,
    message: { zh: '非居民户名：{detail}', en: 'Non-residential name: {detail}' },
  },
];

const addressRules: RuleInput[] = [
  {
    id: 'ADDR-01',
    field: 'address',
    kind: 'required',
    params: {},
    severity: 'error',
    appliesTo: {},
    enabled: true,
    message: { zh: '用电地址为空', en: 'Address is empty' },
  },
  {
    id: 'ADDR-02',
    field: 'address',
    kind: 'normalized',
    params: {},
    severity: 'info',
    appliesTo: {},
    enabled: true,
    message: {
      zh: '用电地址格式不规范（空格或全角字符），可自动修正',
      en: 'Address not in normal form (spaces or full-width characters); auto-fixable',
    },
  },
  {
    id: 'ADDR-03',
    field: 'address',
    kind: 'address',
    params: {},
    severity: 'error',
    appliesTo: {},
    enabled: true,
    message: { zh: '用电地址：{detail}', en: 'Address: {detail}' },
  },
];

const certRules: RuleInput[] = [
  {
    id: 'ID-01',
    field: 'cert_no',
    kind: 'required',
    params: {},
    severity: 'error',
    appliesTo: {},
    enabled: true,
    message: { zh: '证件号码为空', en: 'Certificate number is empty' },
  },
  {
    id: 'ID-02',
    field: 'cert_no',
    kind: 'normalized',
    params: {},
    severity: 'info',
    appliesTo: {},
    enabled: true,
    message: {
      zh: '证件号码格式不规范（空格、小写x或全角字符），可自动修正',
      en: 'Certificate number not in normal form; auto-fixable',
    },
  },
  {
    id: 'ID-03',
    field: 'cert_no',
    kind: 'resident_id',
    params: {},
    severity: 'error',
    appliesTo: { certTypes: ['resident_id'] },
    enabled: true,
    message: { zh: '居民身份证号码：{detail}', en: 'Resident ID number: {detail}' },
  },
  {
    id: 'ID-04',
    field: 'cert_no',
    kind: 'uscc',
    params: {},
    severity: 'error',
    appliesTo: { certTypes: ['uscc'] },
    enabled: true,
    message: { zh: '统一社会信用代码：{detail}', en: 'Unified social credit code: {detail}' },
  },
  {
    id: 'ID-05',
    field: 'cert_no',
    kind: 'cert_consistency',
    params: {},
    severity: 'warning',
    appliesTo: {},
    enabled: true,
    message: {
      zh: '证件与客户类型不符：{detail}',
      en: 'Certificate does not fit the customer type: {detail}',
    },
  },
  {
    id: 'ID-06',
    field: 'cert_type',
    kind: 'cert_consistency',
    params: {},
    severity: 'warning',
    appliesTo: {},
    enabled: true,
    message: {
      zh: '证件类型与客户类型不符：{detail}',
      en: 'Certificate type does not fit the customer type: {detail}',
    },
  },
  {
    id: 'ID-07',
    field: 'cert_type',
    kind: 'enum',
    params: { values: ['resident_id', 'uscc', 'other'] },
    severity: 'warning',
    appliesTo: {},
    enabled: true,
    message: { zh: '证件类型无效：{detail}', en: 'Unknown certificate type: {detail}' },
  },
];

// ── PHONE RULES (mobile, landline) — owned by the phone helper ──────────────────────────────
// The phone kinds report separators, prefixes and full-width digits themselves (code *.format,
// with the canonical form as suggestion), so there is no `normalized` rule for phones.
const phoneRules: RuleInput[] = [
  {
    id: 'MOB-01',
    field: 'mobile',
    kind: 'required',
    params: {},
    severity: 'warning',
    appliesTo: {},
    enabled: true,
    message: { zh: '手机号为空，无法发送短信', en: 'Mobile number is empty; SMS cannot reach the customer' },
  },
  {
    id: 'MOB-02',
    field: 'mobile',
    kind: 'mobile',
    params: {},
    severity: 'error',
    appliesTo: {},
    enabled: true,
    message: { zh: '手机号：{detail}', en: 'Mobile: {detail}' },
  },
  {
    id: 'TEL-01',
    field: 'landline',
    kind: 'landline',
    params: {},
    severity: 'error',
    appliesTo: {},
    enabled: true,
    message: { zh: '固定电话：{detail}', en: 'Landline: {detail}' },
  },
];
// ── END PHONE RULES ──────────────────────────────────────────────────────────────────────────

/**
 * The default rule set document (version 1): name, address and certificate rules, then phones.
 * @example compileRuleSet(defaultRuleSet, { today: '2026-11-27' })
 */
export const defaultRuleSet: RuleSetInput = {
  version: 1,
  rules: [...nameRules, ...addressRules, ...certRules, ...phoneRules],
  crossRecord: {
    sharedMobile: { enabled: true, minHolders: 5, errorHolders: 50 },
    certNameConflict: { enabled: true },
    likelyDuplicate: { enabled: true, maxGroupSize: 50 },
  },
};
