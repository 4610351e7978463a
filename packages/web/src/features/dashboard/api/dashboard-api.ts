import { apiRequest } from '../../../lib/api-client.ts';

export type TrafficLight = 'green' | 'yellow' | 'red';
export type Phase = 'deployment' | 'pilot' | 'rollout';

export type Kpis = {
  region: {
    level: 'province' | 'city' | 'county';
    code: string | null;
    cityCode: string | null;
    countyCode: string | null;
  };
  phase: Phase;
  customers: number;
  inScope: number;
  verified: number;
  inField: number;
  unreachable: number;
  completionPct: number;
  expectedPct: number | null;
  status: TrafficLight | null;
  smsSuccessRate: number | null;
  smsFinished: number;
  smsInterval: [number, number] | null;
  callErrorRate: number | null;
  openErrors: number;
};

export type RankingItem = {
  level: 'province' | 'city' | 'county' | 'station';
  unitCode: string;
  name: string;
  cityCode: string | null;
  inScope: number;
  verified: number;
  completionPct: number;
  changePct: number | null;
  rank: number | null;
  rankChange: number | null;
  expectedPct: number | null;
  targetPct: number | null;
  status: TrafficLight | null;
  liveCompletionPct: number | null;
};
export type Ranking = { periodKey: string | null; cityCount: number | null; items: RankingItem[] };

export type Trend = {
  units: { code: string; name: string }[];
  points: {
    periodKey: string;
    completionPct: number | null;
    expectedPct: number | null;
    values: Record<string, number>;
  }[];
};

export type Quality = {
  periodKey: string | null;
  items: {
    cityCode: string;
    name: string;
    progress: number | null;
    normativity: number | null;
    timeliness: number | null;
    quality: number | null;
    sample: number | null;
    score: number;
    rank: number;
  }[];
};

export type Gate = {
  since: string;
  items: { stationCode: string; name: string; records: number; withError: number; failRate: number | null }[];
};
export type WorkStatus = {
  week: string;
  dueAt: string;
  items: {
    cityCode: string;
    name: string;
    status: 'on_time' | 'late' | 'missing' | 'pending';
    submittedAt: string | null;
  }[];
};
export type CampaignInfo = {
  id: number;
  name: string;
  today: string;
  currentPhase: Phase | null;
  phases: { phase: Phase; startsOn: string; endsOn: string }[];
};

const q = (unit: string | undefined) => (unit ? `?unit=${encodeURIComponent(unit)}` : '');

export const fetchKpis = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<Kpis>(`/api/v1/dashboard/kpis${q(unit)}`, { signal });
export const fetchRanking = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<Ranking>(`/api/v1/dashboard/ranking${q(unit)}`, { signal });
export const fetchTrend = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<Trend>(`/api/v1/dashboard/trend${q(unit)}`, { signal });
export const fetchQuality = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<Quality>(`/api/v1/dashboard/quality${q(unit)}`, { signal });
export const fetchGate = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<Gate>(`/api/v1/dashboard/entry-gate${q(unit)}`, { signal });
export const fetchWorkStatus = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<WorkStatus>(`/api/v1/dashboard/work-reports${q(unit)}`, { signal });
export const fetchCampaign = (signal: AbortSignal) =>
  apiRequest<CampaignInfo>('/api/v1/campaign', { signal });
export const exportUrl = (kind: 'week' | 'month') => `/api/v1/reports/export.xlsx?kind=${kind}`;
