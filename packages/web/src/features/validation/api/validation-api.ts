import { apiRequest } from '../../../lib/api-client.ts';

export type RunStatus = 'queued' | 'running' | 'completed' | 'failed';
export type Severity = 'error' | 'warning' | 'info';
export type SummaryLevel = 'city' | 'county' | 'station';

export type Run = {
  id: string;
  ruleSetVersion: number;
  /** null = the whole province. */
  cityCode: string | null;
  countyCode: string | null;
  status: RunStatus;
  rowsTotal: number;
  rowsDone: number;
  rowsPerSecond: number;
  etaSeconds: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  createdBy: string | null;
};

export type SummaryCount = {
  cityCode: string;
  countyCode: string | null;
  stationCode: string | null;
  field: string;
  ruleId: string;
  severity: Severity;
  customers: number;
  findings: number;
};

export type UnitScore = {
  code: string;
  name: string;
  customersChecked: number;
  customersWithError: number;
  /** Share of checked customers without any error (1 = clean); null when none were checked. */
  score: number | null;
};

export type RunSummary = { run: Run; level: SummaryLevel; counts: SummaryCount[]; units: UnitScore[] };

export type Finding = {
  id: string;
  customerId: string;
  customerNo: string;
  customerName: string;
  cityCode: string;
  countyCode: string;
  stationCode: string;
  ruleId: string;
  field: string;
  code: string;
  severity: Severity;
  message: { zh: string; en: string };
  suggested: string | null;
};

export type FindingFilter = { field: string; ruleId: string; severity: string; stationCode: string };
export type FindingPage = { items: Finding[]; total: number; page: number; pageSize: number };

export const FINDINGS_PAGE_SIZE = 20;

export const isRunActive = (run: Run) => run.status === 'queued' || run.status === 'running';

/** Omit `unitCode` for the caller's whole region (the province for a coordinator, the city for a team member). */
export function startRun(unitCode?: string): Promise<{ run: Run }> {
  return apiRequest<{ run: Run }>('/api/v1/validation/runs', {
    method: 'POST',
    body: unitCode ? { unitCode } : {},
  });
}

export function listRuns(signal?: AbortSignal): Promise<{ items: Run[] }> {
  return apiRequest<{ items: Run[] }>('/api/v1/validation/runs', { signal });
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
