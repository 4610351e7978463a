// The validation API. Shapes come from the shared contract.
import type {
  FindingPage,
  FindingQueryInput,
  RunDto as Run,
  RunList,
  RunResponse,
  RunSummary,
  SummaryLevel,
} from '@qingyuan/contract/validation';
import { apiRequest } from '../../../lib/api-client.ts';

export type {
  FindingItem as Finding,
  FindingPage,
  RunDto as Run,
  RunStatus,
  RunSummary,
  Severity,
  SummaryCount,
  SummaryLevel,
  UnitScore,
} from '@qingyuan/contract/validation';

/** The findings filter as the page holds it: the query's filter fields as text, '' when not set. */
export type FindingFilter = Record<keyof Omit<FindingQueryInput, 'page' | 'pageSize'>, string>;

export const FINDINGS_PAGE_SIZE = 20;

export const isRunActive = (run: Run) => run.status === 'queued' || run.status === 'running';

/** Omit `unitCode` for the caller's whole region (the province for a coordinator, the city for a team member). */
export function startRun(unitCode?: string): Promise<RunResponse> {
  return apiRequest<RunResponse>('/api/v1/validation/runs', {
    method: 'POST',
    body: unitCode ? { unitCode } : {},
  });
}

export function listRuns(signal?: AbortSignal): Promise<RunList> {
  return apiRequest<RunList>('/api/v1/validation/runs', { signal });
}

export function getSummary(runId: string, level: SummaryLevel, signal?: AbortSignal): Promise<RunSummary> {
  return apiRequest<RunSummary>(
    `/api/v1/validation/runs/${encodeURIComponent(runId)}/summary?level=${level}`,
    { signal },
  );
}

export function listFindings(
  runId: string,
  filter: FindingFilter,
  page: number,
  signal?: AbortSignal,
): Promise<FindingPage> {
  const search = new URLSearchParams({ page: String(page), pageSize: String(FINDINGS_PAGE_SIZE) });
  for (const [key, value] of Object.entries(filter)) if (value) search.set(key, value);
  return apiRequest<FindingPage>(
    `/api/v1/validation/runs/${encodeURIComponent(runId)}/findings?${search.toString()}`,
    { signal },
  );
}

/** A plain link: the browser downloads it with the session cookie. */
export function findingsCsvUrl(runId: string): string {
  return `/api/v1/validation/runs/${encodeURIComponent(runId)}/findings.csv`;
}
