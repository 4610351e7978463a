// Who sees which digits: the one masking function for every response and every file (JSON,
// xlsx, csv, error workbooks, reports). A feature asks masker(viewer, grants) once per request and
// passes every phone, ID number or free text that may quote one through it; it never decides by
// role itself. Roles decide the default; a grant widens it for named customers only: a call
// agent sees the numbers of the one customer it holds by its lease (grants from heldCustomers in
// ./queries.ts), and masked numbers everywhere else.
import type { Principal, PrincipalRole } from './principal.ts';

/** Roles that see phone numbers in full (they correct them in the field). */
const FULL_PHONE: ReadonlySet<PrincipalRole> = new Set(['admin', 'city_member', 'integration']);
/** Roles that see ID and credit-code numbers in full (they verify them in the field). */
const FULL_CERT: ReadonlySet<PrincipalRole> = new Set(['admin', 'city_member', 'integration']);

export const seesFullPhone = (p: Pick<Principal, 'role'>) => FULL_PHONE.has(p.role);
export const seesFullCert = (p: Pick<Principal, 'role'>) => FULL_CERT.has(p.role);

/** What a viewer may see beyond its role: the customers it holds a call lease on (phones only). */
export interface Grants {
  heldCustomerIds?: ReadonlySet<number>;
}

/** Field names (snake or camel case) that hold a phone number or an ID number. */
const PHONE_FIELDS = new Set([
  'mobile',
  'landline',
  'newMobile',
  'newLandline',
  'new_mobile',
  'new_landline',
]);
const CERT_FIELDS = new Set(['cert_no', 'certNo', 'newCertNo', 'new_cert_no']);

export interface Masker {
  readonly isFullPhone: boolean;
  readonly isFullCert: boolean;
  phone(value: string): string;
  cert(value: string): string;
  /** Numbers quoted inside free text (a finding's message, a raw CSV line, a conflict note). */
  text(value: string): string;
  /** A value by its field name: phones and IDs masked, every other field as it is. */
  field<V extends string | null | undefined>(name: string, value: V): V;
  /** The masker for one customer's values: wider for a customer the viewer holds. */
  forCustomer(customerId: number | string): Masker;
}

const identity = (v: string) => v;

function build(isFullPhone: boolean, isFullCert: boolean, forCustomer: (id: number) => Masker): Masker {
  const phone = isFullPhone ? identity : maskPhone;
  const cert = isFullCert ? identity : maskCert;
  const m: Masker = {
    isFullPhone,
    isFullCert,
    phone,
    cert,
    text: (v) => maskNumbersInText(v, isFullPhone, isFullCert),
    field: (name, value) => {
      if (value === null || value === undefined) return value;
      if (PHONE_FIELDS.has(name)) return phone(value) as typeof value;
      if (CERT_FIELDS.has(name)) return cert(value) as typeof value;
      return value;
    },
    forCustomer: (id) => forCustomer(Number(id)),
  };
  return m;
}

/**
 * The masker for a viewer: by role, widened per customer by its grants.
 *   const m = masker(viewer); m.phone('13811112222') // '138****2222' for a coordinator
 */
export function masker(viewer: Pick<Principal, 'role'>, grants: Grants = {}): Masker {
  const full = seesFullPhone(viewer);
  const fullCert = seesFullCert(viewer);
  const held = grants.heldCustomerIds;
  let widened: Masker | undefined;
  const base: Masker = build(full, fullCert, (id) => {
    if (full || !held?.has(id)) return base;
    return (widened ??= build(true, fullCert, () => widened!));
  });
  return base;
}

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
 * Masks the numbers inside free text for a viewer who may not see them in full: ID-like tokens
 * (15 or 18 characters) first, then any run of 7 or more digits (mobiles, landlines, possibly
 * with separators).
 */
function maskNumbersInText(text: string, isFullPhone: boolean, isFullCert: boolean): string {
  let out = text;
  if (!isFullCert) out = out.replace(/(?<![0-9A-Z])(\d{17}[\dX]|\d{15})(?![0-9A-Z])/gi, (m) => maskCert(m));
  if (!isFullPhone)
    out = out.replace(/(?<!\d)\d[\d -]{5,}\d(?!\d)/g, (m) =>
      m.replace(/\D/g, '').length >= 7 ? maskPhone(m) : m,
    );
  return out;
}
