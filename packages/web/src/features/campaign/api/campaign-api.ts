// The campaign and weekly-report API. Shapes come from the shared contract.
import type {
  CampaignDto,
  CreatedCycle,
  CycleList,
  Phase,
  Settings,
  SnapshotResult,
  SubmittedWorkReport,
  TargetInput,
  TargetsResult,
  WorkReportInput,
  WorkReportList,
} from '@qingyuan/contract/campaign';
import type { WeeklyPreview, WeeklySendResult } from '@qingyuan/contract/reports';
import type { UnitList } from '@qingyuan/contract/worksheets';
import { apiRequest } from '../../../lib/api-client.ts';

export { PHASES } from '@qingyuan/contract/campaign-values';
export type { CampaignDto, CycleList, PhaseKey, TargetInput, WorkReport } from '@qingyuan/contract/campaign';
export type { Unit } from '@qingyuan/contract/worksheets';

/** ?campaignId= for a cycle other than the default one (the active, else the last closed). */
const cycle = (id: number | undefined) => (id === undefined ? '' : `?campaignId=${id}`);

export const fetchCampaign = (signal: AbortSignal, campaignId?: number) =>
  apiRequest<CampaignDto>(`/api/v1/campaign${cycle(campaignId)}`, { signal });
export const savePhases = (phases: Phase[], campaignId?: number) =>
  apiRequest(`/api/v1/campaign/phases${cycle(campaignId)}`, { method: 'PUT', body: { phases } });
export const savePilot = (stationCodes: string[], campaignId?: number) =>
  apiRequest(`/api/v1/campaign/pilot-stations${cycle(campaignId)}`, {
    method: 'PUT',
    body: { stationCodes },
  });
export const saveTargets = (targets: TargetInput[], campaignId?: number) =>
  apiRequest<TargetsResult>(`/api/v1/campaign/targets${cycle(campaignId)}`, {
    method: 'PUT',
    body: { targets },
  });
export const saveSettings = (settings: Settings, campaignId?: number) =>
  apiRequest(`/api/v1/campaign/settings${cycle(campaignId)}`, { method: 'PUT', body: settings });
export const fetchCycles = (signal: AbortSignal) =>
  apiRequest<CycleList>('/api/v1/campaign/cycles', { signal });
export const createCycle = (name: string) =>
  apiRequest<CreatedCycle>('/api/v1/campaign/cycles', { method: 'POST', body: { name } });
export const moveCycle = (id: number, to: 'activate' | 'close') =>
  apiRequest(`/api/v1/campaign/cycles/${id}/${to}`, { method: 'POST' });
export const takeSnapshot = (kind: 'week' | 'month') =>
  apiRequest<SnapshotResult>('/api/v1/campaign/snapshots', { method: 'POST', body: { kind } });
export const fetchPreview = (signal: AbortSignal) =>
  apiRequest<WeeklyPreview>('/api/v1/reports/weekly/preview', { signal });
/** `early`: the coordinator confirmed "send now with figures as of now" before the cut-off. */
export const sendReports = (early = false) =>
  apiRequest<WeeklySendResult>('/api/v1/reports/weekly/send', { method: 'POST', body: { early } });
export const fetchWorkReports = (signal: AbortSignal) =>
  apiRequest<WorkReportList>('/api/v1/campaign/work-reports', { signal });
export const submitWorkReport = (body: WorkReportInput) =>
  apiRequest<SubmittedWorkReport>('/api/v1/campaign/work-reports', { method: 'PUT', body });
/** The stations the pilot picker offers (the units the caller may work on, city → county → station). */
export const fetchUnits = (signal: AbortSignal) =>
  apiRequest<UnitList>('/api/v1/worksheets/units', { signal });
