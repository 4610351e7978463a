// The one write path for customer fields. Every writer (a load batch, a worksheet upload, a call
// result, the demo) hands its changes here; this module alone issues `update customers`, so the
// version check, the timestamps and the customer_changes trail cannot differ between writers.
// (A scan in write-path.unit.test.ts fails on a second `update customers` anywhere in src.)
//
// For a set of changes it
//   1. locks and reads the customers (one statement, in id order so two writers cannot deadlock),
//   2. refuses, as values, a customer that is gone or no longer at the version the writer read,
//      or whose field no longer holds the value the writer expected ('stale'),
//   3. asks the per-field policy, if any, whether each field may be overwritten by this source,
//   4. writes the updates and their customer_changes rows in one set-based statement,
//   5. keeps the fields' provenance (provenance.ts): a correction records its base and queues an
//      outbound change for the marketing system; a load's write makes the field agree with it.
// The `customers_bump_version` trigger moves `version` on a real change; the statement also
// matches the version read in step 1, so a write can never land on a row it did not check.
//
// The retention writer (anonymiseCustomers, source 'retention') is the one exception to keeping
// values: anonymising a customer must not copy the values it destroys into the trail, so its
// customer_changes rows carry no old value, and the customer's earlier trail is redacted.
import { sql } from 'kysely';
import type { Trx } from '../../db.ts';
import type { ChangeSource } from '../../db/schema.ts';
import { CHANGE_COLUMNS, isTrackedField, TRACKED_FIELDS, type TrackedField } from './columns.ts';
import { provenanceSteps } from './provenance.ts';

export interface FieldChange {
  /** The value the writer saw: the change applies only while the field still holds it. */
  old: string;
  new: string;
}

export interface CustomerChange {
  customerId: number;
  /** The version the writer read: nothing is written unless the customer still has it. */
  version: number;
  /** The fields to change; a field whose new value equals its old one is not a change. */
  fields: Partial<Record<TrackedField, FieldChange>>;
}

/** Who writes: customer_changes' source, batch_id (the batch, upload, call… id) and user_id. */
export interface WriteSource {
  kind: ChangeSource;
  ref: string | null;
  userId: number | null;
}

/** A customer as locked for the write: what a policy sees. */
export type LockedCustomer = { id: number; version: number; county_code: string; city_code: string } & Record<
  TrackedField,
  string
>;

/**
 * Decides whether `source` may overwrite one field: 'apply' writes it, 'skip' keeps the current
 * value, 'conflict' keeps it and reports the field as a conflict for a person to decide.
 */
export type FieldPolicy = (input: {
  customer: Readonly<LockedCustomer>;
  field: TrackedField;
  change: FieldChange;
  source: WriteSource;
}) => 'apply' | 'skip' | 'conflict';

export interface ApplyOptions {
  source: WriteSource;
  /** customers.updated_at and customer_changes.changed_at. */
  now: Date;
  policy?: FieldPolicy;
}

export interface Applied<C extends CustomerChange> {
  change: C;
  /** The fields written (none: the version was confirmed and the row stays locked). */
  fields: TrackedField[];
  /** The customer's version and city after the write. */
  version: number;
  cityCode: string;
}

export type RefusalReason = 'not_found' | 'stale' | 'skipped' | 'conflict';

export interface Refused<C extends CustomerChange> {
  change: C;
  /** null: the whole change was refused (not_found, stale); a field: the policy kept it. */
  field: TrackedField | null;
  reason: RefusalReason;
}

export interface ApplyResult<C extends CustomerChange> {
  applied: Applied<C>[];
  refused: Refused<C>[];
}

/**
 * Applies changes that were read at a version: writes what still holds, returns the rest as
 * refusals, both in the order given. A customer is written at most once per call: a later change
 * to a customer that an earlier one in the same call wrote is refused as stale.
 */
