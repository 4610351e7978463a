// The quality monitoring API (质量监测). Shapes come from the shared contract.
import type {
  DueList,
  MonitoringSettings,
  Overview,
  RefreshResult,
  RuleMoves,
  SettingsSaved,
  Trend,
  UnitFigures,
} from '@qingyuan/contract/monitoring';
import { apiRequest } from '../../../lib/api-client.ts';

export type { DueList, MonitoringSettings, Overview, RuleMoves, Trend, UnitFigures };

const query = (params: Record<string, string | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) s.set(k, v);
  const text = s.toString();
  return text ? `?${text}` : '';
};

export const fetchOverview = (unit: string | undefined, week: string | undefined, signal: AbortSignal) =>
  apiRequest<Overview>(`/api/v1/monitoring/overview${query({ unit, week })}`, { signal });
export const fetchTrend = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<Trend>(`/api/v1/monitoring/trend${query({ unit })}`, { signal });
export const fetchRuleMoves = (unit: string | undefined, week: string | undefined, signal: AbortSignal) =>
  apiRequest<RuleMoves>(`/api/v1/monitoring/rules${query({ unit, week })}`, { signal });
export const fetchDue = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<DueList>(`/api/v1/monitoring/due${query({ unit })}`, { signal });
export const saveSettings = (settings: MonitoringSettings) =>
  apiRequest<SettingsSaved>('/api/v1/monitoring/settings', { method: 'PUT', body: settings });
export const refreshWeek = () => apiRequest<RefreshResult>('/api/v1/monitoring/refresh', { method: 'POST' });
