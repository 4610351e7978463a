// The call queue: a call plan's members become tasks, and an agent's "next" hands out one with a
// lease. An agent who still holds a task gets it back (a reload, a double click); a lease that ran
// out returns the task to the queue for anyone in its region.
import type { Db } from '../../db.ts';
import { notFound } from '../../errors.ts';
import { masker, type Masker } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
import { covers, regionOf } from '../auth/region.ts';
import { chinaToday } from '../rule-sets/active.ts';
import * as q from './queries.ts';
import type { Call } from '@qingyuan/contract/calls';

export interface QueueSettings {
  leaseMinutes: number;
}

/** The call in the agent's hands: its customer's numbers in full, because the agent holds its lease. */
export function toCallDto(row: q.CallViewRow, mask: Masker): Call {
  const phone = mask.forCustomer(row.customer_id).phone;
  return {
    id: String(row.id),
    planId: String(row.plan_id),
    planName: row.plan_name,
    customerId: String(row.customer_id),
    customerNo: row.customer_no,
    name: row.name,
    mobile: phone(row.mobile),
    landline: phone(row.landline),
    address: row.address,
    stationName: row.station_name,
    countyName: row.county_name,
    cityName: row.city_name,
    version: row.leased_version ?? 0,
    claims: row.claims,
    leaseExpiresAt: new Date(row.lease_expires_at!).toISOString(),
    findings: [],
  };
}

async function planOrFail(db: Db, planId?: number) {
  const plan = await q.findCallPlan(db.kysely, planId);
  if (!plan) throw notFound('电话核实抽样计划', 'call sampling plan');
  return plan;
}

/** Creates the plan's tasks on first use; later calls cost one indexed lookup. */
export async function openCallQueue(db: Db, planId: number): Promise<void> {
  if (await q.hasTasks(db.kysely, planId)) return;
  await db.kysely.transaction().execute((trx) => q.insertTasksFromMembers(trx, planId));
}

export async function nextCall(
  db: Db,
  agent: Principal,
  planId: number | undefined,
  now: Date,
  settings: QueueSettings,
) {
  const plan = await planOrFail(db, planId);
  await openCallQueue(db, plan.id);
  const leaseUntil = new Date(now.getTime() + settings.leaseMinutes * 60_000);
  const taskId = await db.kysely.transaction().execute(async (trx) => {
    await q.lockAgent(trx, agent.id);
    const held = await q.findHeldTask(trx, plan.id, agent.id);
    if (!held) await q.releaseOtherPlans(trx, plan.id, agent.id);
    const id = held?.id ?? (await q.claimTask(trx, { planId: plan.id, agent, now, leaseUntil }));
    if (id !== undefined) await q.renewLease(trx, id, leaseUntil);
    return id;
  });
  const remaining = await q.countOpenTasks(db.kysely, plan.id, agent);
  const doneToday = await countDoneToday(db, agent, now);
  if (taskId === undefined) return { call: null, remaining, doneToday };
  const view = await q.findCallView(db.kysely, taskId);
  const mask = masker(agent, { heldCustomerIds: new Set([view.customer_id]) });
  const findings = await whySampled(db, view);
  return {
    call: {
      ...toCallDto(view, mask),
      findings: findings.map((f) => ({
        field: f.field,
        zh: mask.text(f.message_zh),
        en: mask.text(f.message_en),
      })),
    },
    remaining,
    doneToday,
  };
}

/** The findings of the customer in the newest completed run that covers it. */
async function whySampled(db: Db, view: q.CallViewRow) {
  const runs = await q.findCompletedRuns(db.kysely);
  const run = runs.find((r) => covers(regionOf(r), view));
  return run ? q.findFindingsIn(db.kysely, run.id, view.customer_id) : [];
}

/** The agent's finished calls since the start of today in Beijing. */
export async function countDoneToday(db: Db, agent: Principal, now: Date): Promise<number> {
  if (agent.kind !== 'user') return 0;
  return q.countDoneSince(db.kysely, agent.id, new Date(`${chinaToday(now)}T00:00:00+08:00`));
}

/** 跳过: the held customer goes back to the queue, to others first (see claimTaskQuery). */
export async function releaseCall(db: Db, agent: Principal, callId: number, now: Date, skipMinutes = 30) {
  if (agent.kind !== 'user') throw notFound('电话任务', 'call');
  const until = new Date(now.getTime() + skipMinutes * 60_000);
  const released = await db.kysely
    .transaction()
    .execute((trx) => q.releaseTask(trx, callId, agent.id, until));
  if (!released) throw notFound('您领取的电话任务', 'call held by you');
  return { id: String(callId), released: true };
}
