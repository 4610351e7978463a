// Who is calling, and which part of the province they may see (their region: region.ts cuts
// every scoped query to it with inRegion).
import type { Role } from '../../db/schema.ts';
import type { Approved } from './masking.ts';
import type { Region } from './region.ts';

export type PrincipalRole = Role | 'integration';

export interface Principal {
  kind: 'user' | 'token';
  id: number;
  username: string;
  name: string;
  role: PrincipalRole;
  /** the part of the province the caller may see: {} (PROVINCE) for province-wide roles */
  region: Region;
  /** an API token's channel, when it names one: the entry gate counts the token's calls under it */
  channel?: string | null;
  /** live approvals for full numbers (审批) and the policy they widen: masking.ts reads them */
  approved?: Approved;
}

/** Who may call a route: roles, or 'public' (login, health, signed webhooks). */
export type Access = 'public' | readonly PrincipalRole[];

export const ALL_ROLES = [
  'admin',
  'coordinator',
  'city_member',
  'agent',
  'manager',
] as const satisfies Role[];
export const STAFF = ALL_ROLES;
