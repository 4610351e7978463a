// All SQL of SMS dispatch: claiming due messages (FOR UPDATE SKIP LOCKED), recording the
// provider's answer in set-based updates, reconciling messages a dead dispatcher left 'sending',
// and applying delivery receipts. Statements run on PGlite and PostgreSQL alike.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, SmsStatus } from '../../db/schema.ts';

export interface ClaimedMessage {
  id: number;
  idempotency_key: string;
  to_number: string;
  body: string;
  attempts: number;
  claimed_at: Date;
}

/** Moves up to `limit` due queued messages to 'sending' (one statement: claimed and committed). */
export async function claimDueMessages(db: Kysely<Database>, now: Date, limit: number) {
  const result = await sql<ClaimedMessage>`
    update sms_messages m set status = 'sending', attempts = m.attempts + 1, claimed_at = ${now},
      updated_at = ${now}, provider = null
    where m.id in (
      select id from sms_messages
      where status = 'queued' and next_attempt_at <= ${now}
      order by next_attempt_at, id
      limit ${limit}
      for update skip locked
    )
    returning m.id, m.idempotency_key, m.to_number, m.body, m.attempts, m.claimed_at`.execute(db);
  return result.rows.sort((a, b) => a.id - b.id);
}

/**
 * Takes over 'sending' messages whose dispatcher has been gone longer than the lease: bumps their
 * claim so no other dispatcher reconciles them at the same time.
 */
export async function claimStaleSending(db: Kysely<Database>, now: Date, olderThan: Date, limit: number) {
  const result = await sql<ClaimedMessage & { previous_claim: Date }>`
    with stale as (
      select id, claimed_at from sms_messages
      where status = 'sending' and claimed_at < ${olderThan}
      order by claimed_at, id
      limit ${limit}
      for update skip locked
    )
    update sms_messages m set claimed_at = ${now}, updated_at = ${now}
    from stale where m.id = stale.id
    returning m.id, m.idempotency_key, m.to_number, m.body, m.attempts, stale.claimed_at as previous_claim,
      m.claimed_at`.execute(db);
  return result.rows;
}

export async function markSent(
  db: Kysely<Database>,
  provider: string,
  rows: readonly { id: number; sid: string }[],
  now: Date,
) {
  if (rows.length === 0) return;
  // A receipt may have beaten us to it (status already final): keep its status, fill the sid.
  await sql`
    update sms_messages m set
      status = case when m.status = 'sending' then 'sent' else m.status end,
      provider_sid = coalesce(m.provider_sid, r.sid), provider = ${provider},
      sent_at = coalesce(m.sent_at, ${now}), error_code = null, error_message = null, updated_at = ${now}
    from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.sid)}::text[]) as r(id, sid)
    where m.id = any(${rows.map((r) => r.id)}::bigint[]) and m.id = r.id
      and m.status in ('sending', 'sent', 'delivered', 'undelivered', 'failed')`.execute(db);
}

export async function requeueForRetry(
  db: Kysely<Database>,
  rows: readonly { id: number; code: string; message: string; nextAttemptAt: Date }[],
  now: Date,
) {
  if (rows.length === 0) return;
  await sql`
    update sms_messages m set status = 'queued', next_attempt_at = r.next_at, error_code = r.code,
      error_message = r.message, updated_at = ${now}
    from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.code)}::text[],
                ${rows.map((r) => r.message)}::text[], ${rows.map((r) => r.nextAttemptAt.toISOString())}::timestamptz[])
      as r(id, code, message, next_at)
    where m.id = any(${rows.map((r) => r.id)}::bigint[]) and m.id = r.id and m.status = 'sending'`.execute(
    db,
  );
}

/** Puts back messages the provider never received (found by lookup after a crash); that try did not count. */
export async function requeueUnsent(db: Kysely<Database>, ids: readonly number[], now: Date) {
  if (ids.length === 0) return;
  await sql`
    update sms_messages set status = 'queued', attempts = greatest(attempts - 1, 0), next_attempt_at = ${now},
      updated_at = ${now}
    where id = any(${ids}::bigint[]) and status = 'sending'`.execute(db);
}

