// Which pages exist, who sees them, and whether they are built yet. The API enforces the same
// roles; hiding an entry here is only so nobody is offered a page that would answer 403.
import { ROLES } from '@qingyuan/contract/auth-values';
import type { Role } from '../lib/session.tsx';

export type NavKey =
  | 'dashboard'
  | 'campaign'
  | 'monitoring'
  | 'customers'
  | 'loads'
  | 'validation'
  | 'rules'
  | 'worksheets'
  | 'field'
  | 'sms'
  | 'calls'
  | 'conflicts'
  | 'writeback'
  | 'admin'
  | 'audit';

export type NavItem = {
  key: NavKey;
  path: string;
  roles: readonly Role[];
  group: 'overview' | 'data' | 'verify' | 'admin';
  isReady: boolean;
};

// auditors read the access log and nothing else
const ALL_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'auditor');

export const NAV_ITEMS: readonly NavItem[] = [
  { key: 'dashboard', path: '/dashboard', roles: ALL_ROLES, group: 'overview', isReady: true },
  // coordinators set the campaign up; city teams submit their weekly summary and monthly plan here
  {
    key: 'campaign',
    path: '/campaign',
    roles: ['admin', 'coordinator', 'city_member'],
    group: 'overview',
    isReady: true,
  },
  // 质量监测: lights and trends per unit, during and after the campaign
  { key: 'monitoring', path: '/monitoring', roles: ALL_ROLES, group: 'overview', isReady: true },
  { key: 'customers', path: '/customers', roles: ALL_ROLES, group: 'data', isReady: true },
  { key: 'loads', path: '/loads', roles: ['admin', 'coordinator'], group: 'data', isReady: true },
  {
    key: 'validation',
    path: '/validation',
    roles: ['admin', 'coordinator', 'city_member', 'manager'],
    group: 'data',
    isReady: true,
  },
  // Everyone who reads findings may read the rules behind them; only admin and coordinator edit.
  {
    key: 'rules',
    path: '/rules',
    roles: ['admin', 'coordinator', 'city_member', 'manager'],
    group: 'data',
    isReady: true,
  },
  {
    key: 'worksheets',
    path: '/worksheets',
    roles: ['admin', 'coordinator', 'city_member'],
    group: 'verify',
    isReady: true,
  },
  // 现场核实 on a phone: the city team (and admins), as the API's field routes allow
  { key: 'field', path: '/field', roles: ['admin', 'city_member'], group: 'verify', isReady: true },
  { key: 'sms', path: '/sms', roles: ['coordinator', 'city_member'], group: 'verify', isReady: true },
  // Agents get the workbench; the others read the call results of their region.
  {
    key: 'calls',
    path: '/calls',
    roles: ['agent', 'coordinator', 'admin', 'city_member', 'manager'],
    group: 'verify',
    isReady: true,
  },
  // the round trip with the marketing system: conflicts for people, corrections written back
  {
    key: 'conflicts',
    path: '/conflicts',
    roles: ['admin', 'coordinator', 'city_member'],
    group: 'data',
    isReady: true,
  },
  {
    key: 'writeback',
    path: '/writeback',
    roles: ['admin', 'coordinator', 'city_member'],
    group: 'data',
    isReady: true,
  },
  // users, API tokens and retention (保管期限)
  { key: 'admin', path: '/admin', roles: ['admin'], group: 'admin', isReady: true },
  // 审计: the access log (查阅记录) and approvals, for admins and the read-only auditor
  { key: 'audit', path: '/audit', roles: ['admin', 'auditor'], group: 'admin', isReady: true },
];

/**
 * Where each role starts after signing in (and at "/"): the page of its daily work. Managers,
 * coordinators and admins watch progress on the dashboard; city teams download and upload
 * worksheets; call-centre agents work their call queue.
 */
const HOME: Record<Role, NavKey> = {
  admin: 'dashboard',
  coordinator: 'dashboard',
  manager: 'dashboard',
  city_member: 'worksheets',
  agent: 'calls',
  auditor: 'audit',
};

export function homePath(role: Role): string {
  return findNavItem(HOME[role]).path;
}

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

export function findNavItem(key: NavKey): NavItem {
  const item = NAV_ITEMS.find((candidate) => candidate.key === key);
  if (!item) throw new Error(`unknown nav item ${key}`);
  return item;
}
