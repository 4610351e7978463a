// The one formatting layer of the web: everything a person reads that is not a sentence from the
// i18n files — codes the API speaks (roles, states, types…), dates, numbers — goes through here.
// Labels and dates come from @qingyuan/contract/labels, which the server's files use too.
import {
  formatDate as dateOf,
  formatDateTime as dateTimeOf,
  label,
  templateText,
  type LabelGroup,
} from '@qingyuan/contract/labels';

export { templateText };

/** 2026-12-06 18:30:05 in Beijing time, whatever the browser's zone or language says. */
export function formatDateTime(iso: string | null | undefined, _language?: string): string {
  return dateTimeOf(iso);
}

/** 2026-12-06, the Beijing calendar day. */
export function formatDate(iso: string | null | undefined): string {
  return dateOf(iso);
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language === 'en' ? 'en-US' : 'zh-CN').format(value);
}

/** A share from 0–1 as a percentage with one decimal (0.945 → 94.5%); a dash while there is none. */
export function formatRate(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** The label of a code (resident_id → 居民身份证 / Resident ID card). */
export function formatCode(group: LabelGroup, value: string | null | undefined, language: string): string {
  return label(group, value, language);
}

/** Empty values show as a dash so a blank cell is never mistaken for a rendering problem. */
export function orDash(value: string | null | undefined): string {
  return value === null || value === undefined || value.trim() === '' ? '—' : value;
}

// Customer fields whose values are codes: a change history or a preview shows their labels.
const CODED_FIELDS: Readonly<Record<string, LabelGroup>> = {
  status: 'customerStatus',
  customer_type: 'customerType',
  customerType: 'customerType',
  cert_type: 'certType',
  certType: 'certType',
};

/** A customer field's value as people read it: 在用 rather than active, 居民身份证 rather than resident_id. */
export function formatFieldValue(field: string, value: string | null | undefined, language: string): string {
  const group = CODED_FIELDS[field];
  if (!group || value === null || value === undefined || value === '') return value ?? '';
  return label(group, value, language);
}
