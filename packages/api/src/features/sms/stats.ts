// Progress and delivery of a sampling plan's SMS, per city company and for the province (or the
// caller's region): counts, and the delivery success rate with its 95% Wilson interval.
import { sql, type Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { andInRegion, inRegion, type Region } from '../auth/region.ts';
import { planRef } from './send-plan.ts';
import { wilson } from '../sampling/wilson.ts';

export interface DeliveryRow {
  code: string;
  name: string;
  total: number;
  /** queued or being handed over */
  waiting: number;
  /** accepted by the provider (whatever happened next) */
  sent: number;
  delivered: number;
  /** failed at sending or undelivered */
  failed: number;
  /** not final yet: waiting + sent awaiting a receipt */
  pending: number;
  replied1: number;
  replied2: number;
  /** messages sent through the simulated outbox (or made by the demo): labelled 模拟 */
  simulated: number;
  /** delivered ÷ (delivered + failed): of the messages with a final result */
  successRate: number | null;
  low: number | null;
  high: number | null;
}

interface CountRow {
  city_code: string | null;
  total: number;
  waiting: number;
  awaiting: number;
  sent: number;
  delivered: number;
  failed: number;
  replied1: number;
  replied2: number;
  simulated: number;
}

function row(code: string, name: string, c: Omit<CountRow, 'city_code'>): DeliveryRow {
  const n = Number(c.delivered) + Number(c.failed);
  const w = n > 0 ? wilson(Number(c.delivered), n) : undefined;
  return {
    code,
    name,
    total: Number(c.total),
    waiting: Number(c.waiting),
    sent: Number(c.sent),
    delivered: Number(c.delivered),
    failed: Number(c.failed),
    pending: Number(c.waiting) + Number(c.awaiting),
    replied1: Number(c.replied1),
    replied2: Number(c.replied2),
    simulated: Number(c.simulated),
    successRate: w ? w.rate : null,
    low: w ? w.low : null,
    high: w ? w.high : null,
  };
}

/** The plan's members in the region. */
export const planMembersQuery = (db: Kysely<Database>, planId: number, region: Region) =>
  inRegion(
    db
      .selectFrom('sample_members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('plan_id', '=', planId),
    region,
  );

/** Messages of a plan per city, cut to the region: what the stats page counts. */
export const planSmsCountsQuery = (planId: number, region: Region) => sql<CountRow>`
    select m.city_code,
      count(*)::int as total,
      count(*) filter (where m.status in ('queued', 'sending'))::int as waiting,
      count(*) filter (where m.status = 'sent')::int as awaiting,
      count(*) filter (where m.status in ('sent', 'delivered', 'undelivered') or m.provider_sid is not null)::int as sent,
      count(*) filter (where m.status = 'delivered')::int as delivered,
      count(*) filter (where m.status in ('failed', 'undelivered'))::int as failed,
      coalesce(sum(r.confirmed), 0)::int as replied1,
      coalesce(sum(r.not_me), 0)::int as replied2,
      count(*) filter (where m.provider in ('outbox', 'demo'))::int as simulated
    from sms_messages m
    left join lateral (
      select count(*) filter (where i.action = 'confirmed') as confirmed, count(*) filter (where i.action = 'not_me') as not_me
      from sms_inbound i where i.message_id = m.id
    ) r on true
    where m.purpose = 'sampling' and m.ref = ${planRef(planId)} ${andInRegion(region, 'm')}
    group by m.city_code order by m.city_code`;

export async function getPlanSmsStats(db: Db, principal: Principal, planId: number) {
  const plan = await db.kysely
    .selectFrom('sampling_plans')
    .select(['id', 'name', 'kind'])
    .where('id', '=', planId)
    .executeTakeFirst();
  if (!plan) throw notFound('抽样计划', 'sampling plan');
  const { region } = principal;
  const city = region.cityCode;
  const members = await planMembersQuery(db.kysely, planId, region).executeTakeFirstOrThrow();
  const inScope = Number(members.n);
  const counts = await planSmsCountsQuery(planId, region).execute(db.kysely);
  const codes = counts.rows.map((r) => r.city_code ?? '');
  const names = new Map(
    (
      await db.kysely
        .selectFrom('org_units')
        .select(['code', 'name'])
        .where('code', 'in', [...codes, '53', '-'])
        .execute()
    ).map((u) => [u.code, u.name]),
  );
  const cities = counts.rows.map((r) =>
    row(r.city_code ?? '', names.get(r.city_code ?? '') ?? r.city_code ?? '—', r),
  );
  const sum = (k: keyof CountRow) => counts.rows.reduce((s, r) => s + Number(r[k]), 0);
  const keys = [
    'total',
    'waiting',
    'awaiting',
    'sent',
    'delivered',
    'failed',
    'replied1',
    'replied2',
    'simulated',
  ] as const;
  const totals = Object.fromEntries(keys.map((k) => [k, sum(k)])) as Omit<CountRow, 'city_code'>;
  const scopeName = city ? (names.get(city) ?? city) : '全省 / province';
  return {
    planId,
    planName: plan.name,
    kind: plan.kind,
    members: inScope,
    cities,
    total: row(city ?? 'province', scopeName, totals),
  };
}
