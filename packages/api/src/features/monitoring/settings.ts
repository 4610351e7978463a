// The lights' thresholds and the re-verification period: one document for the province, edited
// by a coordinator, every change appended to monitoring_settings_history (who, when, old → new).
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { MonitoringSettingsSchema, type MonitoringSettings } from '@qingyuan/contract/monitoring';
import { DEFAULT_MONITORING } from './lights.ts';

export async function getMonitoringSettings(db: Kysely<Database>): Promise<MonitoringSettings> {
  const row = await db
    .selectFrom('monitoring_settings')
    .select('settings')
    .where('id', '=', 1)
    .executeTakeFirst();
  const parsed = MonitoringSettingsSchema.safeParse(row?.settings);
  return parsed.success ? parsed.data : DEFAULT_MONITORING;
}

export async function setMonitoringSettings(db: Db, user: Principal, next: MonitoringSettings, now: Date) {
  if (
    next.newDefectsRedPerMille < next.newDefectsYellowPerMille ||
    next.gateRiseRedPts < next.gateRiseYellowPts
  )
    throw new AppError(
      'validation_failed',
      '红灯阈值不能低于黄灯阈值 / a red threshold cannot be below its yellow one',
    );
  const userId = user.kind === 'user' ? user.id : null;
  return db.kysely.transaction().execute(async (trx) => {
    const old = await trx
      .selectFrom('monitoring_settings')
      .select('settings')
      .where('id', '=', 1)
      .forUpdate()
      .executeTakeFirst();
    if (old && JSON.stringify(old.settings) === JSON.stringify(next)) return { changed: false };
    const json = JSON.stringify(next);
    await trx
      .insertInto('monitoring_settings')
      .values({ id: 1, settings: json, updated_by: userId, updated_at: now })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ settings: json, updated_by: userId, updated_at: now }),
      )
      .execute();
    await trx
      .insertInto('monitoring_settings_history')
      .values({
        old_settings: old ? JSON.stringify(old.settings) : null,
        new_settings: json,
        changed_by: userId,
        changed_at: now,
      })
      .execute();
    return { changed: true };
  });
}

export async function getSettingsHistory(db: Kysely<Database>) {
  const rows = await db
    .selectFrom('monitoring_settings_history as h')
    .leftJoin('users as u', 'u.id', 'h.changed_by')
    .select(['h.id', 'h.old_settings', 'h.new_settings', 'u.display_name', 'h.changed_at'])
    .orderBy('h.id', 'desc')
    .limit(200)
    .execute();
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      old: MonitoringSettingsSchema.nullable()
        .catch(null)
        .parse(r.old_settings ?? null),
      new: MonitoringSettingsSchema.catch(DEFAULT_MONITORING).parse(r.new_settings),
      changedBy: r.display_name ?? null,
      changedAt: new Date(r.changed_at).toISOString(),
    })),
  };
}
