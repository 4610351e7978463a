// `pnpm cli demo campaign`: plays a pilot and a rollout over simulated weeks on the demo province
// so the dashboard has a history right after start. The clock is simulated: the campaign began
// ten weeks before today; every simulated Friday the city teams' work lands, summaries come in
// (some late, some missing), and the weekly snapshot and managers' reports are taken at 18:00.
import { stopwatch } from '../clock.ts';
import type { Db } from '../db.ts';
import { Rng } from './generator/rng.ts';
import { sendWeeklyReports } from '../features/reports/weekly.ts';
import { ensureActiveCampaign } from '../features/verification/service.ts';
import {
  calls,
  entryGateTraffic,
  exportToField,
  fieldResults,
  importResults,
  smsSample,
  writeBack,
  type DemoContext,
  type DemoCustomer,
} from './campaign-steps.ts';
import {
  addDays,
  isLastDayOfMonth,
  isoWeekOfDay,
  mondayOfIsoWeek,
  shanghaiDate,
  shanghaiInstant,
  weekDueAt,
} from '../features/campaign/periods.ts';
import * as q from '../features/campaign/queries.ts';
import { takeSnapshot } from '../features/campaign/snapshot.ts';

const WEEKS_BACK = 10;
const ROLLOUT_WEEKS = 10;

export async function playCampaignDemo(db: Db, opts: { now: Date; seed: number; log?: (l: string) => void }) {
  const log = opts.log ?? (() => {});
  const rng = new Rng(opts.seed ^ 0x5eed);
  const campaign = await db.kysely.transaction().execute((trx) => ensureActiveCampaign(trx, opts.now));
  const played = await db.kysely
    .selectFrom('progress_snapshots')
    .select('unit_code')
    .where('campaign_id', '=', campaign.id)
    .limit(1)
    .execute();
  if (played.length > 0) {
    log('演示进度已存在 / the demo campaign has already been played');
    return { weeks: 0 };
  }
  const start = mondayOfIsoWeek(isoWeekOfDay(addDays(shanghaiDate(opts.now), -7 * WEEKS_BACK)));
  const pilotStart = addDays(start, 14);
  const rolloutStart = addDays(start, 42);
  const rolloutEnd = addDays(rolloutStart, 7 * ROLLOUT_WEEKS - 1);
  // the coordinator set the campaign up on its first Monday morning
  const setUpAt = shanghaiInstant(start, 9);
  const customers = (await db.kysely
    .selectFrom('customers')
    .select(['id', 'city_code', 'station_code', 'mobile'])
    .orderBy('id')
    .execute()) as DemoCustomer[];
  const cities = await q.findCities(db.kysely);
  const pilotStations = await choosePilotStations(
    db,
    cities.map((c) => c.code),
  );
  await db.kysely.transaction().execute(async (trx) => {
    await q.replacePhases(
      trx,
      campaign.id,
      [
        { phase: 'deployment', startsOn: start, endsOn: addDays(pilotStart, -1) },
        { phase: 'pilot', startsOn: pilotStart, endsOn: addDays(rolloutStart, -1) },
        { phase: 'rollout', startsOn: rolloutStart, endsOn: rolloutEnd },
      ],
      null,
      setUpAt,
    );
    await q.replacePilotStations(
      trx,
      campaign.id,
      cities.map((c) => c.code),
      pilotStations,
      null,
      setUpAt,
    );
    for (const c of cities) {
      await q.upsertTarget(
        trx,
        campaign.id,
        { cityCode: c.code, phase: 'pilot', targetPct: 100, deadline: addDays(rolloutStart, -1) },
        null,
        setUpAt,
      );
      await q.upsertTarget(
        trx,
        campaign.id,
        { cityCode: c.code, phase: 'rollout', targetPct: 100, deadline: rolloutEnd },
        null,
        setUpAt,
      );
    }
  });
  // each city works at its own pace, so the ranking and the traffic lights have something to say
  // (1.0 = exactly on the target trajectory; below 0.9 falls behind → yellow, then red)
  const pace = new Map(cities.map((c) => [c.code, 0.7 + 0.6 * rng.next()]));
  const smsRate = new Map(cities.map((c) => [c.code, 0.85 + 0.14 * rng.next()]));
  // the share of each city's corrections the marketing system has taken back a week later
  const writeBackRate = new Map(cities.map((c, i) => [c.code, 0.7 + ((i * 7) % 10) / 40]));
  const pilotSet = new Set(pilotStations.map((s) => s.code));
  const stations = [...new Set(customers.map((c) => c.station_code))];
  const done = new Set<number>();
  let waiting: DemoCustomer[] = []; // exported last week, results still in the field
  let weeks = 0;
  const elapsed = stopwatch();
  for (let day = start; ; day = addDays(day, 7)) {
    const friday = addDays(day, 4);
    const snapshotAt = shanghaiInstant(friday, 18);
    if (snapshotAt > opts.now) break;
    const week = isoWeekOfDay(friday);
    const phase = friday < pilotStart ? 'deployment' : friday < rolloutStart ? 'pilot' : 'rollout';
    const ctx = { campaignId: campaign.id, rng, at: shanghaiInstant(friday, 12), ref: `demo-${week}` };
    await db.kysely.transaction().execute(async (trx) => {
      const c: DemoContext = { ...ctx, trx };
      await writeBack(c, writeBackRate);
      if (phase !== 'deployment') {
        const inScope = (x: DemoCustomer) => phase === 'rollout' || pilotSet.has(x.station_code);
        const waitingIds = new Set(waiting.map((x) => x.id));
        const todo = customers.filter((x) => !done.has(x.id) && !waitingIds.has(x.id) && inScope(x));
        const weeksInPhase = phase === 'pilot' ? 4 : ROLLOUT_WEEKS;
        const share = new Map(cities.map((x) => [x.code, 0]));
        for (const x of customers) if (inScope(x)) share.set(x.city_code, share.get(x.city_code)! + 1);
        const quota = new Map(
          [...share].map(([city, n]) => [city, Math.round((n * pace.get(city)!) / weeksInPhase)]),
        );
        const batch = todo.filter((x) => {
          const left = quota.get(x.city_code)!;
          quota.set(x.city_code, left - 1);
          return left > 0;
        });
        await exportToField(c, batch);
        const now = batch.filter(() => rng.chance(0.8));
        const nowIds = new Set(now.map((x) => x.id));
        const later = batch.filter((x) => !nowIds.has(x.id));
        const results = fieldResults(rng, [...waiting, ...now]);
        await importResults(c, results);
        waiting = later;
        for (const r of results) if (r.state !== 'unreachable') done.add(r.customer.id);
        const verified = results.filter((r) => r.state !== 'unreachable').map((r) => r.customer);
        for (const city of cities)
          await smsSample(
            c,
            verified.filter((v) => v.city_code === city.code),
            smsRate.get(city.code)!,
          );
        await calls(
          c,
          results.filter((r) => r.state === 'unreachable').map((r) => r.customer),
        );
      }
      await entryGateTraffic(c, stations, friday);
      await submitSummaries(
        c,
        cities.map((x) => x.code),
        week,
        friday,
      );
    });
    for (let d = day; d <= friday; d = addDays(d, 1))
      if (isLastDayOfMonth(shanghaiInstant(d, 12)))
        await takeSnapshot(db, 'month', shanghaiInstant(d, 18, 30), { includeSimulated: true });
    await takeSnapshot(db, 'week', snapshotAt, { includeSimulated: true });
    await sendWeeklyReports(db, snapshotAt, { includeSimulated: true });
    weeks++;
    log(`  ${week} ${phase}: ${done.size}/${customers.length} verified`);
  }
  // the simulated dispatcher: past weeks' reports were delivered back then
  await db.kysely
    .updateTable('sms_messages')
    .set({ status: 'delivered', attempts: 1, provider: 'demo', sent_at: opts.now, finished_at: opts.now })
    .where('purpose', '=', 'weekly_report')
    .where('status', '=', 'queued')
    .execute();
  log(`  ${weeks} weeks played in ${elapsed().toFixed(1)} s`);
  return { weeks, verified: done.size };
}

