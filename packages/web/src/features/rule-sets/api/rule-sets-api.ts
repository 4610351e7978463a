import { apiRequest } from '../../../lib/api-client.ts';

export type Severity = 'error' | 'warning' | 'info';

export type RuleSetSummary = {
  version: number;
  note: string;
  ruleCount: number;
  isActive: boolean;
  createdAt: string;
  activatedAt: string | null;
  createdBy: string | null;
};

/** The document is what a coordinator edits; its shape is checked by the server when saved. */
export type RuleSetDetail = RuleSetSummary & { document: Record<string, unknown> };

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

export type CityPreview = {
  cityCode: string;
  cityName: string;
  sampled: number;
  flaggedActive: number;
  flaggedCandidate: number;
  more: number;
  fewer: number;
};

export type Preview = {
  activeVersion: number;
  candidateVersion: number;
  sampled: number;
  more: number;
  fewer: number;
  flaggedActive: number;
  flaggedCandidate: number;
  byCity: CityPreview[];
};

export const PREVIEW_SAMPLE_SIZE = 20_000;

export function listRuleSets(signal?: AbortSignal): Promise<{ items: RuleSetSummary[] }> {
  return apiRequest<{ items: RuleSetSummary[] }>('/api/v1/rule-sets', { signal });
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

export function activateRuleSet(version: number): Promise<RuleSetDetail> {
  return apiRequest<RuleSetDetail>(`/api/v1/rule-sets/${version}/activate`, { method: 'POST' });
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
