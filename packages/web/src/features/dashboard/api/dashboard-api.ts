// The dashboard API. Shapes come from the shared contract.
import type { CampaignDto } from '@qingyuan/contract/campaign';
import type {
  Gate,
  Kpis,
  PeriodKind,
  Quality,
  Ranking,
  RoundTrip,
  Trend,
  WorkStatus,
} from '@qingyuan/contract/dashboard';
import { apiRequest } from '../../../lib/api-client.ts';

export type { CampaignDto } from '@qingyuan/contract/campaign';
export type {
  Gate,
  Kpis,
  PeriodKind,
  Quality,
  Ranking,
  RankingItem,
  RoundTrip,
  TrafficLight,
  Trend,
  WorkStatus,
} from '@qingyuan/contract/dashboard';

const q = (unit: string | undefined) => (unit ? `?unit=${encodeURIComponent(unit)}` : '');

export const fetchKpis = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<Kpis>(`/api/v1/dashboard/kpis${q(unit)}`, { signal });
/** `?unit=…&period=…`: the view and week or month */
const qp = (unit: string | undefined, period: PeriodKind) => {
  const p = new URLSearchParams({ period });
  if (unit) p.set('unit', unit);
  return `?${p}`;
};

export const fetchRanking = (unit: string | undefined, period: PeriodKind, signal: AbortSignal) =>
  apiRequest<Ranking>(`/api/v1/dashboard/ranking${qp(unit, period)}`, { signal });
export const fetchTrend = (unit: string | undefined, period: PeriodKind, signal: AbortSignal) =>
  apiRequest<Trend>(`/api/v1/dashboard/trend${qp(unit, period)}`, { signal });
export const fetchRoundTrip = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<RoundTrip>(`/api/v1/dashboard/round-trip${q(unit)}`, { signal });
export const fetchQuality = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<Quality>(`/api/v1/dashboard/quality${q(unit)}`, { signal });
export const fetchGate = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<Gate>(`/api/v1/dashboard/entry-gate${q(unit)}`, { signal });
export const fetchWorkStatus = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<WorkStatus>(`/api/v1/dashboard/work-reports${q(unit)}`, { signal });
export const fetchCampaign = (signal: AbortSignal) => apiRequest<CampaignDto>('/api/v1/campaign', { signal });
export const exportUrl = (kind: 'week' | 'month') => `/api/v1/reports/export.xlsx?kind=${kind}`;

/**
 * Prints the dashboard once the server has put the print on the access log (打印留有记录): if it
 * cannot record it, the error is thrown and nothing is printed.
 */
export async function printRecorded(unit: string | undefined): Promise<void> {
  await apiRequest<void>('/api/v1/audit/prints', {
    method: 'POST',
    body: { page: 'dashboard', scope: { unit: unit ?? null } },
  });
  window.print();
}
