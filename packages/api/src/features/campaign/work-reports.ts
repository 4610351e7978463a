// City teams' weekly summary (done this week, problems, plan) and monthly work plan, with the
// plan broken down by station. Late or missing submissions count against timeliness.
import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { cityOf, inRegion } from '../auth/region.ts';
import { activeCampaignId } from './service.ts';
import { editableCampaignId } from './cycles.ts';
import { isoWeekOf, monthDueAt, monthOf, weekDueAt } from './periods.ts';
import type { WorkReportBody } from '@qingyuan/contract/campaign';

export function dueAtOf(kind: 'week' | 'month', key: string): Date {
  if (kind === 'week') {
    if (!/^\d{4}-W\d{2}$/.test(key))
      throw new AppError('validation_failed', '周次格式应为 2026-W48 / week must look like 2026-W48');
    return weekDueAt(key);
  }
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(key))
    throw new AppError('validation_failed', '月份格式应为 2026-12 / month must look like 2026-12');
  return monthDueAt(key);
}

export async function submitWorkReport(db: Db, user: Principal, body: WorkReportBody, now: Date) {
  if (!user.region.cityCode)
    throw new AppError('forbidden', '只有地市公司可报送周报月报 / Only city teams submit reports');
  const dueAt = dueAtOf(body.kind, body.periodKey);
  const codes = [...new Set(body.stationPlan.map((s) => s.stationCode))];
  if (codes.length > 0) {
    const own = await inRegion(
      db.kysely
        .selectFrom('org_units')
        .select('code')
        .where('level', '=', 'station')
        .where('code', 'in', codes),
      user.region,
    ).execute();
    const foreign = codes.filter((c) => !own.some((o) => o.code === c));
    if (foreign.length > 0)
      throw new AppError(
        'validation_failed',
        '计划中有不属于本单位的供电所 / The plan names stations outside your region',
        { foreign },
      );
  }
  // a closed cycle's timeliness is frozen: no report is filed into it
  const id = await editableCampaignId(db, now);
  const at = now.toISOString();
  await db.kysely
    .insertInto('work_reports')
    .values({
      campaign_id: id,
      city_code: user.region.cityCode,
      kind: body.kind,
      period_key: body.periodKey,
      done: body.done,
      problems: body.problems,
      plan: body.plan,
      station_plan: JSON.stringify(body.stationPlan),
      due_at: dueAt.toISOString(),
      first_submitted_at: at,
      submitted_at: at,
      submitted_by: user.id,
    })
    // a correction keeps the first submission time: timeliness is judged on that
    .onConflict((oc) =>
      oc.columns(['campaign_id', 'city_code', 'kind', 'period_key']).doUpdateSet({
        done: body.done,
        problems: body.problems,
        plan: body.plan,
        station_plan: JSON.stringify(body.stationPlan),
        submitted_at: at,
        submitted_by: user.id,
      }),
    )
    .execute();
  return { ...body, cityCode: user.region.cityCode, dueAt: dueAt.toISOString(), isLate: now > dueAt };
}

export async function listWorkReports(db: Db, viewer: Principal, now: Date, limit = 200) {
  const id = await activeCampaignId(db, now);
  const rows = await inRegion(
    db.kysely.selectFrom('work_reports').selectAll().where('campaign_id', '=', id),
    // reports are per city: a county-level viewer sees their city's
    cityOf(viewer.region),
  )
    .orderBy('period_key', 'desc')
    .orderBy('city_code')
    .limit(limit)
    .execute();
  return {
    currentWeek: isoWeekOf(now),
    currentMonth: monthOf(now),
    items: rows.map((r) => ({
      kind: r.kind,
      periodKey: r.period_key,
      cityCode: r.city_code,
      done: r.done,
      problems: r.problems,
      plan: r.plan,
      stationPlan: r.station_plan as { stationCode: string; planned: number; note: string }[],
      dueAt: new Date(r.due_at).toISOString(),
      firstSubmittedAt: new Date(r.first_submitted_at).toISOString(),
      submittedAt: new Date(r.submitted_at).toISOString(),
      isLate: new Date(r.first_submitted_at) > new Date(r.due_at),
    })),
  };
}
