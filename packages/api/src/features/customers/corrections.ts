// The rules engine's verdict on values a person typed to correct a customer: one home for every
// writer that takes such values (call results, SMS replies, conflict resolutions, field entries)
// and for the live check the field page calls as the user types. Each value is normalised, then
// the corrected record is judged with the active rule set; a value written loosely (139 5871 2643,
// +86…) takes the canonical form the rules suggest, and errors on a corrected field come back in
// Chinese and English. Nothing is thrown here: each caller decides what a refusal means to it.
import { normalizeField, type Field } from '@qingyuan/rules';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { getActiveRuleSetIn } from '../rule-sets/active.ts';
import { loadDivisions, toRecord, type RecordSource } from '../validation/records.ts';

/** The customer as the rules engine reads it (the columns of toRecord). */
export type CheckedCustomer = RecordSource;

export interface CorrectedValue<F extends string> {
  field: F;
  /** Normalised, and in the canonical form the rules suggest where they suggest one. */
  value: string;
}

export interface CorrectionError {
  field: string;
  ruleId: string;
  zh: string;
  en: string;
}

export interface CorrectionCheck<F extends string> {
  values: CorrectedValue<F>[];
  /** Fields whose (normalised) value equals what the customer holds now. */
  unchanged: F[];
  /** Error findings on the corrected fields; empty: the values may be written. */
  errors: CorrectionError[];
}

const NORMALISED = new Set<string>([
  'name',
  'mobile',
  'landline',
  'address',
  'cert_no',
  'cert_type',
  'customer_type',
]);
const isRuleField = (f: string): f is Field => NORMALISED.has(f);

/**
 * Judges `fields` as corrections of `customer` with the active rule set at `now`.
 * @example await checkCorrectedValues(trx, customer, { mobile: '139 5871 2643' }, now)
 *   // { values: [{ field: 'mobile', value: '13958712643' }], unchanged: [], errors: [] }
 */
export async function checkCorrectedValues<F extends string>(
  db: Kysely<Database>,
  customer: CheckedCustomer,
  fields: Partial<Record<F, string>>,
  now: Date,
): Promise<CorrectionCheck<F>> {
  const values = (Object.entries(fields) as [F, string | undefined][])
    .filter((e): e is [F, string] => e[1] !== undefined)
    .map(([field, raw]) => ({ field, value: isRuleField(field) ? normalizeField(field, raw) : raw.trim() }));
  const current = customer as unknown as Record<string, string>;
  const unchanged = values.filter((v) => v.value === current[v.field]).map((v) => v.field);
  if (values.length === 0) return { values, unchanged, errors: [] };
  const rules = await getActiveRuleSetIn(db, now);
  const divisions = await loadDivisions(db);
  const names = new Set<string>(values.map((v) => v.field));
  const judge = () =>
    rules
      .check(
        toRecord({ ...customer, ...Object.fromEntries(values.map((v) => [v.field, v.value])) }, divisions),
      )
      .filter((f) => names.has(f.field));
  for (const f of judge())
    if (f.severity !== 'error' && f.suggested) values.find((v) => v.field === f.field)!.value = f.suggested;
  const errors = judge()
    .filter((f) => f.severity === 'error')
    .map((f) => ({ field: f.field, ruleId: f.ruleId, zh: f.message.zh, en: f.message.en }));
  return { values, unchanged, errors };
}

/** The refusal of a save whose corrected values fail the rules: 400 with the reason per field. */
export function correctionRefused(errors: readonly CorrectionError[]): AppError {
  const zh = errors.map((d) => d.zh).join('；');
  const en = errors.map((d) => d.en).join('; ');
  return new AppError(
    'validation_failed',
    `更正值未通过校验：${zh} / corrected value refused: ${en}`,
    errors,
  );
}
