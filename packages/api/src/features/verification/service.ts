// The verification state of customers within the active campaign. Every feature that learns a
// result (worksheet export/import, call, SMS reply) records it here, and nowhere else.
import type { Kysely } from 'kysely';
import type { Db, Trx } from '../../db.ts';
import type { Database, VerificationSource, VerificationState } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import * as q from './queries.ts';

export const DEFAULT_CAMPAIGN_NAME = '客户档案基础信息治理';

export interface Campaign {
  id: number;
  name: string;
}

export async function getActiveCampaign(db: Kysely<Database>): Promise<Campaign | undefined> {
  const row = await q.findActiveCampaign(db);
  return row ? { id: row.id, name: row.name } : undefined;
}

/**
 * The cycle that work records against: the active campaign. A fresh install (no campaign at all)
 * gets the default one, active; between cycles (every campaign closed or still a draft) there is
 * none, and results are logged without a campaign (recordVerification).
 */
export async function currentCampaign(
  trx: Trx,
  now: Date,
  userId: number | null = null,
): Promise<Campaign | undefined> {
  const existing = await getActiveCampaign(trx);
  if (existing) return existing;
  if (await q.hasAnyCampaign(trx)) return undefined;
  await q.insertCampaignIfNoneActive(trx, DEFAULT_CAMPAIGN_NAME, userId, now);
  const created = await getActiveCampaign(trx);
  if (!created) throw new Error('no active campaign after insert');
  await q.logCreatedCampaign(trx, created.id, userId, now);
  return created;
}

/** The active campaign (see currentCampaign); refused between cycles. */
export async function ensureActiveCampaign(
  trx: Trx,
  now: Date,
  userId: number | null = null,
): Promise<Campaign> {
  const campaign = await currentCampaign(trx, now, userId);
  if (!campaign)
    throw new AppError(
      'conflict',
      '当前没有进行中的治理周期，请先启动一个周期 / No campaign cycle is active: activate one first',
    );
  return campaign;
}

export interface VerificationResult {
  customerId: number;
  state: VerificationState;
}

export interface RecordVerificationInput {
  /** null between cycles: the results are logged (they count as verifications), no state is kept */
  campaignId: number | null;
  source: VerificationSource;
  /** What caused it: worksheet id / upload id / call id / SMS message id. */
  ref?: string | null;
  userId?: number | null;
  /** When it happened: the time of the state and of its log row. */
  at: Date;
  results: readonly VerificationResult[];
}

const CHUNK = 10_000;

/**
 * Moves customers to new states where the state machine allows it (states.ts); other results are
 * skipped, not errors. Runs inside the caller's transaction, so the state moves with the data.
 */
export async function recordVerification(
  trx: Trx,
  input: RecordVerificationInput,
): Promise<{ applied: number; skipped: number }> {
  const last = new Map<number, VerificationState>();
  for (const r of input.results) last.set(r.customerId, r.state);
  const entries = [...last.entries()];
  if (input.campaignId === null) {
    // between cycles: no campaign state machine; a result is logged, sending to the field is not
    const results = entries.filter(([, state]) => state !== 'in_field');
    await q.insertEventsBetweenCycles(trx, {
      source: input.source,
      ref: input.ref ?? null,
      userId: input.userId ?? null,
      at: input.at,
      customerIds: results.map(([id]) => id),
      states: results.map(([, state]) => state),
    });
    return { applied: results.length, skipped: input.results.length - results.length };
  }
  const campaignId = input.campaignId;
  let applied = 0;
  for (let i = 0; i < entries.length; i += CHUNK) {
    const chunk = entries.slice(i, i + CHUNK);
    applied += await q.upsertStates(trx, {
      campaignId,
      source: input.source,
      ref: input.ref ?? null,
      userId: input.userId ?? null,
      at: input.at,
      customerIds: chunk.map(([id]) => id),
      states: chunk.map(([, state]) => state),
    });
  }
  return { applied, skipped: input.results.length - applied };
}

export async function getStates(
  db: Db | Kysely<Database>,
  campaignId: number,
  customerIds: readonly number[],
) {
  const kysely = 'kysely' in db ? db.kysely : db;
  const rows = await q.findStates(kysely, campaignId, customerIds);
  return new Map(rows.map((r) => [r.customer_id, r]));
}
