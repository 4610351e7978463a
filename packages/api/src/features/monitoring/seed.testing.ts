// Test data for quality monitoring: a completed validation run with the findings and unit counts
// it would have written (a "fake" run: what the runner keeps, without running the rules), and
// entry-gate days. Shared by the API tests and the browser test's seed.
import type { Kysely } from 'kysely';
import type { Database, FindingSeverity } from '../../db/schema.ts';
import { getActiveRuleSetIn } from '../rule-sets/active.ts';
import { createFindingsPartition } from '../validation/partitions.queries.ts';

export interface FakeFinding {
  customerId: number;
  ruleId: string;
  severity?: FindingSeverity;
}

/** A completed province-wide run over these customers (ids → their station codes, read here). */
export async function fakeRun(
  db: Kysely<Database>,
  opts: { customerIds: readonly number[]; findings: readonly FakeFinding[]; at: Date },
): Promise<number> {
  const customers = await db
    .selectFrom('customers')
    .select(['id', 'city_code', 'county_code', 'station_code'])
    .where('id', 'in', [...opts.customerIds])
    .execute();
  const byId = new Map(customers.map((c) => [Number(c.id), c]));
  // the default rule set, active, as a real install has it (runs reference a version)
  await getActiveRuleSetIn(db, opts.at);
  const version = await db.selectFrom('rule_sets').select('version').limit(1).executeTakeFirst();
  const { id } = await db
    .insertInto('validation_runs')
    .values({
      rule_set_version: version?.version ?? 1,
      city_code: null,
      county_code: null,
      scope_key: 'province',
      status: 'completed',
      rows_total: customers.length,
      rows_done: customers.length,
      created_by: null,
      created_at: opts.at,
      started_at: opts.at,
      finished_at: opts.at,
      error: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const runId = Number(id);
  await db.transaction().execute((trx) => createFindingsPartition(trx, runId));
  if (opts.findings.length > 0)
    await db
      .insertInto('findings')
      .values(
        opts.findings.map((f) => {
          const c = byId.get(f.customerId)!;
          return {
            run_id: runId,
            customer_id: f.customerId,
            city_code: c.city_code,
            county_code: c.county_code,
            station_code: c.station_code,
            rule_id: f.ruleId,
            rule_version: 1,
            field: 'mobile',
            code: f.ruleId,
            severity: f.severity ?? 'error',
            message_zh: `问题 ${f.ruleId}`,
            message_en: `issue ${f.ruleId}`,
            suggested: null,
          };
        }),
      )
      .execute();
  const stations = new Map<
    string,
    { city: string; county: string; checked: number; withError: Set<number> }
  >();
  for (const c of customers) {
    const s = stations.get(c.station_code) ?? {
      city: c.city_code,
      county: c.county_code,
      checked: 0,
      withError: new Set<number>(),
    };
    s.checked++;
    stations.set(c.station_code, s);
  }
  for (const f of opts.findings)
    if ((f.severity ?? 'error') === 'error')
      stations.get(byId.get(f.customerId)!.station_code)!.withError.add(f.customerId);
  await db
    .insertInto('unit_counts')
    .values(
      [...stations].map(([station, s]) => ({
        run_id: runId,
        city_code: s.city,
        county_code: s.county,
        station_code: station,
        customers_checked: s.checked,
        customers_with_error: s.withError.size,
      })),
    )
    .execute();
  return runId;
}

/** Entry-gate records of one station on one day (channel 'api'). */
export const gateDay = (
  db: Kysely<Database>,
  day: string,
  station: string,
  records: number,
  errors: number,
) =>
  db
    .insertInto('entry_gate_counts')
    .values({ day, station_code: station, channel: 'api', records, records_with_error: errors })
    .execute();
