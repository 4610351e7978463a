// Customer rows → the records the rules engine checks, and findings → rows for the findings table.
import { regionOfCounty, type CustomerRecord, type Finding } from '@qingyuan/rules';
import type { Kysely } from 'kysely';
import type { Cell } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import * as q from './queries.ts';

export type Divisions = ReadonlyMap<string, string>;

/** County org code → its GB/T 2260 code; the engine's region comes from the customer's county. */
export async function loadDivisions(db: Kysely<Database>): Promise<Divisions> {
  const rows = await q.findCountyDivisions(db);
  return new Map(rows.filter((r) => r.division_code).map((r) => [r.code, r.division_code!]));
}

/** The columns of a customer row the rules engine reads. */
export type RecordSource = Pick<
  q.CustomerPageRow,
  | 'customer_no'
  | 'name'
  | 'customer_type'
  | 'cert_type'
  | 'cert_no'
  | 'mobile'
  | 'landline'
  | 'address'
  | 'county_code'
>;

export function toRecord(row: RecordSource, divisions: Divisions): CustomerRecord {
  return {
    customer_no: row.customer_no,
    name: row.name,
    customer_type: row.customer_type,
    cert_type: row.cert_type,
    cert_no: row.cert_no,
    mobile: row.mobile,
    landline: row.landline,
    address: row.address,
    region: regionOfCounty(divisions.get(row.county_code)),
  };
}

/** One finding as a findings-table row, in FINDING_COLUMNS order. */
export function findingCells(runId: number, row: q.CustomerPageRow, f: Finding): Cell[] {
  return [
    runId,
    row.id,
    row.city_code,
    row.county_code,
    row.station_code,
    f.ruleId,
    f.ruleVersion,
    f.field,
    f.code,
    f.severity,
    f.message.zh,
    f.message.en,
    f.suggested ?? null,
  ];
}

export function findingRow(runId: number, row: q.CustomerPageRow, f: Finding): q.FindingRow {
  return {
    run_id: runId,
    customer_id: row.id,
    city_code: row.city_code,
    county_code: row.county_code,
    station_code: row.station_code,
    rule_id: f.ruleId,
    rule_version: f.ruleVersion,
    field: f.field,
    code: f.code,
    severity: f.severity,
    message_zh: f.message.zh,
    message_en: f.message.en,
    suggested: f.suggested ?? null,
  };
}
