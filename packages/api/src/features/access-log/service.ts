// The 审计 use cases: read the access log (admins and auditors), its per-user daily summary, its
// CSV export (itself recorded, in the transaction that reads it), and a print recorded before the
// web prints. Beijing-time days become instants here, so SQL compares timestamps only.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AccessLogEntry, AccessLogQuery } from '@qingyuan/contract/access';
import type { Principal } from '../auth/principal.ts';
import { recordAccess, type AccessEntry } from './record.ts';
import * as q from './queries.ts';
import { csvLine } from './csv.ts';

const BEIJING = '+08:00';
const dayStart = (day: string) => new Date(`${day}T00:00:00${BEIJING}`);
const nextDay = (day: string) => new Date(dayStart(day).getTime() + 86_400_000);

export function toFilter(query: Omit<AccessLogQuery, 'before' | 'limit'>): q.LogFilter {
  return {
    username: query.user || undefined,
    unit: query.unit || undefined,
    action: query.action,
    from: query.from ? dayStart(query.from) : undefined,
    to: query.to ? nextDay(query.to) : undefined,
  };
}

const toEntry = (r: q.LogRow): AccessLogEntry => ({
  id: String(r.id),
  at: new Date(r.at).toISOString(),
  username: r.username,
  role: r.role,
  cityCode: r.city_code,
  countyCode: r.county_code,
  action: r.action,
  route: r.route,
  outcome: r.outcome,
  customerIds: (r.customer_ids ?? []).map(String),
  scope: (r.scope as Record<string, unknown> | null) ?? null,
  rowCount: r.row_count,
  fileName: r.file_name,
  ip: r.ip,
  note: r.note,
});

export async function listAccessLog(db: Kysely<Database>, query: AccessLogQuery) {
  const rows = await q.findLogPage(db, toFilter(query), query.before, query.limit + 1);
  const items = rows.slice(0, query.limit).map(toEntry);
  return { items, nextBefore: rows.length > query.limit ? items[items.length - 1]!.id : null };
}

export async function summarizeAccessLog(db: Kysely<Database>, query: AccessLogQuery) {
  const rows = await q.findDailySummary(db, toFilter(query));
  return {
    items: rows.map((r) => ({
      day: r.day,
      username: r.username,
      role: r.role,
      views: r.views,
      exports: r.exports,
      prints: r.prints,
      logins: r.logins,
      failedLogins: r.failed_logins,
      total: r.total,
    })),
  };
}

/** At most this many entries in one CSV: narrow the filter for more. */
export const CSV_MAX_ROWS = 50_000;

const HEADER = [
  '时间(北京) time',
  '用户 user',
  '角色 role',
  '地市 city',
  '县 county',
  '操作 action',
  '结果 outcome',
  '接口 route',
  '客户 customers',
  '范围 scope',
  '行数 rows',
  '文件 file',
  '来源 IP',
  '备注 note',
];

const beijing = new Intl.DateTimeFormat('sv-SE', {
  timeZone: 'Asia/Shanghai',
  dateStyle: 'short',
  timeStyle: 'medium',
});

/**
 * The filtered log as CSV (UTF-8 with BOM), recorded as an audit_export in the transaction that
 * reads it: no file leaves without its row. Cells that a spreadsheet would read as a formula are
 * quoted as text (csv.ts).
 */
export async function exportAccessLogCsv(
  db: Kysely<Database>,
  viewer: Principal,
  query: AccessLogQuery,
  entry: Pick<AccessEntry, 'route' | 'ip' | 'at'>,
) {
  const filter = toFilter(query);
  const day = beijing.format(entry.at).slice(0, 10).replaceAll('-', '');
  const fileName = `access-log-${day}.csv`;
  return db.transaction().execute(async (trx) => {
    const rows = await q.findLogPage(trx, filter, undefined, CSV_MAX_ROWS);
    await recordAccess(trx, {
      ...entry,
      actor: viewer,
      action: 'audit_export',
      scope: { ...query, before: undefined, limit: undefined },
      rowCount: rows.length,
      file: fileName,
    });
    const lines = rows.map((r) =>
      csvLine([
        beijing.format(new Date(r.at)),
        r.username,
        r.role,
        r.city_code,
        r.county_code,
        r.action,
        r.outcome,
        r.route,
        (r.customer_ids ?? []).join(' '),
        r.scope === null ? '' : JSON.stringify(r.scope),
        r.row_count,
        r.file_name,
        r.ip,
        r.note,
      ]),
    );
    return { fileName, rows: rows.length, csv: '\uFEFF' + [csvLine(HEADER), ...lines].join('') };
  });
}

/** A print, recorded before the web calls window.print(): if this fails, nothing is printed. */
export async function recordPrint(
  db: Kysely<Database>,
  viewer: Principal,
  body: { page: string; scope: Record<string, unknown> },
  entry: Pick<AccessEntry, 'route' | 'ip' | 'at'>,
) {
  await db.transaction().execute((trx) =>
    recordAccess(trx, {
      ...entry,
      actor: viewer,
      action: 'print',
      scope: { page: body.page, ...body.scope },
    }),
  );
}
