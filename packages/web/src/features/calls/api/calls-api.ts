// The calls API. Shapes come from the shared contract; its literal lists from the zod-free values
// module, so that the bundle does not grow by zod for them.
import type {
  CallPlans,
  CallReport,
  CallResultBody,
  CallResultResponse,
  NextCall,
  ReleaseCall,
} from '@qingyuan/contract/calls';
import { apiRequest } from '../../../lib/api-client.ts';

export { CALL_FIELDS, CALL_RESULTS } from '@qingyuan/contract/calls-values';
export type {
  Call,
  CallField,
  CallPlan,
  CallReport,
  CallResult,
  CallResultBody,
  CallResultResponse,
  FieldVerdict,
  Rate,
  ReportRow,
  Verdict,
} from '@qingyuan/contract/calls';

export function nextCall(planId?: string): Promise<NextCall> {
  return apiRequest<NextCall>('/api/v1/calls/next', { method: 'POST', body: planId ? { planId } : {} });
}

export function saveCallResult(callId: string, body: CallResultBody): Promise<CallResultResponse> {
  return apiRequest<CallResultResponse>(`/api/v1/calls/${encodeURIComponent(callId)}/result`, {
    method: 'POST',
    body,
  });
}

/** 跳过: hands the held customer back to the queue (others get it first). */
export function releaseCall(callId: string): Promise<ReleaseCall> {
  return apiRequest<ReleaseCall>(`/api/v1/calls/${encodeURIComponent(callId)}/release`, {
    method: 'POST',
    body: {},
  });
}

export function listCallPlans(signal?: AbortSignal): Promise<CallPlans> {
  return apiRequest<CallPlans>('/api/v1/calls/plans', { signal });
}

export function getCallReport(planId: string | undefined, signal?: AbortSignal): Promise<CallReport> {
  const query = planId ? `?planId=${encodeURIComponent(planId)}` : '';
  return apiRequest<CallReport>(`/api/v1/calls/report${query}`, { signal });
}
