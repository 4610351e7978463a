import { apiRequest } from '../../../lib/api-client.ts';

export const CALL_FIELDS = ['name', 'mobile', 'landline', 'address'] as const;
export type CallField = (typeof CALL_FIELDS)[number];
export const CALL_RESULTS = ['answered', 'no_answer', 'wrong_person', 'refused', 'empty_number'] as const;
export type CallResult = (typeof CALL_RESULTS)[number];
export type Verdict = 'correct' | 'wrong' | 'unreachable';

export type Call = {
  id: string;
  planId: string;
  planName: string;
  customerId: string;
  customerNo: string;
  name: string;
  mobile: string;
  landline: string;
  address: string;
  stationName: string;
  countyName: string;
  cityName: string;
  version: number;
  claims: number;
  leaseExpiresAt: string;
};

export type NextCall = { call: Call | null; remaining: number };

export type FieldInput = { verdict: Verdict; value?: string };
export type CallResultBody = {
  requestId: string;
  result: CallResult;
  fields: Partial<Record<CallField, FieldInput>>;
  note?: string;
};
export type CallSaved = {
  id: string;
  result: CallResult;
  state: 'confirmed' | 'corrected' | 'unreachable';
  corrected: CallField[];
  isReplay: boolean;
};

export type CallPlan = {
  id: string;
  name: string;
  createdAt: string;
  total: number;
  done: number;
  leased: number;
};

export type Rate = { checked: number; wrong: number; rate: number | null; low: number; high: number };
export type ReportRow = {
  cityCode: string;
  cityName: string;
  sampled: number;
  called: number;
  answered: number;
  noAnswer: number;
  refused: number;
  wrongPerson: number;
  emptyNumber: number;
  anyField: Rate;
  fields: Record<CallField, Rate>;
};
export type CallReport = { plan: CallPlan | null; cities: ReportRow[]; total: ReportRow | null };

export function nextCall(planId?: string): Promise<NextCall> {
  return apiRequest<NextCall>('/api/v1/calls/next', { method: 'POST', body: planId ? { planId } : {} });
}

export function saveCallResult(callId: string, body: CallResultBody): Promise<CallSaved> {
  return apiRequest<CallSaved>(`/api/v1/calls/${encodeURIComponent(callId)}/result`, {
    method: 'POST',
    body,
  });
}

export function listCallPlans(signal?: AbortSignal): Promise<{ items: CallPlan[] }> {
  return apiRequest<{ items: CallPlan[] }>('/api/v1/calls/plans', { signal });
}

export function getCallReport(planId: string | undefined, signal?: AbortSignal): Promise<CallReport> {
  const query = planId ? `?planId=${encodeURIComponent(planId)}` : '';
  return apiRequest<CallReport>(`/api/v1/calls/report${query}`, { signal });
}
