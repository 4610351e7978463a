// The campaign's configuration use cases: phases, pilot stations, targets (with history) and
// evaluation settings. Writes are the coordinator's; everyone reads what lies in their region.
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database, PhaseKey } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { editableCampaignId, shownCampaignId } from './cycles.ts';
import { shanghaiDate } from './periods.ts';
import * as q from './queries.ts';
import {
  SettingsSchema,
  type CampaignDto,
  type Phase,
  type Settings,
  type TargetInput,
} from '@qingyuan/contract/campaign';

/** What a campaign is evaluated with until the coordinator changes it. */
const DEFAULT_SETTINGS: Settings = {
  yellowMarginPct: 5,
  weights: { progress: 40, normativity: 20, timeliness: 15, quality: 15, sample: 10 },
  countCorrectionsInQingyuan: false,
};

const invalid = (zh: string, en: string, details?: unknown) =>
  new AppError('validation_failed', `${zh} / ${en}`, details);

/**
 * The cycle pages show by default: the active one, else the last closed (after the campaign the
 * dashboard keeps showing its final figures), created on a fresh install (cycles.ts).
 */
export const activeCampaignId = (db: Db, now: Date) => shownCampaignId(db, now);

/** Station codes of the pilot: the worksheets export may filter by them. */
export async function getPilotStationCodes(db: Kysely<Database>, campaignId: number): Promise<string[]> {
  return (await q.findPilotStations(db, campaignId)).map((s) => s.station_code);
}

export async function getSettings(db: Kysely<Database>, campaignId: number): Promise<Settings> {
  const row = await q.findSettings(db, campaignId);
  const parsed = SettingsSchema.safeParse(row?.settings);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

/** The phase a Shanghai date falls in: before the first phase → the first, after the last → the last. */
export function phaseOn(phases: readonly Phase[], day: string): Phase | undefined {
  const sorted = [...phases].sort((a, b) => a.startsOn.localeCompare(b.startsOn));
  const inside = sorted.filter((p) => p.startsOn <= day && day <= p.endsOn).at(-1);
  if (inside) return inside;
  if (sorted[0] && day < sorted[0].startsOn) return sorted[0];
  return sorted.filter((p) => p.endsOn < day).at(-1);
}

export async function loadPhases(db: Kysely<Database>, campaignId: number): Promise<Phase[]> {
  return (await q.findPhases(db, campaignId)).map((p) => ({
    phase: p.phase,
    startsOn: p.starts_on,
    endsOn: p.ends_on,
  }));
}

export async function getCampaign(
  db: Db,
  viewer: Principal,
  now: Date,
  campaignId?: number,
): Promise<CampaignDto> {
  const id = await shownCampaignId(db, now, campaignId);
  const [campaign, phases, pilots, targets, settings, cities] = await Promise.all([
    db.kysely
      .selectFrom('campaigns')
      .select(['name', 'status'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow(),
    loadPhases(db.kysely, id),
    q.findPilotStations(db.kysely, id, viewer.region),
    q.findTargets(db.kysely, id, viewer.region),
    getSettings(db.kysely, id),
    q.findCities(db.kysely, viewer.region),
  ]);
  const today = shanghaiDate(now);
  return {
    id,
    name: campaign.name,
    status: campaign.status,
    today,
    currentPhase: phaseOn(phases, today)?.phase ?? null,
    phases,
    cities,
    pilotStations: pilots.map((p) => ({
      stationCode: p.station_code,
      stationName: p.name,
      cityCode: p.city_code,
      countyCode: p.county_code,
    })),
    targets: targets.map((t) => ({
      cityCode: t.city_code,
      phase: t.phase,
      targetPct: t.target_pct,
      deadline: t.deadline,
      updatedAt: new Date(t.updated_at).toISOString(),
    })),
    settings,
  };
}

export async function setPhases(db: Db, user: Principal, phases: Phase[], now: Date, campaignId?: number) {
  const keys = new Set(phases.map((p) => p.phase));
  if (keys.size !== phases.length) throw invalid('阶段重复', 'a phase is listed twice');
  for (const p of phases)
    if (p.endsOn < p.startsOn)
      throw invalid(`阶段 ${p.phase} 结束日期早于开始日期`, `phase ${p.phase} ends before it starts`);
  const order: PhaseKey[] = ['deployment', 'pilot', 'rollout'];
  const sorted = [...phases].sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase));
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.startsOn < sorted[i - 1]!.startsOn)
      throw invalid(
        '阶段顺序应为 安排部署 → 试点开展 → 全面开展',
        'phases must follow deployment → pilot → rollout',
      );
  const id = await editableCampaignId(db, now, campaignId);
  await db.kysely.transaction().execute((trx) => q.replacePhases(trx, id, phases, user.id, now));
}

