// Approval for full numbers (审批): a coordinator or city member who sees numbers masked asks with
// a reason, a scope and a wanted duration; an admin, or an approver configured for the city,
// grants it for a time limit or refuses it with a reason. The request, the decision and the
// inbox notices are written in one transaction with their access-log row. A grant counts while
// expires_at > now (auth/service.ts withApprovals, on every request): expiry needs no job.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { AppError, forbidden, notFound } from '../../errors.ts';
import type { AccessRequest, AccessScope } from '@qingyuan/contract/access';
import { recordAccess, type AccessEntry } from '../access-log/record.ts';
import { mayRequestUnmasked } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
import { resolveRegion } from '../auth/region.ts';
import * as q from './queries.ts';

type Where = Pick<AccessEntry, 'route' | 'ip' | 'at'>;

/** The city whose approvers decide, after checking the scope lies in the requester's region. */
async function checkScope(db: Kysely<Database>, viewer: Principal, scope: AccessScope) {
  if (scope.kind === 'unit') {
    const unit = await resolveRegion(db, viewer, scope.unitCode);
    return { cityCode: unit.region.cityCode ?? null, unitCode: scope.unitCode, customerIds: null };
  }
  if (scope.kind === 'customers') {
    const ids = [...new Set(scope.customerIds)];
    const found = await q.findCustomerCities(db, ids, viewer.region);
    // a customer outside the region looks exactly like an absent one
    if (found.length !== ids.length) throw notFound('客户', 'customer');
    const cities = new Set(found.map((c) => c.city_code));
    return { cityCode: cities.size === 1 ? [...cities][0]! : null, unitCode: null, customerIds: ids };
  }
  return { cityCode: viewer.region.cityCode ?? null, unitCode: null, customerIds: null };
}

export async function requestUnmasked(
  db: Kysely<Database>,
  viewer: Principal,
  body: { scope: AccessScope; reason: string; hours: number },
  where: Where,
) {
  // the scope first: a unit or customer outside the region is refused as such, whoever asks
  const scope = await checkScope(db, viewer, body.scope);
  if (viewer.kind !== 'user' || !mayRequestUnmasked(viewer))
    throw new AppError('conflict', '您已可查看完整号码，无需申请 / You already see full numbers');
  const id = await db.transaction().execute(async (trx) => {
    const { id } = await q.insertRequest(trx, {
      userId: viewer.id,
      cityCode: scope.cityCode,
      kind: body.scope.kind,
      unitCode: scope.unitCode,
      customerIds: scope.customerIds,
      reason: body.reason,
      hours: body.hours,
      now: where.at,
    });
    await recordAccess(trx, {
      ...where,
      actor: viewer,
      action: 'access_request',
      customerIds: scope.customerIds ?? undefined,
      scope: { requestId: id, kind: body.scope.kind, unitCode: scope.unitCode, hours: body.hours },
      note: body.reason,
    });
    const deciders = (await q.findDeciders(trx, scope.cityCode)).filter((u) => u !== viewer.id);
    await q.insertNotifications(trx, deciders, 'access_requested', id, where.at);
    return id;
  });
  return getRequest(db, viewer, id, where.at);
}

async function mayDecide(
  db: Kysely<Database>,
  viewer: Principal,
  cityCode: string | null,
  requester: number,
) {
  if (viewer.kind !== 'user' || viewer.id === requester) return false; // nobody approves their own
  if (viewer.role === 'admin') return true;
  return cityCode !== null && (await q.findApproverCities(db, viewer.id)).includes(cityCode);
}

export async function decide(
  db: Kysely<Database>,
  viewer: Principal,
  id: number,
  decision: { grant: true; hours: number; note?: string } | { grant: false; reason: string },
  where: Where,
) {
  await db.transaction().execute(async (trx) => {
    const row = await q.lockPending(trx, id);
    if (!row || !(await canSee(trx, viewer, row))) throw notFound('申请', 'request');
    if (!(await mayDecide(trx, viewer, row.city_code, row.user_id))) throw forbidden();
    if (row.status !== 'pending')
      throw new AppError('conflict', '该申请已处理 / This request has already been decided');
    const expiresAt = decision.grant ? new Date(where.at.getTime() + decision.hours * 3600_000) : null;
    const note = decision.grant ? (decision.note ?? null) : decision.reason;
    await q.decideRequest(trx, id, {
      status: decision.grant ? 'granted' : 'refused',
      by: viewer.id,
      at: where.at,
      note,
      expiresAt,
    });
    await recordAccess(trx, {
      ...where,
      actor: viewer,
      action: decision.grant ? 'access_grant' : 'access_refuse',
      scope: {
        requestId: id,
        requesterId: row.user_id,
        ...(expiresAt ? { expiresAt: expiresAt.toISOString() } : {}),
      },
      note: note ?? undefined,
    });
    await q.insertNotifications(
      trx,
      [row.user_id],
      decision.grant ? 'access_granted' : 'access_refused',
      id,
      where.at,
    );
  });
  return getRequest(db, viewer, id, where.at);
}

