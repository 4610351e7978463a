// The change feed as an API: pages of changes after an id, each page recorded as exported (a range
// over the caller's region), and the counts per city for the 回写 page and the dashboard.
import type { Kysely } from 'kysely';
import type { ChangeFeed, ChangeState, OutboundChange, WritebackSummary } from '@qingyuan/contract/writeback';
import type { Database } from '../../db/schema.ts';
import type { Principal } from '../auth/principal.ts';
import type { Region } from '../auth/region.ts';
import { feedHorizon } from './horizon.ts';
import type { Masker } from './mask.ts';
import * as q from './queries.ts';

export function displayState(row: { state: string; exported: boolean }): ChangeState {
  if (row.state === 'pending') return row.exported ? 'exported' : 'corrected';
  return row.state as ChangeState;
}

export function toChangeDto(r: q.ChangeRow, mask: Masker): OutboundChange {
  return {
    id: Number(r.id),
    customerNo: r.customer_no,
    stationCode: r.station_code,
    cityCode: r.city_code,
    field: r.field,
    baseValue: mask(r.field, r.base_value),
    newValue: mask(r.field, r.new_value),
    verifiedBy: r.source,
    ref: r.ref,
    userName: r.user_name,
    changedAt: new Date(r.changed_at).toISOString(),
    state: displayState({ state: r.state, exported: Boolean(r.exported) }),
    ackReason: r.ack_reason,
  };
}

/**
 * The changes after `after` in the caller's region, at most `limit`, in id order; the page is
 * recorded as exported. Every id up to the horizon is committed, so paging with nextAfter never
 * skips a change.
 */
export async function listChanges(
  db: Kysely<Database>,
  viewer: Principal,
  mask: Masker,
  { after, limit }: { after: number; limit: number },
  now: Date,
): Promise<ChangeFeed> {
  const horizon = await feedHorizon(db);
  const rows = await q.findChangesAfter(db, viewer.region, after, horizon, limit);
  if (rows.length === 0) return { items: [], nextAfter: after };
  const last = Number(rows[rows.length - 1]!.id);
  await q.insertExport(db, {
    region: viewer.region,
    afterId: after,
    throughId: last,
    changes: rows.length,
    customers: new Set(rows.map((r) => r.customer_id)).size,
    format: 'api',
    userId: viewer.kind === 'user' ? viewer.id : null,
    tokenId: viewer.kind === 'token' ? viewer.id : null,
    now,
  });
  return { items: rows.map((r) => ({ ...toChangeDto(r, mask), state: exportedNow(r) })), nextAfter: last };
}

/** A change this page hands out is 已导出 from now on (unless it moved further already). */
const exportedNow = (r: q.ChangeRow): ChangeState =>
  r.state === 'pending' ? 'exported' : displayState({ state: r.state, exported: true });

/** Corrections per city by state, and the share written back (or confirmed by the source). */
export async function writebackSummary(
  db: Kysely<Database>,
  region: Region,
  mask: Masker,
): Promise<WritebackSummary> {
  const [counts, cities, pending] = await Promise.all([
    q.countChangesByCity(db, region),
    db.selectFrom('org_units').select(['code', 'name']).where('level', '=', 'city').orderBy('code').execute(),
    q.findPendingChanges(db, region, 200),
  ]);
  const byCity = new Map<string, WritebackSummary['cities'][number]>();
  for (const c of cities)
    if (!region.cityCode || region.cityCode === c.code)
      byCity.set(c.code, {
        cityCode: c.code,
        cityName: c.name,
        corrected: 0,
        exported: 0,
        writtenBack: 0,
        confirmed: 0,
        rejected: 0,
        writtenBackPct: null,
      });
  for (const r of counts) {
    const city = byCity.get(r.city_code);
    if (!city) continue;
    const state = displayState(r);
    const key = state === 'written_back' ? 'writtenBack' : state;
    city[key] += Number(r.n);
  }
  for (const city of byCity.values()) {
    const total = city.corrected + city.exported + city.writtenBack + city.confirmed + city.rejected;
    city.writtenBackPct =
      total === 0 ? null : Math.round(((city.writtenBack + city.confirmed) / total) * 1000) / 10;
  }
  return { cities: [...byCity.values()], items: pending.map((r) => toChangeDto(r, mask)) };
}