export const PILOT_STATIONS_PER_CITY = 3;

/** Sets the pilot stations of every city that appears in the list (3 per city). */
export async function setPilotStations(
  db: Db,
  user: Principal,
  codes: string[],
  now: Date,
  campaignId?: number,
) {
  const unique = [...new Set(codes)];
  const found = await q.findStationsByCode(db.kysely, unique);
  const stations = found.filter((s) => s.level === 'station');
  const missing = unique.filter((c) => !stations.some((s) => s.code === c));
  if (missing.length > 0) throw invalid('不是供电所编码', 'not station codes', { missing });
  const byCity = new Map<string, number>();
  for (const s of stations) byCity.set(s.city_code!, (byCity.get(s.city_code!) ?? 0) + 1);
  const wrong = [...byCity].filter(([, n]) => n > PILOT_STATIONS_PER_CITY).map(([c]) => c);
  if (wrong.length > 0)
    throw invalid(
      `每个地市最多选 ${PILOT_STATIONS_PER_CITY} 个试点供电所`,
      `at most ${PILOT_STATIONS_PER_CITY} pilot stations per city`,
      { cities: wrong },
    );
  const id = await editableCampaignId(db, now, campaignId);
  await db.kysely.transaction().execute((trx) =>
    q.replacePilotStations(
      trx,
      id,
      [...byCity.keys()],
      stations.map((s) => ({ code: s.code, city_code: s.city_code!, county_code: s.county_code! })),
      user.id,
      now,
    ),
  );
}

export async function setTargets(
  db: Db,
  user: Principal,
  targets: TargetInput[],
  now: Date,
  campaignId?: number,
) {
  const cities = new Set((await q.findCities(db.kysely)).map((c) => c.code));
  const unknown = targets.filter((t) => !cities.has(t.cityCode)).map((t) => t.cityCode);
  if (unknown.length > 0) throw invalid('不是地市公司编码', 'not city codes', { unknown });
  const id = await editableCampaignId(db, now, campaignId);
  return db.kysely.transaction().execute(async (trx) => {
    let changed = 0;
    for (const t of targets) if (await q.upsertTarget(trx, id, t, user.id, now)) changed++;
    return { changed };
  });
}

export async function getTargetHistory(db: Db, viewer: Principal, now: Date, campaignId?: number) {
  const id = await shownCampaignId(db, now, campaignId);
  const rows = await q.findTargetHistory(db.kysely, id, viewer.region);
  return {
    items: rows.map((r) => ({
      id: r.id,
      cityCode: r.city_code,
      phase: r.phase,
      oldTargetPct: r.old_target_pct,
      oldDeadline: r.old_deadline,
      newTargetPct: r.new_target_pct,
      newDeadline: r.new_deadline,
      changedBy: r.display_name,
      changedAt: new Date(r.changed_at).toISOString(),
    })),
  };
}

export async function setSettings(
  db: Db,
  user: Principal,
  settings: Settings,
  now: Date,
  campaignId?: number,
) {
  const total = Object.values(settings.weights).reduce((a, b) => a + b, 0);
  if (total <= 0) throw invalid('权重之和须大于 0', 'weights must add up to more than 0');
  const id = await editableCampaignId(db, now, campaignId);
  // audited: what the settings were, what they became, who and when (campaign_settings_history)
  await db.kysely.transaction().execute(async (trx) => {
    const before = await q.lockSettings(trx, id);
    await q.insertSettingsHistory(trx, id, before?.settings ?? null, settings, user.id, now);
    await q.upsertSettings(trx, id, settings, user.id, now);
  });
}
