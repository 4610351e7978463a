// Campaign data in every station with customers, so the scope probes (plugins/scope.test.ts) have
// data outside each viewer's region to be kept from: 昆明 for a 曲靖 user, 曲靖 and the sibling
// county 官渡 for a 五华 county user — through the campaign, report and dashboard routes.
import type { Db } from '../../db.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { TREE } from '../../testing/factories.ts';
import { ensureActiveCampaign, recordVerification } from '../verification/service.ts';
import { chinaToday } from '../rule-sets/active.ts';
import { takeSnapshot } from './snapshot.ts';

export async function seedCampaignForProbes(db: Db, now: Date = TEST_EPOCH) {
  // per station that has customers (the ones the scope test made): its first customer is verified,
  // it is a pilot station and has entry-gate traffic; adding customers would change its lists
  const stations = await db.kysely
    .selectFrom('customers')
    .select(['station_code', 'county_code', 'city_code', (eb) => eb.fn.min('id').as('first')])
    .groupBy(['station_code', 'county_code', 'city_code'])
    .orderBy('station_code')
    .execute();
  await db.kysely.transaction().execute(async (trx) => {
    const { id } = await ensureActiveCampaign(trx, now);
    await trx
      .insertInto('campaign_phases')
      .values([
        { campaign_id: id, phase: 'pilot', starts_on: '2026-01-01', ends_on: '2026-06-30', updated_at: now },
        {
          campaign_id: id,
          phase: 'rollout',
          starts_on: '2026-07-01',
          ends_on: '2027-12-31',
          updated_at: now,
        },
      ])
      .execute();
    await trx
      .insertInto('pilot_stations')
      .values(
        stations.map((s) => ({
          campaign_id: id,
          station_code: s.station_code,
          city_code: s.city_code,
          county_code: s.county_code,
          chosen_by: null,
          chosen_at: now,
        })),
      )
      .execute();
    for (const city of [TREE.kunming.city, TREE.qujing.city]) {
      await trx
        .insertInto('campaign_targets')
        .values({
          campaign_id: id,
          city_code: city,
          phase: 'rollout',
          target_pct: 100,
          deadline: '2027-12-31',
          updated_by: null,
          updated_at: now,
        })
        .execute();
      await trx
        .insertInto('campaign_target_history')
        .values({
          campaign_id: id,
          city_code: city,
          phase: 'rollout',
          old_target_pct: null,
          old_deadline: null,
          new_target_pct: 100,
          new_deadline: '2027-12-31',
          changed_by: null,
          changed_at: now,
        })
        .execute();
      await trx
        .insertInto('work_reports')
        .values({
          campaign_id: id,
          city_code: city,
          kind: 'week',
          period_key: '2026-W40',
          done: city === TREE.kunming.city ? '昆明完成' : '曲靖完成',
          problems: '',
          plan: '',
          station_plan: '[]',
          due_at: '2026-10-02T10:00:00Z',
          first_submitted_at: '2026-10-01T10:00:00Z',
          submitted_at: '2026-10-01T10:00:00Z',
          submitted_by: null,
        })
        .execute();
    }
    await recordVerification(trx, {
      campaignId: id,
      source: 'demo',
      at: now,
      results: stations.map((s) => ({
        customerId: Number(s.first),
        state: s.city_code === TREE.kunming.city ? ('confirmed' as const) : ('corrected' as const),
      })),
    });
  });
  await db.kysely
    .insertInto('entry_gate_counts')
    .values(
      stations.map((s) => ({
        day: chinaToday(now),
        station_code: s.station_code,
        channel: 'api' as const,
        records: 5,
        records_with_error: s.city_code === TREE.kunming.city ? 2 : 1,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
  await takeSnapshot(db, 'week', now);
}
