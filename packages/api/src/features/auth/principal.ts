// Who is calling, and which part of the province they may see (their region: region.ts cuts
// every scoped query to it with inRegion).
import type { Role } from '../../db/schema.ts';
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

/** Roles that see phone numbers in full (they call or correct them). */
const FULL_PHONE: ReadonlySet<PrincipalRole> = new Set(['admin', 'city_member', 'agent', 'integration']);
/** Roles that see ID and credit-code numbers in full (they verify them in the field). */
const FULL_CERT: ReadonlySet<PrincipalRole> = new Set(['admin', 'city_member', 'integration']);

export const seesFullPhone = (p: Principal) => FULL_PHONE.has(p.role);
export const seesFullCert = (p: Principal) => FULL_CERT.has(p.role);

export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 7) return value ? '****' : '';
  return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
}

export function maskCert(value: string): string {
  if (value.length <= 8) return value ? '********' : '';
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

/**
 * Masks the numbers inside free text (a finding's message may quote the value it is about)
 * for a viewer who may not see them in full: ID-like tokens (15 or 18 characters) first, then
 * any run of 7 or more digits (mobiles, landlines, possibly with separators).
 */
export function maskNumbersInText(text: string, viewer: Principal): string {
  let out = text;
  if (!seesFullCert(viewer))
    out = out.replace(/(?<![0-9A-Z])(\d{17}[\dX]|\d{15})(?![0-9A-Z])/gi, (m) => maskCert(m));
  if (!seesFullPhone(viewer))
    out = out.replace(/(?<!\d)\d[\d -]{5,}\d(?!\d)/g, (m) =>
      m.replace(/\D/g, '').length >= 7 ? maskPhone(m) : m,
    );
  return out;
}
