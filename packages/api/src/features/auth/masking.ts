// Who sees which digits: the one masking function for every response and every file (JSON,
// xlsx, csv, error workbooks, reports). A feature asks masker(viewer, grants) once per request and
// passes every phone, ID number or free text that may quote one through it; it never decides by
// role itself. Roles decide the default; a grant widens it: a call agent sees the numbers of the
// one customer it holds by its lease (grants from heldCustomers in ./queries.ts), and masked
// numbers everywhere else. An approval (审批, features/access-requests) widens a coordinator's or
// city member's view for a unit, named customers or its worksheet exports until it expires; it
// rides on the principal (`approved`, loaded with the session), so every masker(viewer) sees it.
// Under UNMASKED_ACCESS=approval only admins and integrations see numbers in full by role.
import type { Principal, PrincipalRole } from './principal.ts';

/** Roles that see phone numbers in full (they correct them in the field). */
const FULL_PHONE: ReadonlySet<PrincipalRole> = new Set(['admin', 'city_member', 'integration']);
/** Roles that see ID and credit-code numbers in full (they verify them in the field). */
const FULL_CERT: ReadonlySet<PrincipalRole> = new Set(['admin', 'city_member', 'integration']);

/** Under UNMASKED_ACCESS=approval, the roles that still see numbers in full without a grant. */
const FULL_WITHOUT_APPROVAL: ReadonlySet<PrincipalRole> = new Set(['admin', 'integration']);

/** Whether full numbers come with the role (`role`) or only with an approval (`approval`). */
export type UnmaskedAccess = 'role' | 'approval';

/** Live approvals of a viewer (审批), and the policy they widen. */
export interface Approved {
  policy: UnmaskedAccess;
  /** a grant covers the viewer's whole region: every number it may see, in full */
  isAll: boolean;
  /** a grant for its worksheet exports */
  isWorksheetExport: boolean;
  /** org-unit codes (city, county or station) whose customers it sees in full */
  units: ReadonlySet<string>;
  customerIds: ReadonlySet<number>;
}

type Viewer = Pick<Principal, 'role'> & { approved?: Approved };

const byRole = (set: ReadonlySet<PrincipalRole>, p: Viewer) =>
  set.has(p.role) && (p.approved?.policy !== 'approval' || FULL_WITHOUT_APPROVAL.has(p.role));
export const seesFullPhone = (p: Viewer) => byRole(FULL_PHONE, p) || p.approved?.isAll === true;
export const seesFullCert = (p: Viewer) => byRole(FULL_CERT, p) || p.approved?.isAll === true;

/** Roles that ask for full numbers by an approval (审批) rather than seeing them by role. */
export const REQUESTS_UNMASKED: ReadonlySet<PrincipalRole> = new Set(['coordinator', 'city_member']);
/** Whether a viewer sees numbers masked by default and so may ask for an approval. */
export const mayRequestUnmasked = (p: Viewer) => REQUESTS_UNMASKED.has(p.role) && !byRole(FULL_PHONE, p);

/** What a viewer may see beyond its role: the customers it holds a call lease on (phones only). */
export interface Grants {
  heldCustomerIds?: ReadonlySet<number>;
  /** a worksheet export: a grant for exports widens it */
  purpose?: 'worksheet_export';
}

/** Where a customer belongs, for approvals by unit. */
export interface CustomerUnit {
  stationCode?: string | null;
  countyCode?: string | null;
  cityCode?: string | null;
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
  /** The masker for one customer's values: wider for a customer the viewer holds or was granted. */
  forCustomer(customerId: number | string, unit?: CustomerUnit): Masker;
}

const identity = (v: string) => v;

function build(
  isFullPhone: boolean,
  isFullCert: boolean,
  forCustomer: (id: number, unit?: CustomerUnit) => Masker,
): Masker {
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
    forCustomer: (id, unit) => forCustomer(Number(id), unit),
  };
  return m;
}

/**
 * The masker for a viewer: by role, widened per customer by its grants and approvals.
 *   const m = masker(viewer); m.phone('13811112222') // '138****2222' for a coordinator
 */
export function masker(viewer: Viewer, grants: Grants = {}): Masker {
  const a = viewer.approved;
  const isAll = a?.isAll === true || (grants.purpose === 'worksheet_export' && a?.isWorksheetExport === true);
  const full = byRole(FULL_PHONE, viewer) || isAll;
  const fullCert = byRole(FULL_CERT, viewer) || isAll;
  const held = grants.heldCustomerIds;
  let widened: Masker | undefined;
  let approvedFull: Masker | undefined;
  const isApproved = (id: number, unit?: CustomerUnit) =>
    a !== undefined &&
    (a.customerIds.has(id) ||
      (unit !== undefined &&
        [unit.stationCode, unit.countyCode, unit.cityCode].some((c) => c != null && a.units.has(c))));
  const base: Masker = build(full, fullCert, (id, unit) => {
    if (full && fullCert) return base;
    if (isApproved(id, unit)) return (approvedFull ??= build(true, true, () => approvedFull!));
    if (full || !held?.has(id)) return base;
    return (widened ??= build(true, fullCert, () => widened!));
  });
  return base;
}

/** The customers among `ids` whose numbers the masker shows in full: what a view puts on record. */
export function unmaskedAmong(
  mask: Masker,
  customers: readonly { id: number | string; unit?: CustomerUnit }[],
): number[] {
  return customers
    .filter((c) => {
      const m = mask.forCustomer(c.id, c.unit);
      return m.isFullPhone || m.isFullCert;
    })
    .map((c) => Number(c.id));
}

/** Whether a masker shows any number in full (for listings and files not named per customer). */
export const showsAnyFull = (mask: Masker) => mask.isFullPhone || mask.isFullCert;

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
