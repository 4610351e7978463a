// Field verification on a phone (现场核实). A city team member finds a customer of their station,
// records the worksheet's verdicts and sends the entry; it lands exactly as a worksheet row does
// (worksheets/apply-rows.ts: the customer write path at the version the phone read, the
// verification state, re-validation), its corrected values judged first by the rules
// (customers/corrections.ts) — the same check the page calls while the user types. Each entry
// carries the phone's key: a phone that lost its signal sends again, and the key makes the second
// arrival a replay of the first.
import type {
  FieldCheckBody,
  FieldCheckResponse,
  FieldCorrections,
  FieldCustomerPage,
  FieldEntryBody,
  FieldEntryList,
  FieldEntryResponse,
  FieldStationList,
} from '@qingyuan/contract/field';
import type { Kysely } from 'kysely';
import type { Db } from '../../db.ts';
import type { Database } from '../../db/schema.ts';
import { AppError, notFound } from '../../errors.ts';
import { masker } from '../auth/masking.ts';
import type { Principal } from '../auth/principal.ts';
import { covers, regionOf } from '../auth/region.ts';
import { viewerGrants } from '../auth/service.ts';
import type { FieldChange } from '../customers/changes.ts';
import type { TrackedField } from '../customers/columns.ts';
import { checkCorrectedValues, correctionRefused } from '../customers/corrections.ts';
import { chinaToday } from '../rule-sets/active.ts';
import { currentCampaign, getActiveCampaign } from '../verification/service.ts';
import { applyVerifiedRows } from '../worksheets/apply-rows.ts';
import { findFindingsFor } from '../worksheets/queries.ts';
import * as q from './queries.ts';

type DbField = 'name' | 'mobile' | 'landline' | 'address' | 'cert_no';
const TO_DB: Record<keyof FieldCorrections, DbField> = {
  name: 'name',
  mobile: 'mobile',
  landline: 'landline',
  address: 'address',
  certNo: 'cert_no',
};
const toWire = (field: string) => (field === 'cert_no' ? 'certNo' : field);

/** The values typed, by column name; a blank box is no correction (as an empty worksheet cell). */
function typedValues(fields: FieldCorrections): Partial<Record<DbField, string>> {
  const out: Partial<Record<DbField, string>> = {};
  for (const [k, v] of Object.entries(fields) as [keyof FieldCorrections, string | undefined][])
    if (v !== undefined && v.trim() !== '') out[TO_DB[k]] = v;
  return out;
}

const userIdOf = (viewer: Principal) => (viewer.kind === 'user' ? viewer.id : null);

export async function listStations(db: Kysely<Database>, viewer: Principal): Promise<FieldStationList> {
  const rows = await q.findStations(db, viewer.region);
  return { items: rows.map((r) => ({ code: r.code, name: r.name, countyName: r.county_name ?? '' })) };
}

export async function listStationCustomers(
  db: Kysely<Database>,
  viewer: Principal,
  query: { station: string; q?: string; limit: number; offset: number },
  now: Date,
): Promise<FieldCustomerPage> {
  const campaign = await getActiveCampaign(db);
  const { items, total } = await q.findStationCustomers(db, viewer.region, query, campaign?.id ?? null);
  const runs = await q.findLatestRuns(db);
  const byRun = new Map<number, number[]>();
  for (const c of items) {
    const run = runs.find((r) => covers(regionOf(r), c));
    if (run) byRun.set(run.id, [...(byRun.get(run.id) ?? []), c.id]);
  }
  const findings = (
    await Promise.all([...byRun].map(([runId, ids]) => findFindingsFor(db, runId, ids)))
  ).flat();
  const mask = masker(viewer, await viewerGrants(db, viewer, now));
  return {
    total,
    items: items.map((c) => {
      const m = mask.forCustomer(c.id);
      return {
        id: String(c.id),
        customerNo: c.customer_no,
        name: c.name,
        mobile: m.phone(c.mobile),
        landline: m.phone(c.landline),
        address: c.address,
        certType: c.cert_type,
        certNo: m.cert(c.cert_no),
        status: c.status,
        version: c.version,
        state: c.state ?? null,
        findings: findings
          .filter((f) => Number(f.customer_id) === c.id)
          .map((f) => ({ field: toWire(f.field), zh: m.text(f.message_zh), en: m.text(f.message_en) })),
      };
    }),
  };
}

/** The rules' verdict on values as they are typed: nothing is written. */
export async function checkFieldValues(
  db: Kysely<Database>,
  viewer: Principal,
  body: FieldCheckBody,
  now: Date,
): Promise<FieldCheckResponse> {
  const customer = await q.findCustomer(db, viewer.region, body.customerId);
  if (!customer) throw notFound('客户', 'customer');
  const check = await checkCorrectedValues(db, customer, typedValues(body.fields), now);
  const mask = masker(viewer, await viewerGrants(db, viewer, now));
  // "equal to the record" would tell a viewer who sees masked digits what the digits are
  const mayCompare = (f: string) =>
    f === 'cert_no' ? mask.isFullCert : f === 'mobile' || f === 'landline' ? mask.isFullPhone : true;
  return {
    values: check.values.map((v) => ({ field: toWire(v.field), value: v.value })),
    unchanged: check.unchanged.filter(mayCompare).map(toWire),
    errors: check.errors.map((e) => ({ field: toWire(e.field), zh: e.zh, en: e.en })),
  };
}

