// What Twilio posts to us: delivery status callbacks and customers' replies. Both are signed
// (X-Twilio-Signature over our public URL and the form fields); anything unsigned or forged is
// refused, logged, and counted in sms_events: a small row with the reason, never the body
// (anyone can post here; routes.ts bounds the size and the rate).
import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';
import { currentCampaign, recordVerification } from '../verification/service.ts';
import { insertFlags } from './flags.ts';
import { statusFromProvider } from './provider.ts';
import { insertEvents } from './queries.ts';
import { applyDeliveryReports } from './receipts.ts';
import { isValidTwilioSignature } from './twilio-provider.ts';

export interface SignedRequest {
  /** Path and query exactly as requested (req.url). */
  url: string;
  signature: string | undefined;
  params: Record<string, string>;
  ip: string;
}

export interface WebhookSettings {
  authToken: string | undefined;
  publicUrl: string | undefined;
}

const TWILIO_SID = /^[A-Z]{2}[0-9a-f]{32}$/;

/** Throws 403 (after recording it) unless the request carries Twilio's signature for our URL. */
export async function assertSignedByTwilio(db: Db, s: WebhookSettings, req: SignedRequest, now: Date) {
  const url = s.publicUrl ? `${s.publicUrl.replace(/\/$/, '')}${req.url}` : '';
  const ok = !!s.authToken && !!url && isValidTwilioSignature(s.authToken, req.signature, url, req.params);
  if (ok) return;
  await insertEvents(
    db.kysely,
    [
      {
        kind: 'rejected_signature',
        messageId: null,
        // only a well-formed Twilio SID is kept; anything else the caller sent is not stored
        sid: TWILIO_SID.test(req.params.MessageSid ?? '') ? req.params.MessageSid! : null,
        detail: {
          path: req.url.replace(/\?.*$/, '').slice(0, 100),
          ip: req.ip.slice(0, 64),
          reason: !req.signature ? 'missing' : !s.authToken || !url ? 'not_configured' : 'invalid',
        },
      },
    ],
    now,
  );
  throw new AppError('forbidden', '签名无效 / invalid or missing Twilio signature');
}

/** A status callback: moves the message on (never backwards) and flags unreachable numbers. */
export async function handleStatusCallback(
  db: Db,
  params: Record<string, string>,
  messageIdParam: string | undefined,
  now: Date,
) {
  const sid = params.MessageSid ?? params.SmsSid;
  const raw = params.MessageStatus ?? params.SmsStatus ?? '';
  if (!sid) throw new AppError('validation_failed', '缺少 MessageSid / MessageSid missing');
  const status = statusFromProvider(raw);
  const messageId = messageIdParam && /^\d+$/.test(messageIdParam) ? Number(messageIdParam) : null;
  await db.kysely.transaction().execute(async (trx) => {
    const finished = status
      ? await applyDeliveryReports(
          trx,
          [
            {
              sid,
              messageId,
              status,
              errorCode: params.ErrorCode || null,
              errorMessage: params.ErrorMessage || null,
            },
          ],
          now,
        )
      : [];
    await insertEvents(
      trx,
      [
        {
          kind: 'status',
          messageId: finished[0]?.id ?? messageId,
          sid,
          detail: { status: raw, errorCode: params.ErrorCode ?? null, applied: finished.length > 0 },
        },
      ],
      now,
    );
  });
}

/** 回复1 → confirmed; 回复2 → "not me" flag. Full-width digits and a few words are understood. */
export function readReply(body: string): 'confirmed' | 'not_me' | undefined {
  const text = body.normalize('NFKC').replace(/[\s。.！!，,]/g, '');
  if (/^(1|是|确认|对|正确|无误)$/.test(text)) return 'confirmed';
  if (/^(2|否|非本人|不是本人|不是|错误)$/.test(text)) return 'not_me';
  return undefined;
}

export async function handleInbound(db: Db, params: Record<string, string>, now: Date) {
  const from = (params.From ?? '').trim();
  const body = params.Body ?? '';
  const sid = params.MessageSid ?? params.SmsSid ?? null;
  const reply = readReply(body);
  return db.kysely.transaction().execute(async (trx) => {
    // the latest sampling SMS we sent to this number that reached the provider
    const message = await trx
      .selectFrom('sms_messages')
      .select(['id', 'customer_id', 'city_code', 'county_code'])
      .where('to_number', '=', from)
      .where('purpose', '=', 'sampling')
      .where('status', 'in', ['sent', 'delivered'])
      .where('customer_id', 'is not', null)
      .orderBy('id', 'desc')
      .executeTakeFirst();
    const action = !message ? 'unmatched' : (reply ?? 'ignored');
    const inserted = await trx
      .insertInto('sms_inbound')
      .values({
        provider_sid: sid,
        from_number: from,
        body,
        message_id: message?.id ?? null,
        customer_id: message?.customer_id ?? null,
        action,
        received_at: now,
        city_code: message?.city_code ?? null,
        county_code: message?.county_code ?? null,
        // not a plain 1/2: the customer's city team reads it (features/sms/replies.ts)
        review_state: action === 'ignored' ? 'open' : null,
      })
      .onConflict((oc) => oc.column('provider_sid').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted || !message) return { action, duplicate: !inserted };
    const customerId = message.customer_id!;
    if (action === 'confirmed') {
      const campaign = await currentCampaign(trx, now);
      await recordVerification(trx, {
        campaignId: campaign?.id ?? null,
        source: 'sms_reply',
        ref: `sms:${message.id}`,
        at: now,
        results: [{ customerId, state: 'confirmed' }],
      });
    } else if (action === 'not_me') {
      await insertFlags(
        trx,
        [
          {
            customerId,
            kind: 'sms_not_me',
            value: from.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, ''),
            reason: '短信回复“非本人” / replied "not me" to the SMS check',
            ref: `sms:${message.id}`,
          },
        ],
        now,
      );
    }
    await insertEvents(
      trx,
      [{ kind: 'inbound', messageId: message.id, sid, detail: { action, at: now.toISOString() } }],
      now,
    );
    return { action, duplicate: false };
  });
}
