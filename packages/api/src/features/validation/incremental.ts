// The incremental run: re-checks only the customers changed since they were last validated (the
// marks the customers triggers keep, whoever wrote: a load, a worksheet, a call, an SMS reply,
// the API) and redoes the cross-record groups they were or are in (a mobile's holders, an ID's
// names, a name + address block). Findings of everyone else are carried as they are.
//
// Where the results live: in the base run — the latest completed province-wide full run — whose
// findings, finding_counts and unit_counts are brought up to date in ONE transaction, so the
// dashboard and the counters see the state before or after, never between. The increment's own
// row (validation_increments) records what it did. A kill -9 aborts that transaction: nothing
// is half-applied, the marks are still there, and the next start redoes the increment.
import { compileRuleSet, type Finding } from '@qingyuan/rules';
import type { Clock } from '../../clock.ts';
import type { Db } from '../../db.ts';
import { PROVINCE } from '../auth/region.ts';
import { chinaToday } from '../rule-sets/active.ts';
import { findRuleSet } from '../rule-sets/queries.ts';
import {
  crossRecordParams,
  findMembers,
  insertCrossRecordFindings,
  type TouchedGroups,
} from './cross-record.queries.ts';
import * as iq from './incremental.queries.ts';
import * as q from './queries.ts';
import { findingRow, loadDivisions, toRecord } from './records.ts';

export interface IncrementOptions {
  clock: Clock;
  /** Test hook (the kill -9 test): awaited at each stage inside the transaction. */
  onStage?: (stage: IncrementStage) => Promise<void> | void;
}

export type IncrementStage = 'marks' | 'changed' | 'read' | 'deleted' | 'checked' | 'written' | 'counted';

export interface IncrementResult {
  status: 'completed' | 'skipped';
  customersChanged: number;
  customersChecked: number;
  findingsRemoved: number;
  findingsAdded: number;
  /** The customers re-checked: the changed ones and their cross-record partners (not stored). */
  customerIds: number[];
  reason?: string;
}

const skipped = (reason: string): IncrementResult => ({
  status: 'skipped',
  reason,
  customersChanged: 0,
  customersChecked: 0,
  findingsRemoved: 0,
  findingsAdded: 0,
  customerIds: [],
});

/** Executes (or redoes) one queued increment. */
export async function executeIncrement(db: Db, id: number, opts: IncrementOptions): Promise<IncrementResult> {
  const base = await iq.findBaseRun(db.kysely);
  const skip = async (reason: string) => {
    await iq.markIncrement(db.kysely, id, { status: 'skipped', error: reason, finished_at: opts.clock() });
    return skipped(reason);
  };
  if (!base) return skip('no completed province run yet: a full run comes first');
  if (await iq.findOpenProvinceRun(db.kysely)) return skip('a full province run is queued or running');
  await iq.markIncrement(db.kysely, id, {
    status: 'running',
    base_run_id: base.id,
    started_at: opts.clock(),
  });
  try {
    const result = await db.bulkTransaction((trx, bulk) => applyChanged(trx, bulk, base, opts));
    await iq.markIncrement(db.kysely, id, {
      status: 'completed',
      customers_changed: result.customersChanged,
      customers_checked: result.customersChecked,
      findings_removed: result.findingsRemoved,
      findings_added: result.findingsAdded,
      finished_at: opts.clock(),
    });
    return result;
  } catch (err) {
    const message = String((err as Error).message ?? err).slice(0, 1000);
    await iq.markIncrement(db.kysely, id, { status: 'failed', error: message, finished_at: opts.clock() });
    throw err;
  }
}

type Trx = Parameters<Parameters<Db['bulkTransaction']>[0]>[0];
type Bulk = Parameters<Parameters<Db['bulkTransaction']>[0]>[1];

