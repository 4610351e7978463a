// Personal-data governance: the access log (审计), approvals for full numbers (审批) and the
// inbox. Shapes come from the shared contract.
import type {
  AccessLogPage,
  AccessRequestList,
  AccessRequestResponse,
  AccessScope,
  AccessSummary,
  NotificationList,
} from '@qingyuan/contract/access';
import { apiRequest } from '../../../lib/api-client.ts';

export type { AccessLogPage, AccessRequestList, AccessScope, AccessSummary, NotificationList };

/** user, unit, action, from, to (Beijing days); empty values are left out */
export type LogFilter = Readonly<Record<'user' | 'unit' | 'action' | 'from' | 'to', string>>;

const query = (filter: LogFilter, extra: Record<string, string> = {}) => {
  const params = new URLSearchParams(extra);
  for (const [key, value] of Object.entries(filter)) if (value) params.set(key, value);
  return params.toString();
};

export const listAccessLog = (filter: LogFilter, before: string | null, signal?: AbortSignal) =>
  apiRequest<AccessLogPage>(
    `/api/v1/audit/access-log?${query(filter, { limit: '100', ...(before ? { before } : {}) })}`,
    { signal },
  );

export const accessSummary = (filter: LogFilter, signal?: AbortSignal) =>
  apiRequest<AccessSummary>(`/api/v1/audit/access-log/summary?${query(filter)}`, { signal });

/** The CSV download (the server records it before it is sent). */
export const accessLogCsvUrl = (filter: LogFilter) => `/api/v1/audit/access-log.csv?${query(filter)}`;

export const listRequests = (signal?: AbortSignal) =>
  apiRequest<AccessRequestList>('/api/v1/access/requests', { signal });

export const askForFullNumbers = (scope: AccessScope, reason: string, hours: number) =>
  apiRequest<AccessRequestResponse>('/api/v1/access/requests', {
    method: 'POST',
    body: { scope, reason, hours },
  });

export const grantRequest = (id: string, hours: number) =>
  apiRequest(`/api/v1/access/requests/${id}/grant`, { method: 'POST', body: { hours } });

export const refuseRequest = (id: string, reason: string) =>
  apiRequest(`/api/v1/access/requests/${id}/refuse`, { method: 'POST', body: { reason } });

export const listNotifications = (signal?: AbortSignal) =>
  apiRequest<NotificationList>('/api/v1/access/notifications', { signal });

export const markAllRead = () =>
  apiRequest<void>('/api/v1/access/notifications/read', { method: 'POST', body: {} });
