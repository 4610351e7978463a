// Campaigns are cycles: draft → active → closed (DESIGN.md, "Campaigns are cycles"). A draft is
// prepared (its phases, targets, pilot stations and settings) while another cycle runs or after
// it; activating it needs no other cycle active; closing takes the cycle's final week and month
// snapshots and freezes it: no snapshot, evaluation, target or work report changes afterwards.
// Every transition is logged in campaign_transitions, by whom and when.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Db, Trx } from '../../db.ts';
import type { CampaignStatus, Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { inRegion } from '../auth/region.ts';
import { currentCampaign, getActiveCampaign } from '../verification/service.ts';
import { takeSnapshot } from './snapshot.ts';
import type { CycleSummary } from '@qingyuan/contract/campaign';

const STATUS_ZH: Record<CampaignStatus, string> = { draft: '草稿', active: '进行中', closed: '已关闭' };

const illegal = (from: CampaignStatus, to: CampaignStatus) =>
  new AppError(
    'conflict',
    `治理周期不能从“${STATUS_ZH[from]}”变为“${STATUS_ZH[to]}” / A cycle cannot go from ${from} to ${to}`,
    { from, to },
  );

const findCampaign = (db: Kysely<Database>, id: number) =>
  db
    .selectFrom('campaigns')
    .select(['id', 'name', 'status', 'created_at', 'activated_at', 'closed_at'])
    .where('id', '=', id)
    .executeTakeFirst();

/** The cycle pages show by default: the active one, else the last closed, else the newest draft. */
export async function shownCampaignId(db: Db, now: Date, requested?: number): Promise<number> {
  if (requested !== undefined) {
    if (!(await findCampaign(db.kysely, requested))) throw notFound('治理周期', 'campaign cycle');
    return requested;
  }
  const active = await getActiveCampaign(db.kysely);
  if (active) return active.id;
  const last = await db.kysely
    .selectFrom('campaigns')
    .select('id')
    .orderBy(sql`status = 'closed'`, 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (last) return Number(last.id);
  // a fresh install: the default cycle, active
  const created = await db.kysely.transaction().execute((trx) => currentCampaign(trx, now));
  return created!.id;
}

/** A cycle whose configuration may change: not a closed one. */
export async function editableCampaignId(db: Db, now: Date, requested?: number): Promise<number> {
  const id = await shownCampaignId(db, now, requested);
  const c = (await findCampaign(db.kysely, id))!;
  if (c.status === 'closed')
    throw new AppError(
      'conflict',
      '该治理周期已关闭，不能再修改 / This cycle is closed and cannot be changed',
      {
        campaignId: id,
      },
    );
  return id;
}

async function logTransition(
  trx: Trx,
  id: number,
  from: CampaignStatus | null,
  to: CampaignStatus,
  user: Principal,
  now: Date,
) {
  await trx
    .insertInto('campaign_transitions')
    .values({
      campaign_id: id,
      from_status: from,
      to_status: to,
      user_id: user.kind === 'user' ? user.id : null,
      at: now,
    })
    .execute();
}

export async function createCycle(db: Db, user: Principal, name: string, now: Date) {
  return db.kysely.transaction().execute(async (trx) => {
    const draft = await trx
      .selectFrom('campaigns')
      .select('id')
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (draft)
      throw new AppError(
        'conflict',
        '已有一个草稿周期，请先启动或完善它 / There is already a draft cycle: activate or edit it',
        { campaignId: Number(draft.id) },
      );
    const row = await trx
      .insertInto('campaigns')
      .values({
        name,
        status: 'draft',
        created_by: user.kind === 'user' ? user.id : null,
        created_at: now,
        activated_at: null,
        closed_at: null,
        closed_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = Number(row.id);
    // the evaluation weights carry over; phases, targets and pilot stations are the new cycle's own
    await sql`insert into campaign_settings (campaign_id, settings, updated_by, updated_at)
      select ${id}, settings, ${user.kind === 'user' ? user.id : null}, ${now}::timestamptz
      from campaign_settings where campaign_id = (select max(campaign_id) from campaign_settings)`.execute(
      trx,
    );
    await logTransition(trx, id, null, 'draft', user, now);
    return id;
  });
}

export async function activateCycle(db: Db, user: Principal, id: number, now: Date) {
  await db.kysely.transaction().execute(async (trx) => {
    const c = await trx
      .selectFrom('campaigns')
      .select('status')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (!c) throw notFound('治理周期', 'campaign cycle');
    if (c.status !== 'draft') throw illegal(c.status, 'active');
    if (await getActiveCampaign(trx))
      throw new AppError(
        'conflict',
        '另一个治理周期正在进行，请先关闭它 / Another cycle is active: close it first',
      );
    await trx
      .updateTable('campaigns')
      .set({ status: 'active', activated_at: now })
      .where('id', '=', id)
      .execute();
    await logTransition(trx, id, 'draft', 'active', user, now);
  });
}

/**
 * Closes the active cycle: its final snapshots first (this week's and this month's, unless the
 * cut-off took them already), then the status. Afterwards nothing of the cycle is recomputed.
 */
export async function closeCycle(
  db: Db,
  user: Principal,
  id: number,
  now: Date,
  opts: { includeSimulated?: boolean } = {},
) {
  const c = await findCampaign(db.kysely, id);
  if (!c) throw notFound('治理周期', 'campaign cycle');
  if (c.status !== 'active') throw illegal(c.status, 'closed');
  await takeSnapshot(db, 'week', now, opts);
  await takeSnapshot(db, 'month', now, opts);
  await db.kysely.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom('campaigns')
      .select('status')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (locked.status !== 'active') throw illegal(locked.status, 'closed');
    await trx
      .updateTable('campaigns')
      .set({ status: 'closed', closed_at: now, closed_by: user.kind === 'user' ? user.id : null })
      .where('id', '=', id)
      .execute();
    await logTransition(trx, id, 'active', 'closed', user, now);
  });
}

/** Every cycle with its last weekly figures for the province: what the picker compares. */
export async function listCycles(db: Db): Promise<{ items: CycleSummary[] }> {
  const rows = await db.kysely
    .selectFrom('campaigns as c')
    .leftJoinLateral(
      (eb) =>
        eb
          .selectFrom('progress_snapshots as p')
          .select(['p.period_key', 'p.in_scope', 'p.verified', 'p.completion_pct'])
          .whereRef('p.campaign_id', '=', 'c.id')
          .where('p.period_kind', '=', 'week')
          .where('p.level', '=', 'province')
          .orderBy('p.period_key', 'desc')
          .limit(1)
          .as('s'),
      (join) => join.onTrue(),
    )
    .select([
      'c.id',
      'c.name',
      'c.status',
      'c.created_at',
      'c.activated_at',
      'c.closed_at',
      's.period_key',
      's.in_scope',
      's.verified',
      's.completion_pct',
    ])
    .orderBy('c.id', 'desc')
    .execute();
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      name: r.name,
      status: r.status,
      createdAt: new Date(r.created_at).toISOString(),
      activatedAt: iso(r.activated_at),
      closedAt: iso(r.closed_at),
      lastWeek: r.period_key ?? null,
      inScope: r.in_scope ?? null,
      verified: r.verified ?? null,
      completionPct:
        r.completion_pct === null || r.completion_pct === undefined ? null : Number(r.completion_pct),
    })),
  };
}