async function applyChanged(
  trx: Trx,
  bulk: Bulk,
  base: { id: number; rule_set_version: number },
  opts: IncrementOptions,
): Promise<IncrementResult> {
  const runId = base.id;
  // the run row's lock: re-validation of single customers and other increments wait for this one
  const run = await q.lockRun(trx, runId);
  if (run.status !== 'completed') throw new Error(`run ${runId} is no longer completed`);
  const marks = await iq.findDirtyMarks(trx);
  const oldKeys = await iq.findDirtyKeys(trx);
  if (marks.length === 0 && oldKeys.length === 0) return { ...skipped(''), status: 'completed' };
  // a customer moved to another city has a mark under each
  const dirtyIds = [...new Set(marks.map((m) => m.customer_id))];
  await opts.onStage?.('marks');
  const [changed, divisions, ruleSet] = await Promise.all([
    iq.findChangedCustomers(trx, dirtyIds),
    loadDivisions(trx),
    findRuleSet(trx, base.rule_set_version),
  ]);
  const rules = compileRuleSet(ruleSet!.document, { today: chinaToday(opts.clock()) });
  const groups = touchedGroups(oldKeys, changed);
  await opts.onStage?.('changed');
  const stations = new Set([...oldKeys.filter((k) => k.kind === 'station').map((k) => k.k1)]);
  for (const c of changed) stations.add(c.station_code);
  const members = await findMembers(trx, groups);
  const inSet = (values: readonly string[]) => {
    const set = new Set(values);
    return (v: string | null) => v !== null && set.has(v);
  };
  const inMobiles = inSet(groups.mobiles);
  const inCerts = inSet(groups.certs);
  const inDups = inSet(groups.dups.map(([n, a]) => `${n}\u0000${a}`));
  const x1 = members.filter((m) => inMobiles(m.mk)).map((m) => m.id);
  const x2 = members.filter((m) => inCerts(m.ck)).map((m) => m.id);
  const x3 = members.filter((m) => inDups(`${m.nk}\u0000${m.ak}`)).map((m) => m.id);
  const affected = [...new Set([...dirtyIds, ...x1, ...x2, ...x3])];
  await opts.onStage?.('read');

  const before = await iq.findAggregatesOf(trx, runId, affected);
  let removed = await iq.deleteFindingsOf(trx, runId, dirtyIds);
  removed += await iq.deleteFindingsOf(trx, runId, x1, 'X-01');
  removed += await iq.deleteFindingsOf(trx, runId, x2, 'X-02');
  removed += await iq.deleteFindingsOf(trx, runId, x3, 'X-03');
  await opts.onStage?.('deleted');

  const rows: q.FindingRow[] = [];
  for (const c of changed)
    for (const f of rules.check(toRecord(c, divisions)) as Finding[]) rows.push(findingRow(runId, c, f));
  await bulk.write(
    'findings',
    q.FINDING_COLUMNS,
    rows.map((r) => q.FINDING_COLUMNS.map((col) => r[col])),
  );
  await opts.onStage?.('checked');
  const scope = { id: runId, version: base.rule_set_version, scope: PROVINCE };
  const cross = await insertCrossRecordFindings(
    trx,
    scope,
    crossRecordParams(rules.crossRecord),
    groups,
    members,
  );
  await opts.onStage?.('written');

  const after = await iq.findAggregatesOf(trx, runId, affected);
  await iq.addFindingCounts(trx, runId, countDelta(before.counts, after.counts));
  await iq.setCheckedCounts(trx, runId, [...stations]);
  const errors = new Map<string, number>();
  for (const e of before.errors) errors.set(e.station_code, (errors.get(e.station_code) ?? 0) - e.n);
  for (const e of after.errors) errors.set(e.station_code, (errors.get(e.station_code) ?? 0) + e.n);
  await iq.addErrorCounts(trx, runId, errors);
  await iq.deleteMarks(trx, marks, oldKeys);
  await trx
    .updateTable('validation_runs')
    .set({ refreshed_at: opts.clock() })
    .where('id', '=', runId)
    .execute();
  await opts.onStage?.('counted');
  return {
    status: 'completed',
    customersChanged: dirtyIds.length,
    customersChecked: affected.length,
    findingsRemoved: removed,
    findingsAdded: rows.length + cross,
    customerIds: affected,
  };
}

/** The groups to redo: the keys the changed customers had (the triggers kept them) and have now. */
function touchedGroups(
  oldKeys: readonly iq.DirtyKey[],
  changed: readonly iq.ChangedCustomer[],
): TouchedGroups {
  const mobiles = new Set<string>();
  const certs = new Set<string>();
  const dups = new Map<string, readonly [string, string]>();
  const addDup = (n: string, a: string) => {
    if (n !== '' && a !== '') dups.set(`${n}\u0000${a}`, [n, a]);
  };
  for (const k of oldKeys) {
    if (k.kind === 'mobile') mobiles.add(k.k1);
    else if (k.kind === 'cert') certs.add(k.k1);
    else if (k.kind === 'dup') addDup(k.k1, k.k2);
  }
  for (const c of changed) {
    if (c.mk) mobiles.add(c.mk);
    if (c.ck) certs.add(c.ck);
    addDup(c.nk, c.ak);
  }
  return { mobiles: [...mobiles], certs: [...certs], dups: [...dups.values()] };
}

const countKey = (r: iq.CountRow) => `${r.station_code}\u0000${r.field}\u0000${r.rule_id}\u0000${r.severity}`;

/** after − before per (station, field, rule, severity); exact, as the customers outside are untouched. */
function countDelta(before: readonly iq.CountRow[], after: readonly iq.CountRow[]): iq.CountRow[] {
  const delta = new Map<string, iq.CountRow>();
  const add = (r: iq.CountRow, sign: 1 | -1) => {
    const k = countKey(r);
    const d = delta.get(k) ?? { ...r, customers: 0, findings: 0 };
    d.customers += sign * r.customers;
    d.findings += sign * r.findings;
    delta.set(k, d);
  };
  for (const r of before) add(r, -1);
  for (const r of after) add(r, 1);
  return [...delta.values()].filter((d) => d.customers !== 0 || d.findings !== 0);
}
