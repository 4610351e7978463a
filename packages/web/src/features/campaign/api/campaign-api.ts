import { apiRequest } from '../../../lib/api-client.ts';

export type Phase = 'deployment' | 'pilot' | 'rollout';
export const PHASES: Phase[] = ['deployment', 'pilot', 'rollout'];
export type Weights = {
  progress: number;
  normativity: number;
  timeliness: number;
  quality: number;
  sample: number;
};
export type Campaign = {
  id: number;
  name: string;
  today: string;
  currentPhase: Phase | null;
  phases: { phase: Phase; startsOn: string; endsOn: string }[];
  cities: { code: string; name: string }[];
  pilotStations: { stationCode: string; stationName: string; cityCode: string; countyCode: string }[];
  targets: { cityCode: string; phase: Phase; targetPct: number; deadline: string; updatedAt: string }[];
  settings: { yellowMarginPct: number; weights: Weights };
};
export type WorkReport = {
  kind: 'week' | 'month';
  periodKey: string;
  cityCode: string;
  done: string;
  problems: string;
  plan: string;
  stationPlan: { stationCode: string; planned: number; note: string }[];
  dueAt: string;
  submittedAt: string;
  isLate: boolean;
};
export type ReportPreview = {
  week: string;
  items: {
    userId: number;
    name: string;
    cityCode: string | null;
    phone: string | null;
    body: string | null;
    isStored: boolean;
    smsStatus: string | null;
  }[];
};

export const fetchCampaign = (signal: AbortSignal) => apiRequest<Campaign>('/api/v1/campaign', { signal });
export const savePhases = (phases: Campaign['phases']) =>
  apiRequest('/api/v1/campaign/phases', { method: 'PUT', body: { phases } });
export const savePilot = (stationCodes: string[]) =>
  apiRequest('/api/v1/campaign/pilot-stations', { method: 'PUT', body: { stationCodes } });
export const saveTargets = (targets: Omit<Campaign['targets'][number], 'updatedAt'>[]) =>
  apiRequest<{ changed: number }>('/api/v1/campaign/targets', { method: 'PUT', body: { targets } });
export const saveSettings = (settings: Campaign['settings']) =>
  apiRequest('/api/v1/campaign/settings', { method: 'PUT', body: settings });
export const takeSnapshot = (kind: 'week' | 'month') =>
  apiRequest<{ periodKey: string; isNew: boolean }>('/api/v1/campaign/snapshots', {
    method: 'POST',
    body: { kind },
  });
export const fetchPreview = (signal: AbortSignal) =>
  apiRequest<ReportPreview>('/api/v1/reports/weekly/preview', { signal });
export const sendReports = () =>
  apiRequest<{ stored: number; queued: number }>('/api/v1/reports/weekly/send', { method: 'POST' });
export const fetchWorkReports = (signal: AbortSignal) =>
  apiRequest<{ currentWeek: string; currentMonth: string; items: WorkReport[] }>(
    '/api/v1/campaign/work-reports',
    { signal },
  );
export const submitWorkReport = (body: Omit<WorkReport, 'cityCode' | 'dueAt' | 'submittedAt' | 'isLate'>) =>
  apiRequest<WorkReport>('/api/v1/campaign/work-reports', { method: 'PUT', body });
