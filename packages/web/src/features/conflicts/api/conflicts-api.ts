// The conflicts API (冲突处理). Shapes come from the shared contract.
import type {
  ConflictPage,
  ConflictSummary,
  ResolveAction,
  ResolveResult,
} from '@qingyuan/contract/conflicts';
import { apiRequest } from '../../../lib/api-client.ts';

export type { Conflict, ResolveAction } from '@qingyuan/contract/conflicts';

/** filter: unit, field, minAgeDays (empty values are left out) */
export function listConflicts(
  filter: Readonly<Record<string, string>>,
  page: number,
  signal?: AbortSignal,
): Promise<ConflictPage> {
  const params = new URLSearchParams({ page: String(page), pageSize: '50' });
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return apiRequest<ConflictPage>(`/api/v1/conflicts?${params}`, { signal });
}

export function conflictSummary(signal?: AbortSignal): Promise<ConflictSummary> {
  return apiRequest<ConflictSummary>('/api/v1/conflicts/summary', { signal });
}

export function resolveConflicts(
  ids: number[],
  action: ResolveAction,
  value?: string,
): Promise<ResolveResult> {
  return apiRequest<ResolveResult>('/api/v1/conflicts/resolve', {
    method: 'POST',
    body: { ids, action, ...(value ? { value } : {}) },
  });
}
