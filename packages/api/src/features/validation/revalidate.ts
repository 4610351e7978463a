// Incremental re-validation: after a customer changes (import, call, API), check it again with the
// active rule set and replace its per-record findings in the latest completed run covering it,
// then refresh that run's counts for the stations touched. Cross-record findings (X-*) are left
// as they are until the next full run: they depend on other customers too.
import type { Finding } from '@qingyuan/rules';
import type { Trx } from '../../db.ts';
import { covers, regionOf } from '../auth/region.ts';
import { getActiveRuleSetIn } from '../rule-sets/active.ts';
import * as q from './queries.ts';
import { findingRow, loadDivisions, toRecord } from './records.ts';

export interface RevalidateResult {
  customers: number;
  findings: number;
  /** customer id → the run whose findings were replaced; customers without a covering run are checked but not stored. */
  runs: Record<string, number>;
  byCustomer: Record<string, Finding[]>;
}

export async function revalidateCustomers(
  trx: Trx,
  customerIds: readonly number[],
  now: Date,
): Promise<RevalidateResult> {
  const result: RevalidateResult = { customers: 0, findings: 0, runs: {}, byCustomer: {} };
  if (customerIds.length === 0) return result;
  const rules = await getActiveRuleSetIn(trx, now);
  const [rows, runs, divisions] = await Promise.all([
    q.findCustomersByIds(trx, customerIds),
    q.findLatestCompletedRuns(trx),
    loadDivisions(trx),
  ]);
  const byRun = new Map<number, { ids: number[]; stations: Set<string>; rows: q.FindingRow[] }>();
  for (const row of rows) {
    const findings = rules.check(toRecord(row, divisions));
    result.customers++;
    result.byCustomer[String(row.id)] = findings;
    const run = runs.find((r) => covers(regionOf(r), row));
    if (!run) continue;
    let entry = byRun.get(run.id);
    if (!entry) byRun.set(run.id, (entry = { ids: [], stations: new Set(), rows: [] }));
    entry.ids.push(row.id);
    entry.stations.add(row.station_code);
    for (const f of findings) entry.rows.push(findingRow(run.id, row, f));
    result.runs[String(row.id)] = run.id;
  }
  for (const [runId, entry] of byRun) {
    await q.lockRun(trx, runId);
    await q.deleteRecordFindings(trx, runId, entry.ids);
    await q.insertFindings(trx, entry.rows);
    await q.rebuildCounts(trx, runId, [...entry.stations]);
    result.findings += entry.rows.length;
  }
  return result;
}
