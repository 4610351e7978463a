// Acknowledgements from the marketing system: per change id, `applied` (已回写) or `rejected` (the
// source refused it: a conflict for a person, with the source's reason). All of a request or none
// of it: an unknown id, an id outside the caller's region, a malformed line or a status that
// contradicts an earlier acknowledgement refuses the whole request, naming the ids. Repeating an
// acknowledgement changes nothing (idempotent).
import { sql } from 'kysely';
import type { AckItem, AckResult } from '@qingyuan/contract/writeback';
import type { Db, Trx } from '../../db.ts';
import { TRACKED_FIELDS } from '../customers/columns.ts';
import { AppError } from '../../errors.ts';
import { covers, type Region } from '../auth/region.ts';
import * as q from './queries.ts';

const MAX_LINES = 100_000;

/** `id,status[,reason]` lines (a header line is allowed); every bad line reported at once. */
export function parseAckCsv(text: string): AckItem[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const items: AckItem[] = [];
  const bad: { line: number; zh: string; en: string }[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const [idText = '', statusText = '', ...rest] = splitCsvLine(line);
    if (i === 0 && !/^\d+$/.test(idText.trim()) && /id|编号/i.test(idText)) return; // header
    const id = Number(idText.trim());
    const status = statusText.trim().toLowerCase();
    if (!/^\d{1,15}$/.test(idText.trim()) || id <= 0)
      bad.push({ line: i + 1, zh: `变更编号“${idText}”无效`, en: `"${idText}" is not a change id` });
    else if (status !== 'applied' && status !== 'rejected')
      bad.push({
        line: i + 1,
        zh: `状态“${statusText}”无效，应为 applied 或 rejected`,
        en: `status "${statusText}" must be applied or rejected`,
      });
    else {
      const reason = rest.join(',').trim().slice(0, 500);
      items.push({ id, status, ...(reason ? { reason } : {}) });
    }
  });
  if (bad.length > 0)
    throw new AppError(
      'validation_failed',
      `回执文件格式错误：${bad
        .slice(0, 5)
        .map((b) => `第${b.line}行 ${b.zh}`)
        .join('；')} / Malformed acknowledgement file: ${bad
        .slice(0, 5)
        .map((b) => `line ${b.line}: ${b.en}`)
        .join('; ')}`,
      bad,
    );
  if (items.length === 0)
    throw new AppError('validation_failed', '回执文件没有任何记录 / The acknowledgement file has no lines');
  if (items.length > MAX_LINES)
    throw new AppError('validation_failed', `回执最多${MAX_LINES}行 / At most ${MAX_LINES} lines`);
  return items;
}

function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') ((cur += '"'), i++);
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (out.push(cur), (cur = ''));
    else cur += c;
  }
  out.push(cur);
  return out;
}

const idList = (ids: readonly number[]) => ids.slice(0, 20).join(', ') + (ids.length > 20 ? ' …' : '');

const CHUNK = 5_000;

