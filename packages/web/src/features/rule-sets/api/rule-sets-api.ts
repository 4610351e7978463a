// The rule-sets API. Shapes come from the shared contract; RuleView is the page's own reading
// of a stored document (the document itself is free-form JSON on the wire).
import type { Preview, RuleSetDetail, RuleSetList } from '@qingyuan/contract/rule-sets';
import type { Severity } from '@qingyuan/contract/validation';
import { apiRequest } from '../../../lib/api-client.ts';

export type { CityPreview, Preview, RuleSetDetail, RuleSetSummary } from '@qingyuan/contract/rule-sets';
export type { Severity } from '@qingyuan/contract/validation';

/** One rule as the page reads it; anything else in the document is kept untouched. */
export type RuleView = {
  id: string;
  field: string;
  kind: string;
  severity: Severity;
  enabled: boolean;
  appliesTo: { customerTypes?: string[]; certTypes?: string[]; regions?: string[] };
  message: { zh: string; en: string };
};

export const PREVIEW_SAMPLE_SIZE = 20_000;

export function listRuleSets(signal?: AbortSignal): Promise<RuleSetList> {
  return apiRequest<RuleSetList>('/api/v1/rule-sets', { signal });
}

export function getRuleSet(version: number, signal?: AbortSignal): Promise<RuleSetDetail> {
  return apiRequest<RuleSetDetail>(`/api/v1/rule-sets/${version}`, { signal });
}

export function createRuleSet(document: Record<string, unknown>, note: string): Promise<RuleSetDetail> {
  return apiRequest<RuleSetDetail>('/api/v1/rule-sets', { method: 'POST', body: { document, note } });
}

export function previewRuleSet(version: number): Promise<Preview> {
  return apiRequest<Preview>(`/api/v1/rule-sets/${version}/preview`, {
    method: 'POST',
    body: { sampleSize: PREVIEW_SAMPLE_SIZE },
  });
}

export function activateRuleSet(version: number, fullRun: boolean): Promise<RuleSetDetail> {
  return apiRequest<RuleSetDetail>(`/api/v1/rule-sets/${version}/activate`, {
    method: 'POST',
    body: { fullRun },
  });
}

const asStrings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.map(String) : undefined;

/** Reads the rules out of a stored document defensively: the page must render whatever is there. */
export function rulesOf(document: Record<string, unknown>): RuleView[] {
  const rules = Array.isArray(document.rules) ? (document.rules as unknown[]) : [];
  return rules.map((raw) => {
    const rule = (raw ?? {}) as Record<string, unknown>;
    const appliesTo = (rule.appliesTo ?? {}) as Record<string, unknown>;
    const message = (rule.message ?? {}) as Record<string, unknown>;
    return {
      id: String(rule.id ?? ''),
      field: String(rule.field ?? ''),
      kind: String(rule.kind ?? ''),
      severity: (rule.severity as Severity) ?? 'error',
      enabled: rule.enabled !== false,
      appliesTo: {
        customerTypes: asStrings(appliesTo.customerTypes),
        certTypes: asStrings(appliesTo.certTypes),
        regions: asStrings(appliesTo.regions),
      },
      message: { zh: String(message.zh ?? ''), en: String(message.en ?? '') },
    };
  });
}