async function canSee(
  db: Kysely<Database>,
  viewer: Principal,
  row: { user_id: number; city_code: string | null },
) {
  if (viewer.role === 'admin' || viewer.role === 'auditor' || row.user_id === viewer.id) return true;
  return mayDecide(db, viewer, row.city_code, row.user_id);
}

function toDto(r: q.RequestRow, now: Date, canDecide: boolean): AccessRequest {
  const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
  const isExpired = r.status === 'granted' && r.expires_at !== null && new Date(r.expires_at) <= now;
  return {
    id: String(r.id),
    requester: r.requester,
    requesterName: r.requester_name,
    scopeKind: r.scope_kind,
    unitCode: r.unit_code,
    unitName: r.unit_name,
    customerIds: (r.customer_ids ?? []).map(String),
    reason: r.reason,
    wantedHours: r.wanted_hours,
    status: isExpired ? 'expired' : r.status,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
    decisionNote: r.decision_note,
    expiresAt: iso(r.expires_at),
    createdAt: iso(r.created_at)!,
    canDecide,
  };
}

export async function getRequest(db: Kysely<Database>, viewer: Principal, id: number, now: Date) {
  const row = await q.findRequest(db, id);
  if (!row || !(await canSee(db, viewer, row))) throw notFound('申请', 'request');
  const canDecide = row.status === 'pending' && (await mayDecide(db, viewer, row.city_code, row.user_id));
  return { request: toDto(row, now, canDecide) };
}

export async function listRequests(db: Kysely<Database>, viewer: Principal, now: Date) {
  const cities = viewer.kind === 'user' ? await q.findApproverCities(db, viewer.id) : [];
  const isAll = viewer.role === 'admin' || viewer.role === 'auditor';
  const rows = await q.findRequests(db, viewer.id, cities, isAll);
  const decides = (r: q.RequestRow) =>
    r.status === 'pending' &&
    r.user_id !== viewer.id &&
    (viewer.role === 'admin' || (r.city_code !== null && cities.includes(r.city_code)));
  return { items: rows.map((r) => toDto(r, now, decides(r))) };
}

export async function listNotifications(db: Kysely<Database>, viewer: Principal) {
  const [rows, unread] = await Promise.all([
    q.findNotifications(db, viewer.id),
    q.countUnread(db, viewer.id),
  ]);
  return {
    items: rows.map((r) => ({
      id: String(r.id),
      kind: r.kind,
      requestId: r.request_id === null ? null : String(r.request_id),
      actor: (r.kind === 'access_requested' ? r.requester : r.decider) ?? '',
      createdAt: new Date(r.created_at).toISOString(),
      isRead: r.read_at !== null,
    })),
    unread,
  };
}

export const markNotificationsRead = (
  db: Kysely<Database>,
  viewer: Principal,
  ids: number[] | undefined,
  now: Date,
) => q.markRead(db, viewer.id, ids, now);

export async function listApprovers(db: Kysely<Database>) {
  const rows = await q.findApprovers(db);
  const byCity = new Map<string, string[]>();
  for (const r of rows) byCity.set(r.city_code, [...(byCity.get(r.city_code) ?? []), r.username]);
  return { items: [...byCity].map(([cityCode, usernames]) => ({ cityCode, usernames })) };
}

export async function setApprovers(
  db: Kysely<Database>,
  viewer: Principal,
  body: { cityCode: string; usernames: string[] },
  now: Date,
) {
  const unit = await resolveRegion(db, viewer, body.cityCode);
  if (unit.level !== 'city')
    throw new AppError('validation_failed', '请选择地市公司 / Choose a city company');
  const users = await q.findUsersByName(db, body.usernames);
  if (users.length !== new Set(body.usernames).size) throw notFound('用户', 'user');
  await db.transaction().execute((trx) =>
    q.replaceApprovers(
      trx,
      body.cityCode,
      users.map((u) => u.id),
      now,
    ),
  );
  return listApprovers(db);
}
