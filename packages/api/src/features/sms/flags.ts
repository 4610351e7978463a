// Customer flags raised by SMS: a number that could not be reached (failed / undelivered) and a
// "not me" reply. The worksheet export reads them with findFlaggedCustomers, so the field team
// checks those numbers on the next visit.
import { sql, type Kysely } from 'kysely';
import type { Trx } from '../../db.ts';
import type { CustomerFlagKind, Database } from '../../db/schema.ts';
import { inRegion, type Region } from '../auth/region.ts';
import type { FinishedMessage } from './queries.ts';

/** Twilio 21610: the customer unsubscribed (回复TD退订) — the number works, so no flag. */
const NOT_A_BAD_NUMBER = new Set(['21610']);

const REASONS: Record<string, string> = {
  '21211': '号码无效 / invalid number',
  '21614': '不是手机号码 / not a mobile number',
  '30003': '无法接通（关机或不在服务区） / unreachable handset',
  '30005': '空号 / unknown (empty) number',
  '30006': '运营商拒收 / rejected by the carrier',
  '30007': '被运营商拦截 / filtered by the carrier',
  '30008': '未知错误 / unknown error',
};

export function flagReason(status: string, code: string | null): string {
  const known = code ? REASONS[code] : undefined;
  return `短信${status === 'undelivered' ? '未送达' : '发送失败'}${code ? ` (${code})` : ''}${known ? `：${known}` : ''}`;
}

interface FlagInput {
  customerId: number;
  kind: CustomerFlagKind;
  value: string;
  reason: string;
  ref: string | null;
}

export async function insertFlags(trx: Trx, flags: readonly FlagInput[], now: Date) {
  if (flags.length === 0) return;
  const col = <K extends keyof FlagInput>(k: K) => flags.map((f) => f[k]);
  await sql`
    insert into customer_flags (customer_id, city_code, county_code, station_code, kind, value, reason, ref, created_at)
    select c.id, c.city_code, c.county_code, c.station_code, f.kind, f.value, f.reason, f.ref, ${now}::timestamptz
    from unnest(${col('customerId')}::bigint[], ${col('kind')}::text[], ${col('value')}::text[],
                ${col('reason')}::text[], ${col('ref')}::text[]) as f(customer_id, kind, value, reason, ref)
    join customers c on c.id = f.customer_id
    on conflict (customer_id, kind, value) where resolved_at is null do nothing`.execute(trx);
}

const digitsOf = (to: string) => to.replace(/\D/g, '').replace(/^86(?=1\d{10}$)/, '');

/** Flags the customers of finished messages that did not reach them. */
export async function flagUnreachable(trx: Trx, finished: readonly FinishedMessage[], now: Date) {
  await insertFlags(
    trx,
    finished
      .filter((m) => m.customer_id !== null && (m.status === 'failed' || m.status === 'undelivered'))
      .filter((m) => !NOT_A_BAD_NUMBER.has(m.error_code ?? ''))
      .map((m) => ({
        customerId: m.customer_id!,
        kind: 'sms_failed' as const,
        value: digitsOf(m.to_number),
        reason: flagReason(m.status, m.error_code),
        ref: `sms:${m.id}`,
      })),
    now,
  );
}

export interface FlagFilter {
  customerIds?: readonly number[];
  region?: Region;
}

export interface CustomerFlag {
  customerId: number;
  kind: CustomerFlagKind;
  field: string;
  value: string;
  reason: string;
  createdAt: string;
}

/**
 * Open flags of customers, for the worksheet export: a flag counts while it is unresolved and the
 * flagged number is still the customer's mobile (once corrected, the flag drops off by itself).
 */
export async function findFlaggedCustomers(
  db: Kysely<Database>,
  filter: FlagFilter = {},
): Promise<CustomerFlag[]> {
  if (filter.customerIds && filter.customerIds.length === 0) return [];
  let q = db
    .selectFrom('customer_flags as f')
    .innerJoin('customers as c', 'c.id', 'f.customer_id')
    .select(['f.customer_id', 'f.kind', 'f.field', 'f.value', 'f.reason', 'f.created_at'])
    .where('f.resolved_at', 'is', null)
    .where(
      sql<boolean>`regexp_replace(regexp_replace(c.mobile, '\\D', '', 'g'), '^86(1\\d{10})$', '\\1') = f.value`,
    );
  if (filter.customerIds)
    q = q.where('f.customer_id', '=', sql<number>`any(${[...filter.customerIds]}::bigint[])`);
  if (filter.region) q = inRegion(q, filter.region, 'f');
  const rows = await q.orderBy('f.customer_id').orderBy('f.id').execute();
  return rows.map((r) => ({
    customerId: r.customer_id,
    kind: r.kind,
    field: r.field,
    value: r.value,
    reason: r.reason,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
