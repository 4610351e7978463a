// The call queue: a call plan's members become tasks, and an agent's "next" hands out one with a
// lease. An agent who still holds a task gets it back (a reload, a double click); a lease that ran
// out returns the task to the queue for anyone in its region.
import type { Db } from '../../db.ts';
import { notFound } from '../../errors.ts';
import { masker, type Masker } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
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
  if (taskId === undefined) return { call: null, remaining };
  const view = await q.findCallView(db.kysely, taskId);
  const held = { heldCustomerIds: new Set([view.customer_id]) };
  return { call: toCallDto(view, masker(agent, held)), remaining };
}
