// Aliyun's delivery receipts and replies: polled by QuerySendDetails, or pushed by its HTTP
// callbacks (SmsReport, SmsUp). Both land in the same places as Twilio's: applyDeliveryReports
// for receipts, handleInbound for replies.
import type { Db } from '../../db.ts';
import type { AliyunProvider } from './aliyun-provider.ts';
import type { DeliveryReport } from './provider.ts';
import { applyDeliveryReports } from './receipts.ts';
import { handleInbound } from './webhooks.ts';

/** Asks for the receipts of up to `limit` sent Aliyun messages, oldest first; returns how many settled. */
export async function pollAliyunReceipts(db: Db, provider: AliyunProvider, now: Date, limit = 100) {
  const sent = await db.kysely
    .selectFrom('sms_messages')
    .select(['provider_sid', 'to_number', 'idempotency_key', 'sent_at'])
    .where('provider', '=', 'aliyun')
    .where('status', '=', 'sent')
    .where('provider_sid', 'is not', null)
    .orderBy('sent_at')
    .limit(limit)
    .execute();
  if (sent.length === 0) return 0;
  const reports = await provider.queryReceipts(
    sent.map((m) => ({
      sid: m.provider_sid!,
      to: m.to_number,
      key: m.idempotency_key,
      sentAt: new Date(m.sent_at ?? now),
    })),
  );
  if (reports.length === 0) return 0;
  const finished = await db.kysely.transaction().execute((trx) => applyDeliveryReports(trx, reports, now));
  return finished.length;
}

/** One row of Aliyun's SmsReport push. */
export interface AliyunReport {
  phone_number: string;
  success: boolean;
  biz_id: string;
  out_id?: string | null;
  err_code?: string | null;
  err_msg?: string | null;
}

/** A receipt push: the sid is the BizId, or `out:<key>` for a message settled by lookup after a crash. */
export async function handleAliyunReports(db: Db, rows: readonly AliyunReport[], now: Date) {
  const reports: DeliveryReport[] = rows.flatMap((r) => {
    const base = {
      idempotencyKey: r.out_id ?? null,
      status: r.success ? ('delivered' as const) : ('undelivered' as const),
      errorCode: r.success ? null : (r.err_code ?? null),
      errorMessage: r.success ? null : (r.err_msg ?? r.err_code ?? null),
    };
    return r.out_id
      ? [
          { ...base, sid: r.biz_id },
          { ...base, sid: `out:${r.out_id}` },
        ]
      : [{ ...base, sid: r.biz_id }];
  });
  const finished = await db.kysely.transaction().execute((trx) => applyDeliveryReports(trx, reports, now));
  return finished.length;
}

/** One row of Aliyun's SmsUp push (a customer's reply). */
export interface AliyunReply {
  phone_number: string;
  content: string;
  sequence_id: number | string;
}

export async function handleAliyunReplies(db: Db, rows: readonly AliyunReply[], now: Date) {
  for (const r of rows)
    await handleInbound(
      db,
      {
        From: `+86${r.phone_number.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '')}`,
        Body: r.content,
        MessageSid: `aliyun-up:${r.sequence_id}`,
      },
      now,
    );
}
