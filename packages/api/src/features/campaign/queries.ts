// SQL of the campaign's configuration: phases, pilot stations, targets with history, settings.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { Database, PhaseKey } from '../../db/schema.ts';
import { cityOf, inRegion, PROVINCE, type Region } from '../auth/region.ts';

export const findPhases = (db: Kysely<Database>, campaignId: number) =>
  db
    .selectFrom('campaign_phases')
    .select(['phase', sql<string>`starts_on::text`.as('starts_on'), sql<string>`ends_on::text`.as('ends_on')])
    .where('campaign_id', '=', campaignId)
    .orderBy('starts_on')
    .execute();

export async function replacePhases(
  trx: Trx,
  campaignId: number,
  phases: { phase: PhaseKey; startsOn: string; endsOn: string }[],
  userId: number | null,
  now: Date,
) {
  await trx.deleteFrom('campaign_phases').where('campaign_id', '=', campaignId).execute();
  await trx
    .insertInto('campaign_phases')
    .values(
      phases.map((p) => ({
        campaign_id: campaignId,
        phase: p.phase,
        starts_on: p.startsOn,
        ends_on: p.endsOn,
        updated_by: userId,
        updated_at: now,
      })),
    )
    .execute();
}

export const findPilotStations = (db: Kysely<Database>, campaignId: number, region: Region = PROVINCE) =>
  inRegion(
    db
      .selectFrom('pilot_stations as p')
      .innerJoin('org_units as o', 'o.code', 'p.station_code')
      .select(['p.station_code', 'o.name', 'p.city_code', 'p.county_code'])
      .where('p.campaign_id', '=', campaignId),
    region,
    'p',
  )
    .orderBy('p.station_code')
    .execute();

export const findStationsByCode = (db: Kysely<Database>, codes: readonly string[]) =>
  codes.length === 0
    ? Promise.resolve([])
    : db
        .selectFrom('org_units')
        .select(['code', 'city_code', 'county_code', 'level'])
        .where('code', 'in', codes)
        .execute();

/** Replaces the pilot stations of the given cities (others keep theirs). */
export async function replacePilotStations(
  trx: Trx,
  campaignId: number,
  cityCodes: readonly string[],
  stations: { code: string; city_code: string; county_code: string }[],
  userId: number | null,
  now: Date,
) {
  if (cityCodes.length > 0)
    await trx
      .deleteFrom('pilot_stations')
      .where('campaign_id', '=', campaignId)
      // the cities whose pilot stations are replaced: what is written, not whose view it is
      .where('city_code', 'in', cityCodes)
      .execute();
  if (stations.length > 0)
    await trx
      .insertInto('pilot_stations')
      .values(
        stations.map((s) => ({
          campaign_id: campaignId,
          station_code: s.code,
          city_code: s.city_code,
          county_code: s.county_code,
          chosen_by: userId,
          chosen_at: now,
        })),
      )
      .execute();
}

/** Targets are set per city: a county viewer reads their city's. */
export const findTargets = (db: Kysely<Database>, campaignId: number, region: Region = PROVINCE) =>
  inRegion(
    db
      .selectFrom('campaign_targets')
      .select(['city_code', 'phase', 'target_pct', sql<string>`deadline::text`.as('deadline'), 'updated_at'])
      .where('campaign_id', '=', campaignId),
    cityOf(region),
  )
    .orderBy('city_code')
    .orderBy('phase')
    .execute();

/** Upserts one target and appends the change to its history (only when it really changed). */
export async function upsertTarget(
  trx: Trx,
  campaignId: number,
  t: { cityCode: string; phase: PhaseKey; targetPct: number; deadline: string },
  userId: number | null,
  now: Date,
) {
  const old = await trx
    .selectFrom('campaign_targets')
    .select(['target_pct', sql<string>`deadline::text`.as('deadline')])
    .where('campaign_id', '=', campaignId)
    // the target's own key (one row per city and phase), not a region cut
    .where('city_code', '=', t.cityCode)
    .where('phase', '=', t.phase)
    .forUpdate()
    .executeTakeFirst();
  if (old && old.target_pct === t.targetPct && old.deadline === t.deadline) return false;
  await trx
    .insertInto('campaign_targets')
    .values({
      campaign_id: campaignId,
      city_code: t.cityCode,
      phase: t.phase,
      target_pct: t.targetPct,
      deadline: t.deadline,
      updated_by: userId,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(['campaign_id', 'city_code', 'phase']).doUpdateSet({
        target_pct: t.targetPct,
        deadline: t.deadline,
        updated_by: userId,
        updated_at: now,
      }),
    )
    .execute();
  await trx
    .insertInto('campaign_target_history')
    .values({
      campaign_id: campaignId,
      city_code: t.cityCode,
      phase: t.phase,
      old_target_pct: old?.target_pct ?? null,
      old_deadline: old?.deadline ?? null,
      new_target_pct: t.targetPct,
      new_deadline: t.deadline,
      changed_by: userId,
      changed_at: now,
    })
    .execute();
  return true;
}

export const findTargetHistory = (db: Kysely<Database>, campaignId: number, region: Region) =>
  inRegion(
    db
      .selectFrom('campaign_target_history as h')
      .leftJoin('users as u', 'u.id', 'h.changed_by')
      .select([
        'h.id',
        'h.city_code',
        'h.phase',
        'h.old_target_pct',
        sql<string | null>`h.old_deadline::text`.as('old_deadline'),
        'h.new_target_pct',
        sql<string>`h.new_deadline::text`.as('new_deadline'),
        'u.display_name',
        'h.changed_at',
      ])
      .where('h.campaign_id', '=', campaignId),
    cityOf(region),
    'h',
  )
    .orderBy('h.id', 'desc')
    .limit(500)
    .execute();

export const findSettings = (db: Kysely<Database>, campaignId: number) =>
  db
    .selectFrom('campaign_settings')
    .select('settings')
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();

export const lockSettings = (trx: Trx, campaignId: number) =>
  trx
    .selectFrom('campaign_settings')
    .select('settings')
    .where('campaign_id', '=', campaignId)
    .forUpdate()
    .executeTakeFirst();

export const insertSettingsHistory = (
  trx: Trx,
  campaignId: number,
  before: unknown,
  after: unknown,
  userId: number | null,
  now: Date,
) =>
  trx
    .insertInto('campaign_settings_history')
    .values({
      campaign_id: campaignId,
      old_settings: before === null ? null : JSON.stringify(before),
      new_settings: JSON.stringify(after),
      changed_by: userId,
      changed_at: now,
    })
    .execute();

export const upsertSettings = (
  trx: Trx,
  campaignId: number,
  settings: unknown,
  userId: number | null,
  now: Date,
) =>
  trx
    .insertInto('campaign_settings')
    .values({
      campaign_id: campaignId,
      settings: JSON.stringify(settings),
      updated_by: userId,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('campaign_id').doUpdateSet({
        settings: JSON.stringify(settings),
        updated_by: userId,
        updated_at: now,
      }),
    )
    .execute();

/** The cities in a region (a county viewer's: their city); a city row's city_code is its own code. */
export const findCities = (db: Kysely<Database>, region: Region = PROVINCE) =>
  inRegion(db.selectFrom('org_units').select(['code', 'name']).where('level', '=', 'city'), cityOf(region))
    .orderBy('code')
    .execute();
