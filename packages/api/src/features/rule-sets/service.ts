import { compileRuleSet, RuleSetError } from '@qingyuan/rules';
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { chinaToday, ensureDefaultRuleSet, forgetActiveRuleSet } from './active.ts';
import { PROVINCE } from '../auth/region.ts';
import { queueRun } from '../validation/service.ts';
import * as q from './queries.ts';
import type { RuleSetProblem, RuleSetSummary } from '@qingyuan/contract/rule-sets';

type ListRow = Awaited<ReturnType<typeof q.findRuleSets>>[number];

const toSummary = (r: ListRow): RuleSetSummary => ({
  version: r.version,
  note: r.note,
  ruleCount: Number(r.rule_count ?? 0),
  isActive: r.is_active,
  createdAt: new Date(r.created_at).toISOString(),
  activatedAt: r.activated_at ? new Date(r.activated_at).toISOString() : null,
  createdBy: r.created_by_name,
});

export async function listRuleSets(db: Db, now: Date) {
  await ensureDefaultRuleSet(db, now);
  return (await q.findRuleSets(db.kysely)).map(toSummary);
}

export async function getRuleSet(db: Db, version: number, now: Date) {
  await ensureDefaultRuleSet(db, now);
  const row = await q.findRuleSet(db.kysely, version);
  if (!row) throw notFound('规则集版本', 'rule set version');
  return { ...toSummary(row), document: row.document as Record<string, unknown> };
}

/** Refuses a document the engine cannot compile, listing every problem (400 validation_failed). */
export function assertCompiles(document: unknown, now: Date) {
  try {
    compileRuleSet(document, { today: chinaToday(now) });
  } catch (err) {
    if (err instanceof RuleSetError) {
      throw new AppError(
        'validation_failed',
        `规则集有 ${err.problems.length} 处错误 / The rule set has ${err.problems.length} problem(s)`,
        { problems: err.problems satisfies readonly RuleSetProblem[] },
      );
    }
    throw err;
  }
}

/** Stores a new version (never active on creation); old versions are never changed. */
export async function createRuleSet(
  db: Db,
  viewer: Principal,
  document: Record<string, unknown>,
  note: string,
  now: Date,
) {
  assertCompiles({ ...document, version: 0 }, now);
  await ensureDefaultRuleSet(db, now);
  const version = await db.kysely.transaction().execute(async (trx) => {
    await q.lockRuleSets(trx);
    const v = await q.nextRuleSetVersion(trx);
    await q.insertRuleSet(trx, {
      version: v,
      document: { ...document, version: v },
      note,
      createdBy: viewer.kind === 'user' ? viewer.id : null,
      isActive: false,
      now,
    });
    return v;
  });
  return getRuleSet(db, version, now);
}

/** Activates a version; with fullRun, queues a province run under it (unless one is open already). */
export async function activateRuleSet(
  db: Db,
  viewer: Principal,
  version: number,
  now: Date,
  fullRun = false,
) {
  const current = await getRuleSet(db, version, now);
  // Stored documents were checked when created; check again in case the engine's kinds changed since.
  assertCompiles(current.document, now);
  await db.kysely.transaction().execute(async (trx) => {
    await q.lockRuleSets(trx);
    await q.setActiveRuleSet(trx, version, viewer.kind === 'user' ? viewer.id : null, now);
  });
  forgetActiveRuleSet(db);
  let fullRunId: string | null = null;
  if (fullRun) {
    try {
      fullRunId = String(await queueRun(db, PROVINCE, viewer.kind === 'user' ? viewer.id : null, now));
    } catch (err) {
      // a province run already queued or running: it (or the next night) picks up the new set
      if (!(err instanceof AppError && err.code === 'conflict')) throw err;
    }
  }
  return { ...(await getRuleSet(db, version, now)), fullRunId };
}

export const activeVersion = (db: Kysely<Database>) => q.findActiveVersion(db);