/** The three stations with most customers per city: "typical" stations for the pilot. */
async function choosePilotStations(db: Db, cityCodes: string[]) {
  const rows = await db.kysely
    .selectFrom('station_customer_counts')
    .select(['station_code as code', 'city_code', 'county_code', 'customers'])
    .where('city_code', 'in', cityCodes.length > 0 ? cityCodes : [''])
    .orderBy('customers', 'desc')
    .orderBy('station_code')
    .execute();
  const perCity = new Map<string, number>();
  return rows.filter((r) => {
    const n = perCity.get(r.city_code) ?? 0;
    perCity.set(r.city_code, n + 1);
    return n < 3;
  });
}

/** Weekly summaries: most on time (Friday noon), some late (Saturday), some missing. */
async function submitSummaries(ctx: DemoContext, cityCodes: string[], week: string, friday: string) {
  const rows = cityCodes.flatMap((city) => {
    const r = ctx.rng.next();
    if (r < 0.08) return [];
    const at = (
      r < 0.2 ? shanghaiInstant(addDays(friday, 1), 10) : shanghaiInstant(friday, 12)
    ).toISOString();
    return [
      {
        campaign_id: ctx.campaignId,
        city_code: city,
        kind: 'week' as const,
        period_key: week,
        done: '完成本周现场核实与整改，导入系统并通过系统校验。',
        problems: ctx.rng.chance(0.5) ? '部分农村用户外出务工，无法联系。' : '个别供电所人员不足。',
        plan: '下周继续推进核实，重点跟进无法联系用户。',
        station_plan: '[]',
        due_at: weekDueAt(week).toISOString(),
        first_submitted_at: at,
        submitted_at: at,
        submitted_by: null,
      },
    ];
  });
  if (rows.length > 0)
    await ctx.trx
      .insertInto('work_reports')
      .values(rows)
      .onConflict((oc) => oc.doNothing())
      .execute();
}
