// The SMS check API: sampling plans of kind 'sms', their sending and delivery. Shapes come from
// the shared contract.
import type { NewPlanInput, PlanDetail, PlanList } from '@qingyuan/contract/sampling';
import type {
  PlanStats,
  ReplyDecision,
  ReplyField,
  ReplyReviewList,
  SendPlanResult,
  TemplateInfo,
} from '@qingyuan/contract/sms';
import type { Kpis } from '@qingyuan/contract/dashboard';
import { apiRequest } from '../../../lib/api-client.ts';

export type { PlanDto as SmsPlan } from '@qingyuan/contract/sampling';
export type { DeliveryRow, PlanStats, SendPlanResult, TemplateInfo } from '@qingyuan/contract/sms';

export const listSmsPlans = (signal?: AbortSignal) =>
  apiRequest<PlanList>('/api/v1/sampling/plans?kind=sms', { signal });

export const createSmsPlan = (plan: Omit<NewPlanInput, 'kind'>) =>
  apiRequest<PlanDetail>('/api/v1/sampling/plans', { method: 'POST', body: { kind: 'sms', ...plan } });

export const getTemplate = (signal?: AbortSignal) =>
  apiRequest<TemplateInfo>('/api/v1/sms/template', { signal });

export const sendPlan = (planId: number, template: string) =>
  apiRequest<SendPlanResult>(`/api/v1/sms/plans/${planId}/send`, { method: 'POST', body: { template } });

export const getPlanStats = (planId: number, signal?: AbortSignal) =>
  apiRequest<PlanStats>(`/api/v1/sms/plans/${planId}/stats`, { signal });

export type { ReplyReviewItem, ReplyReviewList, ReplyDecision, ReplyField } from '@qingyuan/contract/sms';

export const listReplies = (signal?: AbortSignal) =>
  apiRequest<ReplyReviewList>('/api/v1/sms/replies', { signal });

export const recordCorrection = (
  id: number,
  body: { version: number; fields: Partial<Record<ReplyField, string>>; note?: string },
) => apiRequest<ReplyDecision>(`/api/v1/sms/replies/${id}/correction`, { method: 'POST', body });

export const recordNoAction = (id: number, note?: string) =>
  apiRequest<ReplyDecision>(`/api/v1/sms/replies/${id}/no-action`, { method: 'POST', body: { note } });

/** The SMS figures of the dashboard (all sampling messages in the caller's region): shown here too, so the two pages agree. */
export const getSmsOverview = (signal?: AbortSignal) =>
  apiRequest<Kpis>('/api/v1/dashboard/kpis', { signal });
