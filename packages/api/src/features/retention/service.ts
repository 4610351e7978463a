// Retention (保管期限): closed customers are kept for a number of years by voltage class, then
// anonymised. The policy is edited by admins (every edit in retention_policy_history); a dry run
// lists per unit what a run would anonymise now; a run (the nightly job, or an admin's "run now")
// anonymises in batches, each batch one transaction, and records itself in retention_runs.
import type { Kysely } from 'kysely';
import type {
  RetentionDryRun,
  RetentionPolicy,
  RetentionRun,
  RetentionUnit,
} from '@qingyuan/contract/retention';
import type { Db } from '../../db.ts';
import type { Database, RetentionUnitCount } from '../../db/schema.ts';
import { shanghaiDate } from '../campaign/periods.ts';
import { anonymiseCustomers } from '../customers/changes.ts';
import type { AuditContext, RecordAdminAction } from '../auth/admin-audit.ts';
import * as q from './queries.ts';

export async function getPolicy(db: Kysely<Database>): Promise<RetentionPolicy> {
  const rows = await db
    .selectFrom('retention_policy as p')
    .leftJoin('users as u', 'u.id', 'p.updated_by')
    .select(['p.voltage_class', 'p.years', 'p.updated_at', 'u.display_name'])
    .execute();
  const of = (c: 'high' | 'low') => rows.find((r) => r.voltage_class === c);
  const last = rows
    .filter((r) => r.updated_at)
    .sort((a, b) => +new Date(b.updated_at!) - +new Date(a.updated_at!))[0];
  return {
    highYears: of('high')?.years ?? 5,
    lowYears: of('low')?.years ?? 3,
    updatedAt: last?.updated_at ? new Date(last.updated_at).toISOString() : null,
    updatedBy: last?.display_name ?? null,
  };
}

/** Sets the years per class; each changed class is recorded in the append-only history. */
export async function updatePolicy(
  db: Kysely<Database>,
  next: { highYears: number; lowYears: number },
  ctx: AuditContext,
  record: RecordAdminAction,
): Promise<RetentionPolicy> {
  const { now } = ctx;
  const userId = ctx.userId;
  await db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('retention_policy').selectAll().forUpdate().execute();
    const changed = current.filter(
      (r) => r.years !== (r.voltage_class === 'high' ? next.highYears : next.lowYears),
    );
    if (changed.length > 0)
      await record(
        trx,
        ctx,
        'retention_policy',
        changed
          .map(
            (r) =>
              `${r.voltage_class} ${r.years} → ${r.voltage_class === 'high' ? next.highYears : next.lowYears}`,
          )
          .join('; '),
      );
    for (const row of current) {
      const years = row.voltage_class === 'high' ? next.highYears : next.lowYears;
      if (years === row.years) continue;
      await trx
        .insertInto('retention_policy_history')
        .values({
          voltage_class: row.voltage_class,
          old_years: row.years,
          new_years: years,
          changed_by: userId,
          changed_at: now,
        })
        .execute();
      await trx
        .updateTable('retention_policy')
        .set({ years, updated_by: userId, updated_at: now })
        .where('voltage_class', '=', row.voltage_class)
        .execute();
    }
  });
  return getPolicy(db);
}

/** The Beijing calendar date `years` before now: closed on or before it, past retention. */
export function cutoffsFor(policy: Pick<RetentionPolicy, 'highYears' | 'lowYears'>, now: Date): q.Cutoffs {
  const today = shanghaiDate(now);
  const back = (years: number) =>
    `${String(Number(today.slice(0, 4)) - years).padStart(4, '0')}${today.slice(4)}`;
  return { high: back(policy.highYears), low: back(policy.lowYears) };
}

export async function dryRun(db: Kysely<Database>, now: Date): Promise<RetentionDryRun> {
  const policy = await getPolicy(db);
  const cutoffs = cutoffsFor(policy, now);
  const rows = await q.countPastRetention(db, cutoffs);
  const units = rows.map((r) => toUnit(r, r));
  return {
    asOf: now.toISOString(),
    policy,
    highCutoff: cutoffs.high,
    lowCutoff: cutoffs.low,
    total: units.reduce((n, u) => n + u.total, 0),
    units,
    closedWithoutDate: await q.countClosedWithoutDate(db),
  };
}

function toUnit(
  counts: Pick<RetentionUnitCount, 'high' | 'low' | 'unknown'>,
  names: Omit<q.DryRunRow, 'high' | 'low' | 'unknown'>,
): RetentionUnit {
  return {
    cityCode: names.city_code,
    cityName: names.city_name,
    countyCode: names.county_code,
    countyName: names.county_name,
    stationCode: names.station_code,
    stationName: names.station_name,
    high: counts.high,
    low: counts.low,
    unknown: counts.unknown,
    total: counts.high + counts.low + counts.unknown,
  };
}

