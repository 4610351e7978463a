// What a person reads for each code the API speaks: one table of zh-CN and English labels for
// every enum value, and one way to write dates (YYYY-MM-DD, Beijing time). The web's format layer
// and the server's files (worksheets, xlsx reports) both read it, so a page and the file printed
// from it say the same words. No zod here: the web imports it at run time.

export type Lang = 'zh-CN' | 'en';
type Pair = readonly [zh: string, en: string];

export const LABELS = {
  role: {
    admin: ['系统管理员', 'Administrator'],
    coordinator: ['省公司协调员', 'Province coordinator'],
    city_member: ['地市工作组成员', 'City team member'],
    agent: ['客服坐席', 'Call-centre agent'],
    manager: ['管理人员', 'Manager'],
    integration: ['系统接口', 'Integration'],
    auditor: ['审计员', 'Auditor'],
  },
  customerType: { residential: ['居民', 'Residential'], non_residential: ['非居民', 'Non-residential'] },
  certType: {
    resident_id: ['居民身份证', 'Resident ID card'],
    uscc: ['统一社会信用代码', 'Unified social credit code'],
    other: ['其他证件', 'Other certificate'],
  },
  customerStatus: { active: ['在用', 'Active'], closed: ['销户', 'Closed'] },
  changeSource: {
    load: ['源系统导入', 'Source load'],
    worksheet: ['现场核实表', 'Worksheet'],
    call: ['电话核实', 'Call'],
    sms: ['短信回复', 'SMS reply'],
    api: ['接口', 'API'],
    manual: ['人工修改', 'Manual edit'],
    resolution: ['冲突处理', 'Conflict resolution'],
    retention: ['保管期满匿名', 'Retention (anonymised)'],
  },
  verificationState: {
    not_started: ['未核实', 'Not started'],
    in_field: ['现场核实中', 'In the field'],
    confirmed: ['核实无误', 'Confirmed'],
    corrected: ['已更正', 'Corrected'],
    unreachable: ['无法联系', 'Unreachable'],
    closed: ['已销户', 'Closed'],
    not_found: ['现场无此户', 'Not found'],
  },
  trafficLight: { green: ['绿灯', 'Green'], yellow: ['黄灯', 'Yellow'], red: ['红灯', 'Red'] },
  unitLevel: {
    province: ['省公司', 'Province'],
    city: ['地市公司', 'City company'],
    county: ['县公司', 'County company'],
    station: ['供电所', 'Station'],
  },
  phase: {
    deployment: ['安排部署', 'Deployment'],
    pilot: ['试点开展', 'Pilot'],
    rollout: ['全面开展', 'Rollout'],
  },
  severity: { error: ['错误', 'Error'], warning: ['警告', 'Warning'], info: ['提示', 'Info'] },
  uploadStatus: {
    previewed: ['待确认', 'Awaiting apply'],
    committed: ['已导入', 'Applied'],
    discarded: ['已放弃', 'Discarded'],
    expired: ['已过期', 'Expired'],
  },
  field: {
    customer_no: ['户号', 'Customer no.'],
    name: ['户名', 'Name'],
    address: ['用电地址', 'Address'],
    mobile: ['手机号码', 'Mobile'],
    landline: ['固定电话', 'Landline'],
    cert_type: ['证件类型', 'Certificate type'],
    cert_no: ['证件号码', 'Certificate no.'],
    customer_type: ['客户类型', 'Customer type'],
    status: ['状态', 'Status'],
    voltage_class: ['电压等级', 'Voltage class'],
    station_code: ['供电所', 'Station'],
  },
  smsProvider: {
    outbox: ['模拟通道（不真实发送）', 'Simulated outbox (nothing is sent)'],
    twilio: ['Twilio 国际短信', 'Twilio'],
    aliyun: ['阿里云短信', 'Aliyun SMS'],
  },
  /** Why a number looks like a placeholder (packages/rules phone/placeholder.ts). */
  placeholderReason: {
    known: ['已知占位号码', 'a known placeholder'],
    repdigit: ['数字全部相同', 'all digits the same'],
    tail_same: ['尾号多位相同', 'same digits at the end'],
    ascending_run: ['连续递增数字', 'an ascending run'],
    descending_run: ['连续递减数字', 'a descending run'],
  },
} as const satisfies Record<string, Record<string, Pair>>;

export type LabelGroup = keyof typeof LABELS;

/** The label of one code; an unknown code shows as itself (so a new value is visible, not blank). */
export function label(group: LabelGroup, value: string | null | undefined, lang: string): string {
  if (value === null || value === undefined || value === '') return '—';
  const pair = (LABELS[group] as Record<string, Pair>)[value];
  if (!pair) return value;
  return lang === 'en' ? pair[1] : pair[0];
}

/** Every code with a label: what the raw-value scans (pages, exported files) look for. */
export function labelledCodes(): Set<string> {
  return new Set(Object.values(LABELS).flatMap((group) => Object.keys(group)));
}

// China has had no daylight saving time since 1991: Beijing time is UTC+8 all year.
const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

function beijingIso(value: Date | string): string | null {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return null;
  return new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString();
}

/** 2026-12-06, the Beijing calendar day of an instant. */
export function formatDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  return beijingIso(value)?.slice(0, 10) ?? String(value);
}

/** 2026-12-06 18:30:05, Beijing time, in every language (never DD/MM or MM/DD). */
export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const iso = beijingIso(value);
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : String(value);
}

/** 2026-12-06 18:30, Beijing time, without seconds: for files and short lists. */
export function formatDateMinute(value: Date | string | null | undefined): string {
  const full = formatDateTime(value);
  return full.length === 19 ? full.slice(0, 16) : full;
}

/**
 * A rule's message template as people read it: `{detail}` and the other placeholders stand for
 * the finding's own words, which a template alone does not have, so they show as an ellipsis.
 */
export function templateText(text: string): string {
  return text.replace(/[：:]?\s*\{[A-Za-z_][A-Za-z0-9_]*\}/g, (m) =>
    m.startsWith('：') || m.startsWith(':') ? `${m[0]}…` : '…',
  );
}