/** A customer's verification results over every cycle and between them, newest first. */
export async function customerHistory(db: Db, viewer: Principal, customerId: number) {
  const customer = await inRegion(db.kysely.selectFrom('customers as c').select('c.id'), viewer.region, 'c')
    .where('c.id', '=', customerId)
    .executeTakeFirst();
  if (!customer) throw notFound('客户', 'customer');
  const [inCycles, between] = await Promise.all([
    db.kysely
      .selectFrom('customer_verification as v')
      .innerJoin('campaigns as c', 'c.id', 'v.campaign_id')
      .select(['c.id', 'c.name', 'v.state', 'v.source', 'v.updated_at'])
      .where('v.customer_id', '=', customerId)
      .where('v.campaign_id', 'in', (eb) => eb.selectFrom('campaigns').select('id'))
      .execute(),
    db.kysely
      .selectFrom('verification_events')
      .select(['to_state', 'source', 'at'])
      .where('campaign_id', 'is', null)
      .where('customer_id', '=', customerId)
      .execute(),
  ]);
  const items = [
    ...inCycles.map((r) => ({
      campaignId: Number(r.id) as number | null,
      campaignName: r.name as string | null,
      state: r.state,
      source: r.source,
      at: new Date(r.updated_at).toISOString(),
    })),
    ...between.map((r) => ({
      campaignId: null,
      campaignName: null,
      state: r.to_state,
      source: r.source,
      at: new Date(r.at).toISOString(),
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return { items };
}