export async function acknowledgeChanges(
  db: Db,
  items: readonly AckItem[],
  caller: { region: Region; by: string },
  now: Date,
  onProgress?: (done: number) => void,
): Promise<AckResult> {
  const byId = new Map<number, AckItem>();
  const twice: number[] = [];
  for (const item of items) {
    const prev = byId.get(item.id);
    if (prev && prev.status !== item.status) twice.push(item.id);
    byId.set(item.id, item);
  }
  if (twice.length > 0)
    throw new AppError(
      'validation_failed',
      `同一变更编号有两种状态：${idList(twice)} / The same change id is both applied and rejected: ${idList(twice)}`,
      { ids: twice },
    );
  return db.kysely.transaction().execute(async (trx) => {
    const rows = await q.lockChanges(trx, [...byId.keys()]);
    const found = new Map(rows.map((r) => [Number(r.id), r]));
    const unknown = [...byId.keys()].filter((id) => !found.has(id));
    if (unknown.length > 0)
      throw new AppError(
        'not_found',
        `未找到变更编号：${idList(unknown)}，本次回执未处理 / Unknown change ids: ${idList(unknown)}; nothing was applied`,
        { ids: unknown },
      );
    const outside = rows.filter((r) => !covers(caller.region, r)).map((r) => Number(r.id));
    if (outside.length > 0)
      throw new AppError(
        'forbidden',
        `变更编号不属于您的单位：${idList(outside)}，本次回执未处理 / Change ids outside your region: ${idList(outside)}; nothing was applied`,
        { ids: outside },
      );
    const applied: number[] = [];
    const rejected: q.LockedChange[] = [];
    const contradict: number[] = [];
    let unchanged = 0;
    for (const row of rows) {
      const { status, reason } = byId.get(Number(row.id))!;
      const done = status === 'applied' ? ['written_back', 'confirmed', 'superseded'] : ['rejected'];
      if (done.includes(row.state)) unchanged++;
      else if (row.state !== 'pending') contradict.push(Number(row.id));
      else if (status === 'applied') applied.push(Number(row.id));
      else rejected.push({ ...row, ack_reason: reason ?? null });
    }
    if (contradict.length > 0)
      throw new AppError(
        'conflict',
        `这些变更已有相反的回执：${idList(contradict)}，本次回执未处理 / These changes were acknowledged otherwise before: ${idList(contradict)}; nothing was applied`,
        { ids: contradict },
      );
    const ack = { at: now, by: caller.by };
    let done = 0;
    for (let i = 0; i < applied.length; i += CHUNK) {
      await q.setChangeState(trx, applied.slice(i, i + CHUNK), 'written_back', { ...ack, reason: null });
      onProgress?.((done += Math.min(CHUNK, applied.length - i)));
    }
    for (let i = 0; i < rejected.length; i += CHUNK) {
      await insertRejections(trx, rejected.slice(i, i + CHUNK), ack);
      onProgress?.((done += Math.min(CHUNK, rejected.length - i)));
    }
    return { applied: applied.length, rejected: rejected.length, unchanged };
  });
}

/**
 * Refused changes: their state and the source's reason, and a conflict for a person each (one open
 * per customer field: an open one takes the rejection over).
 */
async function insertRejections(trx: Trx, rows: q.LockedChange[], ack: { at: Date; by: string }) {
  await rejectionsQuery(rows, ack).execute(trx);
}

type RejectedRow = Pick<q.LockedChange, 'id' | 'ack_reason'>;

/** The statement behind insertRejections, compiled in a snapshot test. */
export function rejectionsQuery(rows: readonly RejectedRow[], ack: { at: Date; by: string }) {
  const col = <T>(f: (r: RejectedRow) => T) => rows.map(f);
  return sql`
    with t as (
      select * from unnest(${col((r) => Number(r.id))}::bigint[], ${col((r) => r.ack_reason)}::text[])
        as t(id, reason)
    ),
    states as (
      update outbound_changes o set state = 'rejected', acked_at = ${ack.at}::timestamptz,
        acked_by = ${ack.by}, ack_reason = t.reason
      from t where o.id = t.id
    )
    insert into source_conflicts (customer_id, field, city_code, county_code, station_code, kind, base, ours,
      theirs, ours_source, ours_ref, ours_user_id, ours_at, change_id, reason, status, created_at)
    select c.id, o.field, c.city_code, c.county_code, c.station_code, 'rejected', o.base_value,
           case o.field ${sql.join(
             TRACKED_FIELDS.map((f) => sql`when ${f} then ${sql.ref(`c.${f}`)}`),
             sql` `,
           )} end,
           o.base_value, o.source, o.ref, o.user_id, o.changed_at, o.id, t.reason, 'open', ${ack.at}::timestamptz
    from t join outbound_changes o on o.id = t.id join customers c on c.id = o.customer_id
    on conflict (customer_id, field) where status = 'open' do update
      set kind = 'rejected', change_id = excluded.change_id, reason = excluded.reason`;
}
