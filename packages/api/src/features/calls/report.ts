// The call report (the seed's table: calls, wrong per field, per city): per city and field the
// number checked, the number wrong and the error rate with its 95 % Wilson interval. A city's
// figure combines its strata (when drawn per county or station) by population, and so does the
// total over the caller's region, so cities sampled at equal size are not weighted equally.
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import * as q from './queries.ts';
import { openCallQueue } from './queue.ts';
import * as r from './report.queries.ts';
import { CALL_FIELDS, type Rate, type ReportRow } from '@qingyuan/contract/calls';
import { stratifiedRate, type StratumCount } from './stats.ts';

type Key = (typeof CALL_FIELDS)[number] | 'any';

function rateOf(strata: readonly r.StratumCounts[], verdicts: readonly r.VerdictCounts[], key: Key): Rate {
  const counts: StratumCount[] = strata.map((s) => {
    const v = verdicts.find(
      (x) => x.field === key && x.city_code === s.city_code && x.stratum_code === s.stratum_code,
    );
    return { population: s.population, n: v?.checked ?? 0, successes: v?.wrong ?? 0 };
  });
  const e = stratifiedRate(counts);
  return { checked: e.n, wrong: e.successes, rate: e.rate, low: e.low, high: e.high };
}

function rowOf(
  cityCode: string,
  cityName: string,
  strata: readonly r.StratumCounts[],
  verdicts: readonly r.VerdictCounts[],
): ReportRow {
  const sum = (k: keyof r.StratumCounts) => strata.reduce((n, s) => n + Number(s[k]), 0);
  return {
    cityCode,
    cityName,
    sampled: sum('sampled'),
    called: sum('called'),
    answered: sum('answered'),
    noAnswer: sum('no_answer'),
    refused: sum('refused'),
    wrongPerson: sum('wrong_person'),
    emptyNumber: sum('empty_number'),
    anyField: rateOf(strata, verdicts, 'any'),
    fields: {
      name: rateOf(strata, verdicts, 'name'),
      mobile: rateOf(strata, verdicts, 'mobile'),
      landline: rateOf(strata, verdicts, 'landline'),
      address: rateOf(strata, verdicts, 'address'),
    },
  };
}

export async function callReport(handle: Db, viewer: Principal, planId?: number) {
  const db = handle.kysely;
  const plan = await q.findCallPlan(db, planId);
  if (!plan) {
    if (planId !== undefined) throw notFound('电话核实抽样计划', 'call sampling plan');
    return { plan: null, cities: [], total: null };
  }
  // The queue is created on first use; the report counts its tasks, so make sure they exist.
  await openCallQueue(handle, plan.id);
  const [strata, fieldCounts, anyCounts, [progress]] = await Promise.all([
    r.findStratumCounts(db, plan.id, viewer),
    r.findVerdictCounts(db, plan.id, viewer),
    r.findAnyWrongCounts(db, plan.id, viewer),
    r.findPlanProgress(db, [plan.id], viewer),
  ]);
  const verdicts = [...fieldCounts, ...anyCounts];
  const codes = [...new Set(strata.map((s) => s.city_code))].sort();
  const names = new Map((await r.findCityNames(db, codes)).map((u) => [u.code, u.name]));
  const cities = codes.map((code) =>
    rowOf(
      code,
      names.get(code) ?? code,
      strata.filter((s) => s.city_code === code),
      verdicts,
    ),
  );
  const total = strata.length > 0 ? rowOf('', '', strata, verdicts) : null;
  return { plan: planDto(plan, progress), cities, total };
}

function planDto(
  plan: { id: number; name: string; created_at: Date },
  progress: { total: number; done: number; leased: number } | undefined,
) {
  return {
    id: String(plan.id),
    name: plan.name,
    createdAt: new Date(plan.created_at).toISOString(),
    total: progress?.total ?? 0,
    done: progress?.done ?? 0,
    leased: progress?.leased ?? 0,
  };
}

export async function listCallPlans(db: Kysely<Database>, viewer: Principal) {
  const plans = await q.findCallPlans(db);
  const progress = await r.findPlanProgress(
    db,
    plans.map((p) => p.id),
    viewer,
  );
  return { items: plans.map((p, i) => planDto(p, progress[i])) };
}
