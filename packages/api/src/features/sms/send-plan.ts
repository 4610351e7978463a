// Sampling → SMS: one message per member of an SMS sampling plan, keyed
// `sampling:<planId>:<customerId>`, so sending a plan twice (a double click, a retry after a
// timeout) queues each member once.
import { sql } from 'kysely';
import type { Db } from '../../db.ts';
import { AppError, notFound } from '../../errors.ts';
import { enqueueSms, type SmsToQueue } from './queue.ts';
import { compileTemplate, UnsafeSmsText } from './template.ts';

const PAGE = 5_000;

export const planRef = (planId: number) => `sampling:${planId}`;
export const memberKey = (planId: number, customerId: number) => `sampling:${planId}:${customerId}`;

export interface SendPlanResult {
  planId: number;
  members: number;
  queued: number;
  alreadyQueued: number;
  /** Members whose text would have held their full name or ID number: not sent. */
  skipped: { customerId: number; reason: string }[];
}

interface MemberRow {
  customer_id: number;
  mobile: string;
  city_code: string;
  county_code: string;
  customer_no: string;
  name: string;
  cert_no: string;
  city_name: string | null;
  station_name: string | null;
}

export async function sendSamplingPlan(
  db: Db,
  planId: number,
  template: string,
  userId: number | null,
  now: Date,
): Promise<SendPlanResult> {
  const compiled = compileTemplate(template);
  const plan = await db.kysely
    .selectFrom('sampling_plans')
    .select(['id', 'kind'])
    .where('id', '=', planId)
    .executeTakeFirst();
  if (!plan) throw notFound('抽样计划', 'sampling plan');
  if (plan.kind !== 'sms')
    throw new AppError(
      'validation_failed',
      '只有短信抽样计划可以发送短信 / only an SMS sampling plan can be sent',
    );
  // One transaction: either every member is queued or none (a half-sent plan is not a plan).
  return db.kysely.transaction().execute(async (trx) => {
    const result: SendPlanResult = { planId, members: 0, queued: 0, alreadyQueued: 0, skipped: [] };
    let after = 0;
    for (;;) {
      const page = await sql<MemberRow>`
        select m.customer_id, m.mobile, m.city_code, m.county_code, c.customer_no, c.name, c.cert_no,
               city.name as city_name, station.name as station_name
        from sample_members m
        join customers c on c.id = m.customer_id
        left join org_units city on city.code = m.city_code
        left join org_units station on station.code = m.station_code
        where m.plan_id = ${planId} and m.customer_id > ${after}
        order by m.customer_id limit ${PAGE}`.execute(trx);
      if (page.rows.length === 0) break;
      const messages: SmsToQueue[] = [];
      for (const r of page.rows) {
        try {
          const body = compiled.render({
            customerNo: r.customer_no,
            name: r.name,
            certNo: r.cert_no,
            cityName: (r.city_name ?? '').replace(/供电(局|公司)$/, ''),
            stationName: r.station_name ?? '',
          });
          messages.push({
            idempotencyKey: memberKey(planId, r.customer_id),
            purpose: 'sampling',
            to: `+86${r.mobile}`,
            body,
            ref: planRef(planId),
            customerId: r.customer_id,
            userId,
            cityCode: r.city_code,
            countyCode: r.county_code,
          });
        } catch (err) {
          if (!(err instanceof UnsafeSmsText)) throw err;
          result.skipped.push({ customerId: r.customer_id, reason: err.message });
        }
      }
      result.members += page.rows.length;
      result.queued += await enqueueSms(trx, messages, now);
      after = page.rows[page.rows.length - 1]!.customer_id;
    }
    result.alreadyQueued = result.members - result.skipped.length - result.queued;
    return result;
  });
}