export async function applyChanges<C extends CustomerChange>(
  trx: Trx,
  changes: readonly C[],
  opts: ApplyOptions,
): Promise<ApplyResult<C>> {
  const result: ApplyResult<C> = { applied: [], refused: [] };
  if (changes.length === 0) return result;
  const locked = await lockCustomers(
    trx,
    changes.map((c) => c.customerId),
  );
  const writes: { applied: Applied<C>; fields: [TrackedField, FieldChange][] }[] = [];
  for (const change of changes) {
    const current = locked.get(change.customerId);
    const fields = (Object.entries(change.fields) as [TrackedField, FieldChange | undefined][]).filter(
      (e): e is [TrackedField, FieldChange] => e[1] !== undefined && e[1].new !== e[1].old,
    );
    // a name from outside the list would be logged but never written: a caller's bug
    for (const [name] of fields) if (!isTrackedField(name)) throw new Error(`not a customer field: ${name}`);
    if (!current) {
      result.refused.push({ change, field: null, reason: 'not_found' });
      continue;
    }
    if (current.version !== change.version || fields.some(([name, f]) => current[name] !== f.old)) {
      result.refused.push({ change, field: null, reason: 'stale' });
      continue;
    }
    const allowed = fields.filter(([field, f]) => {
      const decision = opts.policy?.({ customer: current, field, change: f, source: opts.source }) ?? 'apply';
      if (decision !== 'apply')
        result.refused.push({ change, field, reason: decision === 'skip' ? 'skipped' : 'conflict' });
      return decision === 'apply';
    });
    const applied = {
      change,
      fields: allowed.map(([name]) => name),
      version: current.version,
      cityCode: current.city_code,
    };
    result.applied.push(applied);
    if (allowed.length === 0) continue;
    writes.push({ applied, fields: allowed });
    // one write per customer and statement: a later change to it in this call is stale
    locked.set(change.customerId, { ...current, version: -1 });
  }
  const written = await writeChanges(trx, writes, opts);
  for (const { applied } of writes) {
    const row = written.get(applied.change.customerId);
    // the rows are locked and were checked above: a miss here is a bug, not a conflict
    if (!row) throw new Error(`customer ${applied.change.customerId} changed under a held lock`);
    Object.assign(applied, row);
  }
  return result;
}

/** Field values to set, for writers that did not read the customer (the demo, test setup). */
export interface FieldValues {
  customerId: number;
  fields: Partial<Record<TrackedField, string>>;
}

/**
 * Applies values over whatever the customers hold now: reads them under lock and applies as if
 * the writer had read them. Only for writers with nothing to check against; a writer that showed
 * values to a person or compared a file must use applyChanges with what it read.
 */
export async function applyOverCurrent(
  trx: Trx,
  values: readonly FieldValues[],
  opts: ApplyOptions,
): Promise<ApplyResult<CustomerChange>> {
  if (values.length === 0) return { applied: [], refused: [] };
  const locked = await lockCustomers(
    trx,
    values.map((v) => v.customerId),
  );
  return applyChanges(
    trx,
    values.map(({ customerId, fields }) => {
      const current = locked.get(customerId);
      return {
        customerId,
        version: current?.version ?? 0,
        fields: Object.fromEntries(
          (Object.entries(fields) as [TrackedField, string][]).map(([name, v]) => [
            name,
            { old: current?.[name] ?? '', new: v },
          ]),
        ),
      };
    }),
    opts,
  );
}

/** What an anonymised personal value reads as (also in the redacted trail: migration 2120). */
export const ANONYMISED = '已匿名';

/**
 * Anonymises customers (retention): name and address become 已匿名, ID and phones empty; the
 * customers are marked anonymised_at, and the personal values in their customer_changes trail
 * are replaced by the marker (redact_customer_changes: the trail is append-only for everything
 * else, and on PostgreSQL the app role may not update it directly). The trail keeps who changed
 * which field when. The caller purges the customers' data in other tables.
 */
