// The customer fields every writer names, in one list. The `customers_bump_version` trigger
// (migrations 2026_11_27_2300 and 2026_12_06_0000) compares exactly these columns: a field added
// here needs a migration that adds it there too, or its changes would not move the version.
import type { CustomerChangesTable, CustomersTable } from '../../db/schema.ts';

/** The fields whose changes are tracked, as customer_changes' `field`, in the loaded file's order. */
export const TRACKED_FIELDS = [
  'name',
  'customer_type',
  'cert_type',
  'cert_no',
  'mobile',
  'landline',
  'address',
  'station_code',
  'status',
  'voltage_class',
  'closed_on',
] as const satisfies readonly (keyof CustomersTable)[];
export type TrackedField = (typeof TRACKED_FIELDS)[number];

/** The personal fields: what retention replaces, and what an anonymised customer's history hides. */
export const PERSONAL_FIELDS = [
  'name',
  'cert_no',
  'mobile',
  'landline',
  'address',
] as const satisfies readonly TrackedField[];
export type PersonalField = (typeof PERSONAL_FIELDS)[number];

const tracked = new Set<string>(TRACKED_FIELDS);
export const isTrackedField = (field: string): field is TrackedField => tracked.has(field);

/** customer_changes' columns, in the order its rows are written. */
export const CHANGE_COLUMNS = [
  'customer_id',
  'city_code',
  'field',
  'old_value',
  'new_value',
  'source',
  'batch_id',
  'user_id',
  'changed_at',
] as const satisfies readonly (keyof CustomerChangesTable)[];
