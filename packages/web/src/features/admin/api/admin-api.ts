// The admin page's API: retention (保管期限), users and API tokens. Shapes from the shared contract.
import type { RetentionDryRun, RetentionPolicy, RetentionRun } from '@qingyuan/contract/retention';
import { apiRequest } from '../../../lib/api-client.ts';

export type { RetentionDryRun, RetentionPolicy, RetentionRun } from '@qingyuan/contract/retention';

export const getRetentionPolicy = (signal?: AbortSignal) =>
  apiRequest<RetentionPolicy>('/api/v1/retention/policy', { signal });

export const saveRetentionPolicy = (body: { highYears: number; lowYears: number }) =>
  apiRequest<RetentionPolicy>('/api/v1/retention/policy', { method: 'PUT', body });

export const getRetentionDryRun = (signal?: AbortSignal) =>
  apiRequest<RetentionDryRun>('/api/v1/retention/dry-run', { signal });

export const listRetentionRuns = (signal?: AbortSignal) =>
  apiRequest<{ items: RetentionRun[] }>('/api/v1/retention/runs', { signal });

export const runRetentionNow = () => apiRequest<RetentionRun>('/api/v1/retention/runs', { method: 'POST' });
