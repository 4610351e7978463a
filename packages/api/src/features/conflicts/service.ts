// Conflicts decided by people (冲突处理). Each resolution goes through the one write path with
// source 'resolution' (customer_changes keeps who and when), in one transaction per request:
//   keep_ours   — nothing of the customer changes; the correction goes into the change feed again,
//                 against the value the source sent last (provenance requeueCorrection)
//   take_source — the source's value is written: the field agrees with the source again
//   other       — a value a person enters, checked by the active rules first
// A conflict whose customer changed since it was raised (ours is no longer current) is refused for
// that conflict (reported, not thrown), so one stale row does not block the rest.
import type { Kysely } from 'kysely';
import type {
  Conflict,
  ConflictPage,
  ConflictSummary,
  ResolveAction,
  ResolveResult,
} from '@qingyuan/contract/conflicts';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { covers, resolveRegion, type Region } from '../auth/region.ts';
import { applyChanges } from '../customers/changes.ts';
import { isTrackedField, type TrackedField } from '../customers/columns.ts';
import { checkCorrectedValues } from '../customers/corrections.ts';
import { requeueCorrection } from '../customers/provenance.ts';
import { revalidateCustomers } from '../validation/revalidate.ts';
import { findCustomersByIds } from '../validation/queries.ts';
import type { Masker } from '../writeback/mask.ts';
import * as q from './queries.ts';

const DAY = 86_400_000;

function toConflictDto(r: q.ConflictRow, mask: Masker, now: Date): Conflict {
  return {
    id: Number(r.id),
    customerId: String(r.customer_id),
    customerNo: r.customer_no,
    customerName: r.customer_name,
    cityCode: r.city_code,
    stationCode: r.station_code,
    stationName: r.station_name,
    field: r.field,
    kind: r.kind,
    base: mask(r.field, r.base),
    ours: mask(r.field, r.ours),
    theirs: r.theirs === null ? null : mask(r.field, r.theirs),
    oursSource: r.ours_source,
    oursRef: r.ours_ref,
    oursUserName: r.user_name,
    oursAt: r.ours_at ? new Date(r.ours_at).toISOString() : null,
    batchId: r.batch_id === null ? null : String(r.batch_id),
    reason: r.reason,
    createdAt: new Date(r.created_at).toISOString(),
    ageDays: Math.floor((now.getTime() - new Date(r.created_at).getTime()) / DAY),
  };
}

export async function listConflicts(
  db: Kysely<Database>,
  viewer: Principal,
  mask: Masker,
  query: { unit?: string; field?: string; minAgeDays?: number; page: number; pageSize: number },
  now: Date,
): Promise<ConflictPage> {
  const unit = await resolveRegion(db, viewer, query.unit);
  const { items, total } = await q.findConflictPage(
    db,
    {
      region: unit.region,
      field: query.field,
      openedBy: query.minAgeDays === undefined ? undefined : new Date(now.getTime() - query.minAgeDays * DAY),
    },
    (query.page - 1) * query.pageSize,
    query.pageSize,
  );
  return { items: items.map((r) => toConflictDto(r, mask, now)), total };
}

export async function conflictSummary(
  db: Kysely<Database>,
  region: Region,
  now: Date,
): Promise<ConflictSummary> {
  const [rows, cities] = await Promise.all([
    q.countOpenByCity(db, region),
    db.selectFrom('org_units').select(['code', 'name']).where('level', '=', 'city').orderBy('code').execute(),
  ]);
  const byCity = new Map(rows.map((r) => [r.city_code, r]));
  return {
    cities: cities
      .filter((c) => !region.cityCode || c.code === region.cityCode)
      .map((c) => {
        const r = byCity.get(c.code);
        return {
          cityCode: c.code,
          cityName: c.name,
          open: Number(r?.open ?? 0),
          oldestDays: r?.oldest ? Math.floor((now.getTime() - new Date(r.oldest).getTime()) / DAY) : null,
        };
      }),
  };
}

const failure = (id: number, zh: string, en: string) => ({ id, zh, en });

export async function resolveConflicts(
  db: Db,
  viewer: Principal,
  req: { ids: number[]; action: ResolveAction; value?: string },
  now: Date,
): Promise<ResolveResult> {
  if (req.action === 'other' && (req.value === undefined || req.value.trim() === ''))
    throw new AppError('validation_failed', '请填写新的值 / Enter the value to write');
  const userId = viewer.kind === 'user' ? viewer.id : null;
  return db.kysely.transaction().execute(async (trx) => {
    const rows = await q.lockOpenConflicts(trx, [...new Set(req.ids)]);
    const found = new Map(rows.map((r) => [Number(r.id), r]));
    const result: ResolveResult = { resolved: 0, failed: [] };
    const changed: number[] = [];
    for (const id of req.ids) {
      const c = found.get(id);
      // outside the viewer's region looks like absent
      if (!c || !covers(viewer.region, c) || !isTrackedField(c.field)) {
        result.failed.push(failure(id, '未找到该冲突或已处理', 'conflict not found or already resolved'));
        continue;
      }
      const field: TrackedField = c.field;
      const source = { kind: 'resolution' as const, ref: String(id), userId };
      const [customer] = await findCustomersByIds(trx, [c.customer_id]);
      const current = await trx
        .selectFrom('customers')
        .select(['version', field])
        .where('id', '=', c.customer_id)
        .forUpdate()
        .executeTakeFirst();
      if (!current || (current as Record<string, unknown>)[field] !== c.ours) {
        result.failed.push(
          failure(id, '客户信息在冲突产生后已被修改，请刷新', 'the customer changed since: reload'),
        );
        continue;
      }
      let value = c.ours;
      if (req.action === 'keep_ours') await requeueCorrection(trx, c.customer_id, field, source, now);
      else {
        value = req.action === 'take_source' ? (c.theirs ?? c.base) : req.value!.trim();
        if (req.action === 'other' && customer) {
          const refused = await checkValue(trx, customer, field, value, now);
          if (typeof refused !== 'string') {
            result.failed.push(failure(id, refused.zh, refused.en));
            continue;
          }
          value = refused;
        }
        if (value !== c.ours) {
          const { refused } = await applyChanges(
            trx,
            [
              {
                customerId: c.customer_id,
                version: current.version,
                fields: { [field]: { old: c.ours, new: value } },
              },
            ],
            { source, now },
          );
          if (refused.length > 0) {
            result.failed.push(failure(id, '客户信息已被修改，请刷新', 'the customer changed: reload'));
            continue;
          }
          changed.push(c.customer_id);
        } else await requeueCorrection(trx, c.customer_id, field, source, now);
      }
      await q.markResolved(trx, id, { resolution: req.action, value, userId, now });
      result.resolved++;
    }
    await revalidateCustomers(trx, changed, now);
    return result;
  });
}

/** The rules' verdict on one new value (customers/corrections.ts): the value to store, or why not. */
async function checkValue(
  trx: Parameters<typeof findCustomersByIds>[0],
  customer: Awaited<ReturnType<typeof findCustomersByIds>>[number],
  field: TrackedField,
  value: string,
  now: Date,
): Promise<string | { zh: string; en: string }> {
  const { values, errors } = await checkCorrectedValues(trx, customer, { [field]: value }, now);
  if (errors.length === 0) return values[0]!.value;
  return {
    zh: `新值未通过校验：${errors.map((e) => e.zh).join('；')}`,
    en: `value refused: ${errors.map((e) => e.en).join('; ')}`,
  };
}
