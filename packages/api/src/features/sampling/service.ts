// Sampling plans: a stratified random sample of active customers whose mobile passes the rules
// engine, drawn in md5(seed:id) order per stratum, excluding customers sampled in the last N days.
// The plan, its seed, strata and members are stored, so the sample can be audited and reproduced.
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db.ts';
import type { SampleMembersTable, SamplingPlansTable } from '../../db/schema.ts';
import type { Selectable } from 'kysely';
import { AppError, notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { isProvince } from '../auth/region.ts';
import { getActiveRuleSetIn } from '../rule-sets/active.ts';
import { loadDivisions, toRecord } from '../validation/records.ts';
import { currentCampaign } from '../verification/service.ts';
import { reachableMobile, stratumTarget } from './draw.ts';
import * as q from './queries.ts';
import type { NewPlanBody, PlanDto } from '@qingyuan/contract/sampling';

const PAGE = 2_000;
const DAY_MS = 86_400_000;

export function toPlanDto(row: Selectable<SamplingPlansTable>): PlanDto {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    rate: row.rate === null ? null : Number(row.rate),
    sizePerStratum: row.size_per_stratum,
    stratifyBy: row.stratify_by,
    cityCodes: row.city_codes,
    excludeDays: row.exclude_days,
    seed: row.seed,
    ruleSetVersion: row.rule_set_version,
    members: row.members,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function createSamplingPlan(db: Db, principal: Principal, body: NewPlanBody, now: Date) {
  const own = principal.region.cityCode;
  if (own && body.cityCodes?.some((c) => c !== own))
    throw new AppError('forbidden', '只能在本单位范围内抽样 / you may only sample within your own region');
  const cityCodes = own ? [own] : (body.cityCodes ?? null);
  const seed = body.seed ?? randomBytes(8).toString('hex');
  const kindName = body.kind === 'sms' ? '短信校验抽样' : '人工外呼抽样';

  const planId = await db.kysely.transaction().execute(async (trx) => {
    const campaign = await currentCampaign(trx, now, principal.kind === 'user' ? principal.id : null);
    const rules = await getActiveRuleSetIn(trx, now);
    const divisions = await loadDivisions(trx);
    const plan = await q.insertPlan(trx, {
      campaign_id: campaign?.id ?? null,
      kind: body.kind,
      name: body.name ?? `${kindName} ${now.toISOString().slice(0, 10)}`,
      rate: body.rate ?? null,
      size_per_stratum: body.sizePerStratum ?? null,
      stratify_by: body.stratifyBy,
      city_codes: cityCodes,
      exclude_days: body.excludeDays,
      seed,
      rule_set_version: rules.version,
      created_by: principal.kind === 'user' ? principal.id : null,
      created_at: now,
    });
    const excludeSince = body.excludeDays > 0 ? new Date(now.getTime() - body.excludeDays * DAY_MS) : null;
    let total = 0;
    for (const stratum of await q.findStrata(trx, body.stratifyBy, cityCodes)) {
      const population = Number(stratum.population);
      const target = stratumTarget(population, {
        rate: body.rate ?? null,
        sizePerStratum: body.sizePerStratum ?? null,
      });
      const members: SampleMembersTable[] = [];
      let after = '';
      while (members.length < target) {
        const page = await q.findDrawPage(trx, {
          by: body.stratifyBy,
          stratumCode: stratum.stratum_code,
          seed,
          after,
          limit: PAGE,
          excludeSince,
        });
        for (const row of page) {
          const mobile = reachableMobile(rules, toRecord(row, divisions));
          if (mobile === undefined) continue;
          members.push({
            plan_id: plan.id,
            customer_id: row.id,
            stratum_code: stratum.stratum_code,
            city_code: row.city_code,
            county_code: row.county_code,
            station_code: row.station_code,
            mobile,
            draw_rank: members.length + 1,
          });
          if (members.length === target) break;
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1]!.draw_key;
      }
      for (let i = 0; i < members.length; i += 5_000)
        await trx
          .insertInto('sample_members')
          .values(members.slice(i, i + 5_000))
          .execute();
      await trx
        .insertInto('sample_strata')
        .values({
          plan_id: plan.id,
          stratum_code: stratum.stratum_code,
          city_code: stratum.city_code,
          population,
          target,
          drawn: members.length,
        })
        .execute();
      total += members.length;
    }
    await trx.updateTable('sampling_plans').set({ members: total }).where('id', '=', plan.id).execute();
    return plan.id;
  });
  return getSamplingPlan(db, principal, planId);
}

/**
 * Plans as the viewer's region sees them. A city team sees the plans that drew in their city
 * (province-wide ones and their own), with the members in their region: "our part of the
 * sample" is what they work with; other cities' plans are none of their business.
 */
async function inViewOf(db: Db, viewer: Principal, rows: Selectable<SamplingPlansTable>[]) {
  const plans = rows.map(toPlanDto);
  if (isProvince(viewer.region)) return plans;
  const counts = await q.countMembersIn(
    db.kysely,
    plans.map((p) => p.id),
    viewer.region,
  );
  const members = new Map(counts.map((c) => [Number(c.plan_id), Number(c.n)]));
  return plans.map((p) => ({ ...p, members: members.get(p.id) ?? 0 }));
}

export async function listSamplingPlans(db: Db, viewer: Principal, kind?: 'sms' | 'call') {
  return inViewOf(db, viewer, await q.listPlans(db.kysely, viewer.region, kind));
}

/** A plan with its strata; a city or county user sees only the strata that overlap their region. */
export async function getSamplingPlan(db: Db, principal: Principal, id: number) {
  const row = await q.findPlan(db.kysely, id);
  if (!row) throw notFound('抽样计划', 'sampling plan');
  const [[plan], strata] = await Promise.all([
    inViewOf(db, principal, [row]),
    q.findStrataOfPlan(db.kysely, id, principal.region),
  ]);
  return {
    ...plan!,
    strata: strata.map((s) => ({
      stratumCode: s.stratum_code,
      stratumName: s.name,
      cityCode: s.city_code,
      population: s.population,
      target: s.target,
      drawn: s.drawn,
    })),
  };
}
