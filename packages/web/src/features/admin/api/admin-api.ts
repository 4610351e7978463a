// The admin page's API: retention (保管期限), users and API tokens. Shapes from the shared contract.
import type {
  RetentionDryRun,
  RetentionPolicy,
  RetentionRun,
  RetentionRunList,
} from '@qingyuan/contract/retention';
import { apiRequest } from '../../../lib/api-client.ts';

export type { RetentionDryRun, RetentionPolicy, RetentionRun } from '@qingyuan/contract/retention';

export const getRetentionPolicy = (signal?: AbortSignal) =>
  apiRequest<RetentionPolicy>('/api/v1/retention/policy', { signal });

export const saveRetentionPolicy = (body: { highYears: number; lowYears: number }) =>
  apiRequest<RetentionPolicy>('/api/v1/retention/policy', { method: 'PUT', body });

export const getRetentionDryRun = (signal?: AbortSignal) =>
  apiRequest<RetentionDryRun>('/api/v1/retention/dry-run', { signal });

export const listRetentionRuns = (signal?: AbortSignal) =>
  apiRequest<RetentionRunList>('/api/v1/retention/runs', { signal });

export const runRetentionNow = () => apiRequest<RetentionRun>('/api/v1/retention/runs', { method: 'POST' });

export type { AdminUser, ApiToken, SetupCodeResponse, TokenCreated } from '@qingyuan/contract/admin';
import type {
  AdminUser,
  AdminUserList,
  ApiTokenList,
  ApiToken,
  SetupCodeResponse,
  TokenCreated,
} from '@qingyuan/contract/admin';
import type { Role } from '../../../lib/session.tsx';

export const listUsers = (signal?: AbortSignal) =>
  apiRequest<AdminUserList>('/api/v1/admin/users', { signal });

export const createUser = (body: {
  username: string;
  displayName: string;
  role: Role;
  cityCode: string | null;
  countyCode: string | null;
}) => apiRequest<SetupCodeResponse>('/api/v1/admin/users', { method: 'POST', body });

export const updateUser = (
  id: string,
  body: {
    displayName: string;
    role: Role;
    cityCode: string | null;
    countyCode: string | null;
    isActive: boolean;
  },
) => apiRequest<AdminUser>(`/api/v1/admin/users/${id}`, { method: 'PUT', body });

export const resetUser = (id: string) =>
  apiRequest<SetupCodeResponse>(`/api/v1/admin/users/${id}/reset`, { method: 'POST' });

export const listTokens = (signal?: AbortSignal) =>
  apiRequest<ApiTokenList>('/api/v1/admin/tokens', { signal });

export const createToken = (body: {
  name: string;
  channel: string | null;
  cityCode: string | null;
  expiresOn: string | null;
}) => apiRequest<TokenCreated>('/api/v1/admin/tokens', { method: 'POST', body });

export const revokeToken = (id: string) =>
  apiRequest<ApiToken>(`/api/v1/admin/tokens/${id}/revoke`, { method: 'POST' });
