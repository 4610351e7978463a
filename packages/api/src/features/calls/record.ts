// Saving a call: the agent's verdicts, corrections checked by the active rule set, the customer
// updated with a trace in customer_changes, findings re-checked and the verification state moved,
// all in one transaction. A retried save (same request id) is answered from what was stored.
import type { Db, Trx } from '../../db.ts';
import type { CallField } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { covers } from '../auth/region.ts';
import { applyChanges } from '../customers/changes.ts';
import { checkCorrectedValues, correctionRefused } from '../customers/corrections.ts';
import { revalidateCustomers } from '../validation/revalidate.ts';
import { currentCampaign, recordVerification } from '../verification/service.ts';
import { insertFlags } from '../sms/flags.ts';
import * as q from './queries.ts';
import type { CallResultBody, CallResultResponse } from '@qingyuan/contract/calls';
import { FIELD_LABELS, fieldOutcomes, stateOf, type FieldOutcome } from './verdicts.ts';

const conflict = (reason: string, zh: string, en: string, extra: object = {}) =>
  new AppError('conflict', `${zh} / ${en}`, { reason, ...extra });

export async function recordCallResult(
  db: Db,
  agent: Principal,
  callId: number,
  body: CallResultBody,
  now: Date,
): Promise<CallResultResponse> {
  return db.kysely.transaction().execute(async (trx) => {
    const task = await q.lockTask(trx, callId);
    if (!task || !covers(agent.region, task)) throw notFound('电话任务', 'call');
    if (task.status === 'done') {
      if (task.request_id === body.requestId) return replay(trx, task);
      throw conflict('already_recorded', '该客户的核实结果已经保存过', 'this call’s result is already saved');
    }
    if (task.leased_by !== agent.id)
      throw conflict(
        'lease_lost',
        '此客户已不在您的名下（领取已超时并被他人接手），请点击「下一个」',
        'this customer is no longer yours (the lease ran out and someone else took it): press "next"',
      );
    const outcomes = fieldOutcomes(body);
    if (await q.isRequestIdUsed(trx, body.requestId))
      throw conflict(
        'request_reused',
        '该保存请求编号已用于另一个客户',
        'this request id was used for another call',
      );
    const corrected = outcomes.filter((o) => o.value !== undefined);
    const customer = await q.lockCustomer(trx, task.customer_id);
    // Verdicts were given on what the agent was shown (空号 and 非本人 judge the mobile they dialled):
    // if the record changed since, they may not hold for what is there now.
    if (outcomes.length > 0 && customer.version !== task.leased_version)
      throw conflict(
        'version_changed',
        '客户档案在您核实期间已被修改，请重新加载后再核对',
        'the customer record changed while you were calling: reload it and check again',
      );
    const values = await checkCorrections(trx, customer, corrected, now);
    const batchId = String(task.id);
    if (values.length > 0) {
      const { refused } = await applyChanges(
        trx,
        [
          {
            customerId: customer.id,
            version: customer.version,
            fields: Object.fromEntries(
              values.map((v) => [v.field, { old: customer[v.field], new: v.value }]),
            ),
          },
        ],
        { source: { kind: 'call', ref: batchId, userId: agent.id }, now },
      );
      // the customer is locked above and its version checked: a refusal here is a bug
      if (refused.length > 0) throw new Error(`customer ${customer.id} changed under a held lock`);
      await revalidateCustomers(trx, [customer.id], now);
    }
    await q.insertFieldResults(
      trx,
      outcomes.map((o) => ({
        call_id: task.id,
        field: o.field,
        verdict: o.verdict,
        old_value: o.verdict === 'wrong' ? customer[o.field] : null,
        new_value: values.find((v) => v.field === o.field)?.value ?? null,
      })),
    );
    await q.finishTask(trx, task.id, {
      result: body.result,
      requestId: body.requestId,
      note: body.note || null,
      userId: agent.id,
      now,
    });
    // 空号 / 非本人: the dialled mobile is flagged for the field team, as a failed SMS is
    if (body.result === 'empty_number' || body.result === 'wrong_person')
      await insertFlags(
        trx,
        [
          {
            customerId: customer.id,
            kind: body.result === 'empty_number' ? 'call_empty_number' : 'call_wrong_person',
            value: customer.mobile,
            reason:
              body.result === 'empty_number'
                ? '电话核实：空号 / call check: the number is not in service'
                : '电话核实：非本人 / call check: the number reaches someone else',
            ref: `call:${batchId}`,
          },
        ],
        now,
      );
    const state = stateOf(body.result, outcomes);
    const campaign = await currentCampaign(trx, now, agent.id);
    await recordVerification(trx, {
      campaignId: campaign?.id ?? null,
      at: now,
      source: 'call',
      ref: batchId,
      userId: agent.id,
      results: [{ customerId: customer.id, state }],
    });
    return {
      id: batchId,
      result: body.result,
      state,
      corrected: values.map((v) => v.field),
      isReplay: false,
    };
  });
}

type LockedCustomer = Awaited<ReturnType<typeof q.lockCustomer>>;

/** The corrected values judged by the rules (customers/corrections.ts): any error refuses the save. */
async function checkCorrections(
  trx: Trx,
  customer: LockedCustomer,
  corrected: readonly FieldOutcome[],
  now: Date,
): Promise<{ field: CallField; value: string }[]> {
  if (corrected.length === 0) return [];
  const fields = Object.fromEntries(corrected.map((o) => [o.field, o.value])) as Partial<
    Record<CallField, string>
  >;
  const { values, unchanged, errors } = await checkCorrectedValues(trx, customer, fields, now);
  if (unchanged.length > 0)
    throw new AppError(
      'validation_failed',
      `${unchanged.map((f) => FIELD_LABELS[f].zh).join('、')}的更正值与原值相同 / the corrected ${unchanged
        .map((f) => FIELD_LABELS[f].en)
        .join(', ')} is the same as the current value`,
      unchanged.map((field) => ({ field, zh: '更正值与原值相同', en: 'same as the current value' })),
    );
  if (errors.length > 0) throw correctionRefused(errors);
  return values;
}

/** The answer a repeated save gets: rebuilt from what the first save stored. */
async function replay(trx: Trx, task: q.TaskRow): Promise<CallResultResponse> {
  const rows = await q.findFieldResults(trx, task.id);
  const outcomes: FieldOutcome[] = rows.map((r) => ({
    field: r.field,
    verdict: r.verdict,
    ...(r.new_value !== null ? { value: r.new_value } : {}),
  }));
  return {
    id: String(task.id),
    result: task.result!,
    state: stateOf(task.result!, outcomes),
    corrected: rows.filter((r) => r.new_value !== null).map((r) => r.field),
    isReplay: true,
  };
}