export interface RunOptions {
  trigger: 'schedule' | 'manual';
  userId: number | null;
  clock: () => Date;
  /** an admin's run: recorded in the access log with the run's row, in one transaction */
  audit?: { ctx: AuditContext; record: RecordAdminAction };
  /** customers per transaction */
  batchSize?: number;
}

/** A run left 'running' this long ago died with its process. */
const STALE_RUN_MS = 6 * 3600_000;

/**
 * Anonymises every customer past retention now, a batch per transaction (claimed FOR UPDATE SKIP
 * LOCKED, so two runners never take the same customer), and records the run with its counts per
 * station. A failure marks the run failed; the batches before it stay done.
 */
export async function runRetention(db: Db, opts: RunOptions): Promise<RetentionRun> {
  const startedAt = opts.clock();
  const policy = await getPolicy(db.kysely);
  const cutoffs = cutoffsFor(policy, startedAt);
  await db.kysely
    .updateTable('retention_runs')
    .set({ status: 'interrupted', finished_at: startedAt })
    .where('status', '=', 'running')
    .where('started_at', '<', new Date(startedAt.getTime() - STALE_RUN_MS))
    .execute();
  const runId = await db.kysely.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('retention_runs')
      .values({
        trigger: opts.trigger,
        status: 'running',
        high_years: policy.highYears,
        low_years: policy.lowYears,
        high_cutoff: cutoffs.high,
        low_cutoff: cutoffs.low,
        user_id: opts.userId,
        started_at: startedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (opts.audit)
      await opts.audit.record(
        trx,
        opts.audit.ctx,
        'retention_run',
        `run #${id}, cut-offs ${cutoffs.high} / ${cutoffs.low}`,
      );
    return Number(id);
  });
  const units = new Map<string, RetentionUnitCount>();
  let customers = 0;
  const size = opts.batchSize ?? 500;
  try {
    for (;;) {
      const n = await db.kysely.transaction().execute(async (trx) => {
        const now = opts.clock();
        const batch = await q.claimCandidates(trx, cutoffs, size);
        await anonymiseCustomers(
          trx,
          batch.map((c) => c.id),
          { ref: String(runId), userId: opts.userId, now },
        );
        await q.purgePersonalData(trx, batch, now);
        q.tally(units, batch);
        await trx
          .updateTable('retention_runs')
          .set({ customers: customers + batch.length, units: JSON.stringify([...units.values()]) })
          .where('id', '=', runId)
          .execute();
        return batch.length;
      });
      customers += n;
      if (n < size) break;
    }
    await finishRun(db.kysely, runId, { status: 'completed', error: null, at: opts.clock() });
  } catch (err) {
    await finishRun(db.kysely, runId, {
      status: 'failed',
      error: String(err).slice(0, 500),
      at: opts.clock(),
    });
    throw err;
  }
  return (await listRuns(db.kysely, runId))[0]!;
}

async function finishRun(
  db: Kysely<Database>,
  id: number,
  end: { status: 'completed' | 'failed'; error: string | null; at: Date },
) {
  await db
    .updateTable('retention_runs')
    .set({ status: end.status, error: end.error, finished_at: end.at })
    .where('id', '=', id)
    .execute();
}

/** The latest runs (or one), newest first, with unit names. */
export async function listRuns(db: Kysely<Database>, id?: number): Promise<RetentionRun[]> {
  let qb = db
    .selectFrom('retention_runs as r')
    .leftJoin('users as u', 'u.id', 'r.user_id')
    .selectAll('r')
    .select('u.display_name as user_name')
    .orderBy('r.id', 'desc')
    .limit(50);
  if (id !== undefined) qb = qb.where('r.id', '=', id);
  const runs = await qb.execute();
  const codes = [
    ...new Set(runs.flatMap((r) => r.units.flatMap((u) => [u.stationCode, u.countyCode, u.cityCode]))),
  ];
  const names = new Map(
    codes.length === 0
      ? []
      : (await db.selectFrom('org_units').select(['code', 'name']).where('code', 'in', codes).execute()).map(
          (o) => [o.code, o.name] as const,
        ),
  );
  return runs.map((r) => ({
    id: String(r.id),
    trigger: r.trigger,
    status: r.status,
    highYears: r.high_years,
    lowYears: r.low_years,
    highCutoff: r.high_cutoff,
    lowCutoff: r.low_cutoff,
    customers: r.customers,
    units: r.units.map((u) =>
      toUnit(u, {
        city_code: u.cityCode,
        city_name: names.get(u.cityCode) ?? u.cityCode,
        county_code: u.countyCode,
        county_name: names.get(u.countyCode) ?? u.countyCode,
        station_code: u.stationCode,
        station_name: names.get(u.stationCode) ?? u.stationCode,
      }),
    ),
    error: r.error,
    userName: r.user_name,
    startedAt: new Date(r.started_at).toISOString(),
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
  }));
}