export interface FinishedMessage {
  id: number;
  customer_id: number | null;
  to_number: string;
  status: SmsStatus;
  error_code: string | null;
}

export async function markFailed(
  trx: Trx,
  rows: readonly { id: number; code: string; message: string }[],
  now: Date,
): Promise<FinishedMessage[]> {
  if (rows.length === 0) return [];
  const result = await sql<FinishedMessage>`
    update sms_messages m set status = 'failed', error_code = r.code, error_message = r.message,
      finished_at = ${now}, updated_at = ${now}
    from unnest(${rows.map((r) => r.id)}::bigint[], ${rows.map((r) => r.code)}::text[], ${rows.map((r) => r.message)}::text[])
      as r(id, code, message)
    where m.id = any(${rows.map((r) => r.id)}::bigint[]) and m.id = r.id and m.status = 'sending'
    returning m.id, m.customer_id, m.to_number, m.status, m.error_code`.execute(trx);
  return result.rows;
}

export interface ReportRow {
  sid: string;
  messageId: number | null;
  key: string | null;
  status: SmsStatus;
  errorCode: string | null;
  errorMessage: string | null;
}

/**
 * Applies receipts: matched by provider sid, else by our id or key (a receipt can arrive before
 * the dispatcher recorded the sid, or after it died). A final state is never replaced, and 'sent'
 * never replaces a final state (receipts arrive out of order).
 */
export async function applyReports(
  trx: Trx,
  reports: readonly ReportRow[],
  now: Date,
): Promise<FinishedMessage[]> {
  if (reports.length === 0) return [];
  const col = <K extends keyof ReportRow>(k: K) => reports.map((r) => r[k]);
  const result = await sql<FinishedMessage>`
    with r as (
      select * from unnest(${col('sid')}::text[], ${col('messageId')}::bigint[], ${col('key')}::text[],
        ${col('status')}::text[], ${col('errorCode')}::text[], ${col('errorMessage')}::text[])
        as t(sid, message_id, key, status, error_code, error_message)
    ),
    -- three index lookups rather than one OR join (which would scan)
    candidates as (
      select m.id, m.status as current, r.sid, r.status, r.error_code, r.error_message
      from r join sms_messages m on m.provider_sid = r.sid
      union all
      select m.id, m.status, r.sid, r.status, r.error_code, r.error_message
      from r join sms_messages m on m.idempotency_key = r.key
      where m.provider_sid is null
      union all
      select m.id, m.status, r.sid, r.status, r.error_code, r.error_message
      from r join sms_messages m on m.id = r.message_id
      where m.provider_sid is null
    ),
    matched as (
      select distinct on (id) * from candidates
      -- a final state is never replaced, and 'sent' does not repeat
      where current in ('queued', 'sending', 'sent') and not (current = 'sent' and status = 'sent')
      order by id, case status when 'sent' then 1 else 0 end
    )
    update sms_messages m set
      status = matched.status,
      provider_sid = coalesce(m.provider_sid, matched.sid),
      sent_at = coalesce(m.sent_at, ${now}),
      error_code = matched.error_code, error_message = matched.error_message,
      finished_at = case when matched.status = 'sent' then null else ${now}::timestamptz end,
      updated_at = ${now}
    from matched
    -- (filtering on matched.current, not m.status: a stale row estimate on m must not make the
    -- planner scan the table for every receipt)
    where m.id = matched.id and m.status = matched.current
    returning m.id, m.customer_id, m.to_number, m.status, m.error_code`.execute(trx);
  return result.rows;
}

export async function insertEvents(
  db: Kysely<Database>,
  events: readonly {
    kind: Database['sms_events']['kind'];
    messageId: number | null;
    sid: string | null;
    detail: object;
  }[],
  now: Date,
) {
  if (events.length === 0) return;
  await db
    .insertInto('sms_events')
    .values(
      events.map((e) => ({
        kind: e.kind,
        message_id: e.messageId,
        provider_sid: e.sid,
        detail: JSON.stringify(e.detail),
        at: now,
      })),
    )
    .execute();
}

export function findMessageIdBySid(db: Kysely<Database>, sid: string) {
  return db.selectFrom('sms_messages').select('id').where('provider_sid', '=', sid).executeTakeFirst();
}