const invalid = (zh: string, en: string) => new AppError('validation_failed', `${zh} / ${en}`);

export async function saveFieldEntry(
  db: Db,
  viewer: Principal,
  body: FieldEntryBody,
  now: Date,
): Promise<FieldEntryResponse> {
  const typed = typedValues(body.corrections);
  const given = Object.keys(typed).length > 0;
  // the worksheet's rules for a row (row-check.ts plannedChanges), in the same words
  if (given && body.result !== 'corrected')
    throw invalid(
      '填写了更正值，核实结果应选“已更正”',
      'corrected values are filled in: choose 已更正 (corrected)',
    );
  if (!given && body.result === 'corrected')
    throw invalid(
      '核实结果为“已更正”，但没有填写任何更正值',
      'the result is 已更正 (corrected) but no value is corrected',
    );
  const userId = userIdOf(viewer);
  if (userId === null)
    throw new AppError('forbidden', '现场核实须由个人账号记录 / field entries need a personal account');
  return db.kysely.transaction().execute(async (trx) => {
    const customer = await q.findCustomer(trx, viewer.region, body.customerId);
    if (!customer) throw notFound('客户', 'customer');
    const recordedAt = body.recordedAt && new Date(body.recordedAt) < now ? new Date(body.recordedAt) : now;
    // read before the entry moves the state: the file whose row this entry returns
    const exportId = await q.findHoldingExport(trx, customer.id);
    const claimed = await q.claimEntryKey(trx, {
      entry_key: body.key,
      user_id: userId,
      customer_id: customer.id,
      city_code: customer.city_code,
      county_code: customer.county_code,
      station_code: customer.station_code,
      customer_version: body.version,
      result: body.result,
      corrections: JSON.stringify(typed),
      note: body.note || null,
      outcome: 'applied',
      recorded_at: recordedAt,
      received_at: now,
      export_id: exportId,
    });
    if (!claimed) return replay(trx, userId, body);
    const id = Number(claimed.id);
    const fields: Partial<Record<TrackedField, FieldChange>> = {};
    // a record that changed since the phone read it: a conflict, whatever was typed (not judged)
    if (customer.version === body.version && given) {
      const check = await checkCorrectedValues(trx, customer, typed, now);
      if (check.unchanged.length === check.values.length)
        throw invalid(
          '更正值与系统中现有的值完全相同，如信息无误请选“核实无误”',
          'the corrected values equal the current ones: choose 核实无误 (confirmed)',
        );
      if (check.errors.length > 0) throw correctionRefused(check.errors);
      for (const v of check.values)
        if (!check.unchanged.includes(v.field)) fields[v.field] = { old: customer[v.field], new: v.value };
    }
    if (body.result === 'closed' && customer.status !== 'closed')
      fields.status = { old: customer.status, new: 'closed' };
    const campaign = await currentCampaign(trx, now, userId);
    const outcome = await applyVerifiedRows(
      trx,
      [{ customerId: customer.id, version: body.version, fields, result: body.result }],
      { campaignId: campaign?.id ?? null, ref: `field:${id}`, userId, now },
    );
    if (outcome.stale.length > 0) await q.markEntryConflict(trx, id);
    return {
      key: body.key,
      id: String(id),
      outcome: outcome.stale.length > 0 ? 'conflict' : 'applied',
      corrected: (outcome.applied[0]?.fields ?? []).map(toWire),
      isReplay: false,
    };
  });
}

/** A key that arrived before: the first arrival's answer, if it is the same entry. */
async function replay(
  db: Kysely<Database>,
  userId: number,
  body: FieldEntryBody,
): Promise<FieldEntryResponse> {
  const first = await q.findEntryByKey(db, body.key);
  if (!first || Number(first.user_id) !== userId || Number(first.customer_id) !== body.customerId)
    throw new AppError('conflict', '该记录编号已用于另一条记录 / this entry key belongs to another entry', {
      reason: 'key_reused',
    });
  const changed = await q.findChangedFields(db, body.customerId, `field:${first.id}`);
  return {
    key: body.key,
    id: String(first.id),
    outcome: first.outcome,
    corrected: changed.map((c) => toWire(c.field)),
    isReplay: true,
  };
}

export async function listOwnEntries(
  db: Kysely<Database>,
  viewer: Principal,
  now: Date,
): Promise<FieldEntryList> {
  const userId = userIdOf(viewer);
  if (userId === null) return { items: [], today: 0 };
  const dayStart = new Date(`${chinaToday(now)}T00:00:00+08:00`);
  const [rows, today] = await Promise.all([
    q.findOwnEntries(db, userId, 100),
    q.countOwnEntriesSince(db, userId, dayStart),
  ]);
  return {
    today,
    items: rows.map((r) => ({
      id: String(r.id),
      key: r.entry_key,
      customerNo: r.customer_no,
      name: r.name,
      result: r.result,
      outcome: r.outcome,
      recordedAt: new Date(r.recorded_at).toISOString(),
      receivedAt: new Date(r.received_at).toISOString(),
    })),
  };
}