export async function anonymiseCustomers(
  trx: Trx,
  customerIds: readonly number[],
  opts: { ref: string; userId: number | null; now: Date },
): Promise<number> {
  if (customerIds.length === 0) return 0;
  const blank = { name: ANONYMISED, cert_no: '', mobile: '', landline: '', address: ANONYMISED };
  await applyOverCurrent(
    trx,
    customerIds.map((customerId) => ({ customerId, fields: blank })),
    { source: { kind: 'retention', ref: opts.ref, userId: opts.userId }, now: opts.now },
  );
  const ids = sql<number[]>`${[...customerIds]}::bigint[]`;
  const marked = await sql`
    update customers set anonymised_at = ${opts.now}::timestamptz
    where id = any(${ids}) and anonymised_at is null`.execute(trx);
  await sql`select redact_customer_changes(${ids})`.execute(trx);
  return Number(marked.numAffectedRows ?? 0);
}

async function lockCustomers(trx: Trx, ids: readonly number[]): Promise<Map<number, LockedCustomer>> {
  const rows = await trx
    .selectFrom('customers')
    .select(['id', 'version', 'county_code', 'city_code', ...TRACKED_FIELDS])
    .where('id', '=', sql<number>`any(${[...new Set(ids)]}::bigint[])`)
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [Number(r.id), { ...r, id: Number(r.id) }]));
}

/**
 * One statement for the whole set: the updates from one array per column (null: field not
 * changed), county and city following a new station, and customer_changes filed under the city
 * the customer is in after the update.
 */
async function writeChanges(
  trx: Trx,
  writes: readonly { applied: Applied<CustomerChange>; fields: readonly [TrackedField, FieldChange][] }[],
  { source, now }: ApplyOptions,
): Promise<Map<number, { version: number; cityCode: string }>> {
  if (writes.length === 0) return new Map();
  const column = (name: TrackedField) =>
    writes.map((w) => w.fields.find(([f]) => f === name)?.[1].new ?? null);
  const isRetention = source.kind === 'retention';
  const trail = writes.flatMap((w) =>
    w.fields.map(([field, f]) => ({
      id: w.applied.change.customerId,
      field,
      old: isRetention ? null : f.old,
      new: f.new,
    })),
  );
  const fields = sql.raw(TRACKED_FIELDS.join(', '));
  const set = sql.raw(TRACKED_FIELDS.map((f) => `${f} = coalesce(v.${f}, c.${f})`).join(', '));
  const res = await sql<{ id: number; version: number; city_code: string }>`
    with v as (
      select * from unnest(${writes.map((w) => w.applied.change.customerId)}::bigint[],
        ${writes.map((w) => w.applied.change.version)}::int[],
        ${sql.join(TRACKED_FIELDS.map((f) => sql`${column(f)}::text[]`))}) as v(id, version, ${fields})
    ),
    u as (
      update customers c set ${set},
        county_code = coalesce(o.county_code, c.county_code),
        city_code = coalesce(o.city_code, c.city_code),
        updated_at = ${now}::timestamptz
      from v left join org_units o on o.code = v.station_code
      where c.id = v.id and c.version = v.version
      returning c.id, c.version, c.customer_no, c.city_code, c.county_code, c.station_code
    ),
    tr as (
      select * from unnest(${trail.map((t) => t.id)}::bigint[], ${trail.map((t) => t.field)}::text[],
                           ${trail.map((t) => t.old)}::text[], ${trail.map((t) => t.new)}::text[])
             with ordinality as t(id, field, old, new, n)
    ),
    trail as (
      insert into customer_changes (${sql.raw(CHANGE_COLUMNS.join(', '))})
      select t.id, u.city_code, t.field, t.old, t.new, ${source.kind}::text, ${source.ref}::text, ${source.userId}::bigint,
             ${now}::timestamptz
      from tr t join u on u.id = t.id
      order by t.n
    ),
    ${provenanceSteps(source, now)}
    select id, version, city_code from u`.execute(trx);
  return new Map(res.rows.map((r) => [Number(r.id), { version: r.version, cityCode: r.city_code }]));
}
