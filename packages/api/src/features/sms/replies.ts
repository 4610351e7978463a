// The reply review queue. A reply that is not a plain 1/2 ("号码是我的，地址已搬到xx路") waits for the
// city team of the customer's city, with the text, the customer and the SMS it answers. A member
// records it as a correction — the values checked by the active rule set and applied through the
// one customer write path (customers/changes.ts), the customer re-validated and its verification
// moved to 'corrected' — or as needing no action. Either way who, when and why stay on the reply.
import type { ReplyCorrectionBody, ReplyDecision, ReplyField } from '@qingyuan/contract/sms';
import type { Db, Trx } from '../../db.ts';
import { AppError, notFound } from '../../errors.ts';
import { covers } from '../auth/region.ts';
import { masker } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
import { applyChanges } from '../customers/changes.ts';
import { checkCorrectedValues, correctionRefused } from '../customers/corrections.ts';
import { revalidateCustomers } from '../validation/revalidate.ts';
import { currentCampaign, recordVerification } from '../verification/service.ts';
import * as rq from './replies-queries.ts';

const DAY_MS = 86_400_000;

export async function listOpenReplies(db: Db, viewer: Principal, now: Date, staleDays: number) {
  const rows = await rq.findOpenReplies(db.kysely, viewer.region);
  // the numbers by the one masking function: a coordinator or manager sees them masked
  const mask = masker(viewer);
  const items = rows.map((r) => {
    const m = mask.forCustomer(r.customer_id ?? 0, { cityCode: r.city_code, countyCode: r.county_code });
    const ageDays = Math.floor((now.getTime() - new Date(r.received_at).getTime()) / DAY_MS);
    return {
      id: r.id,
      receivedAt: new Date(r.received_at).toISOString(),
      ageDays,
      isStale: ageDays >= staleDays,
      text: m.text(r.body),
      from: m.phone(r.from_number),
      cityCode: r.city_code,
      customer: {
        id: r.customer_id,
        customerNo: r.customer_no,
        name: r.name,
        mobile: m.phone(r.mobile),
        landline: m.phone(r.landline),
        address: r.address,
        version: r.version,
      },
      sms: {
        id: r.message_id,
        body: r.sms_body,
        sentAt: r.sent_at ? new Date(r.sent_at).toISOString() : null,
      },
    };
  });
  return {
    open: items.length,
    stale: items.filter((i) => i.isStale).length,
    staleDays,
    oldestDays: items.length ? Math.max(...items.map((i) => i.ageDays)) : null,
    items,
  };
}

async function lockOpenReply(trx: Trx, viewer: Principal, id: number) {
  const reply = await rq.lockReply(trx, id);
  if (!reply || !reply.customer_id || !covers(viewer.region, reply)) throw notFound('短信回复', 'SMS reply');
  if (reply.review_state !== 'open')
    throw new AppError('conflict', '该回复已处理 / this reply was already dealt with', {
      reason: 'already_reviewed',
      state: reply.review_state,
    });
  return reply as typeof reply & { customer_id: number };
}

export async function recordReplyCorrection(
  db: Db,
  viewer: Principal,
  id: number,
  body: ReplyCorrectionBody,
  now: Date,
): Promise<ReplyDecision> {
  return db.kysely.transaction().execute(async (trx) => {
    const reply = await lockOpenReply(trx, viewer, id);
    const customer = await rq.lockCustomer(trx, reply.customer_id);
    if (customer.version !== body.version)
      throw new AppError('conflict', '客户档案已被修改，请刷新后再处理 / the customer changed: reload', {
        reason: 'version_changed',
      });
    const values = await checkValues(trx, customer, body.fields, now);
    const { refused } = await applyChanges(
      trx,
      [
        {
          customerId: customer.id,
          version: customer.version,
          fields: Object.fromEntries(values.map((v) => [v.field, { old: customer[v.field], new: v.value }])),
        },
      ],
      { source: { kind: 'sms', ref: `sms-reply:${reply.id}`, userId: viewer.id }, now },
    );
    // locked above at the version checked: a refusal here is a bug
    if (refused.length > 0) throw new Error(`customer ${customer.id} changed under a held lock`);
    await revalidateCustomers(trx, [customer.id], now);
    const campaign = await currentCampaign(trx, now, viewer.id);
    await recordVerification(trx, {
      campaignId: campaign?.id ?? null,
      source: 'sms_reply',
      ref: `sms:${reply.message_id}`,
      userId: viewer.id,
      at: now,
      results: [{ customerId: customer.id, state: 'corrected' }],
    });
    await rq.closeReply(trx, reply.id, 'corrected', viewer.id, body.note ?? null, now);
    return { id: reply.id, state: 'corrected', corrected: values.map((v) => v.field) };
  });
}

export async function recordReplyNoAction(
  db: Db,
  viewer: Principal,
  id: number,
  note: string | undefined,
  now: Date,
): Promise<ReplyDecision> {
  return db.kysely.transaction().execute(async (trx) => {
    const reply = await lockOpenReply(trx, viewer, id);
    await rq.closeReply(trx, reply.id, 'no_action', viewer.id, note ?? null, now);
    return { id: reply.id, state: 'no_action', corrected: [] };
  });
}

type LockedCustomer = Awaited<ReturnType<typeof rq.lockCustomer>>;

/** The values that differ from the record, judged by the rules: an error on one refuses all. */
async function checkValues(
  trx: Trx,
  customer: LockedCustomer,
  fields: Partial<Record<ReplyField, string>>,
  now: Date,
) {
  const { values, unchanged, errors } = await checkCorrectedValues(trx, customer, fields, now);
  if (unchanged.length === values.length)
    throw new AppError('validation_failed', '没有需要更正的值 / no value differs from the record');
  // a value the record already holds is not a correction: its findings are not the reply's fault
  const refused = errors.filter((e) => !(unchanged as string[]).includes(e.field));
  if (refused.length > 0) throw correctionRefused(refused);
  return values.filter((v) => !unchanged.includes(v.field));
}
