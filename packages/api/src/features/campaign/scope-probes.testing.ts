// Campaign data in both test cities, so the scope probes (plugins/scope.test.ts) have 昆明 data
// that a 曲靖 user must not reach through the campaign, report and dashboard routes.
import type { Db } from '../../db.ts';
import { TEST_EPOCH } from '../../testing/clock.ts';
import { TREE } from '../../testing/factories.ts';
import { ensureActiveCampaign, recordVerification } from '../verification/service.ts';
import { chinaToday } from '../rule-sets/active.ts';
import { takeSnapshot } from './snapshot.ts';

export async function seedCampaignForProbes(db: Db, now: Date = TEST_EPOCH) {
  // the customers the scope test already made (one per city): adding more would change its lists
  const first = (city: string) =>
    db.kysely
      .selectFrom('customers')
      .select('id')
      .where('city_code', '=', city)
      .orderBy('id')
      .executeTakeFirstOrThrow();
  const kunming = await first(TREE.kunming.city);
  const qujing = await first(TREE.qujing.city);
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
      .values([
        {
          campaign_id: id,
          station_code: TREE.kunming.station,
          city_code: TREE.kunming.city,
          county_code: TREE.kunming.county,
          chosen_by: null,
          chosen_at: now,
        },
        {
          campaign_id: id,
          station_code: TREE.qujing.station,
          city_code: TREE.qujing.city,
          county_code: TREE.qujing.county,
          chosen_by: null,
          chosen_at: now,
        },
      ])
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
      results: [
        { customerId: kunming.id, state: 'confirmed' },
        { customerId: qujing.id, state: 'corrected' },
      ],
    });
  });
  await db.kysely
    .insertInto('entry_gate_counts')
    .values([
      {
        day: chinaToday(now),
        station_code: TREE.kunming.station,
        channel: 'api',
        records: 5,
        records_with_error: 2,
      },
      {
        day: chinaToday(now),
        station_code: TREE.qujing.station,
        channel: 'api',
        records: 5,
        records_with_error: 1,
      },
    ])
    .onConflict((oc) => oc.doNothing())
    .execute();
  await takeSnapshot(db, 'week', now);
}
