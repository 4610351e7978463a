import { apiRequest } from '../../../lib/api-client.ts';

export type SmsPlan = {
  id: number;
  kind: 'sms' | 'call';
  name: string;
  rate: number | null;
  sizePerStratum: number | null;
  stratifyBy: 'city' | 'county' | 'station';
  excludeDays: number;
  seed: string;
  members: number;
  createdAt: string;
};

export type NewSmsPlan = {
  name?: string;
  rate?: number;
  sizePerStratum?: number;
  stratifyBy: 'city' | 'county' | 'station';
  excludeDays: number;
  seed?: string;
};

export type DeliveryRow = {
  code: string;
  name: string;
  total: number;
  waiting: number;
  sent: number;
  delivered: number;
  failed: number;
  pending: number;
  replied1: number;
  replied2: number;
  successRate: number | null;
  low: number | null;
  high: number | null;
};

export type PlanStats = {
  planId: number;
  planName: string;
  members: number;
  cities: DeliveryRow[];
  total: DeliveryRow;
};

export type TemplateInfo = {
  template: string;
  placeholders: string[];
  provider: 'outbox' | 'twilio';
  window: { startHour: number; endHour: number; timeZone: string };
  ratePerSecond: number;
};

export type SendResult = {
  planId: number;
  members: number;
  queued: number;
  alreadyQueued: number;
  skipped: { customerId: number; reason: string }[];
};

export const listSmsPlans = (signal?: AbortSignal) =>
  apiRequest<{ items: SmsPlan[] }>('/api/v1/sampling/plans?kind=sms', { signal });

export const createSmsPlan = (plan: NewSmsPlan) =>
  apiRequest<SmsPlan>('/api/v1/sampling/plans', { method: 'POST', body: { kind: 'sms', ...plan } });

export const getTemplate = (signal?: AbortSignal) =>
  apiRequest<TemplateInfo>('/api/v1/sms/template', { signal });

export const sendPlan = (planId: number, template: string) =>
  apiRequest<SendResult>(`/api/v1/sms/plans/${planId}/send`, { method: 'POST', body: { template } });

export const getPlanStats = (planId: number, signal?: AbortSignal) =>
  apiRequest<PlanStats>(`/api/v1/sms/plans/${planId}/stats`, { signal });
