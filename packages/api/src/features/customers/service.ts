import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { masker, type CustomerUnit, type Masker } from '../auth/masking.ts';
import { recordShown, type Where } from '../access-log/views.ts';
import type { Principal } from '../auth/principal.ts';
import { viewerGrants } from '../auth/service.ts';
import * as q from './queries.ts';
import type { Customer } from '@qingyuan/contract/customers';

/** Row → API object, masking phone and ID numbers the viewer may not see in full. */
export function toCustomerDto(row: q.CustomerListRow, mask: Masker): Customer {
  const m = mask.forCustomer(row.id, unitOf(row));
  const phone = m.phone;
  const cert = m.cert;
  return {
    id: String(row.id),
    customerNo: row.customer_no,
    name: row.name,
    customerType: row.customer_type,
    certType: row.cert_type,
    certNo: cert(row.cert_no),
    mobile: phone(row.mobile),
    landline: phone(row.landline),
    address: row.address,
    stationCode: row.station_code,
    stationName: row.station_name,
    countyName: row.county_name,
    cityName: row.city_name,
    status: row.status,
    voltageClass: row.voltage_class === '' ? null : row.voltage_class,
    closedOn: row.closed_on === '' ? null : row.closed_on,
    anonymisedAt: row.anonymised_at ? new Date(row.anonymised_at).toISOString() : null,
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

const unitOf = (row: q.CustomerListRow): CustomerUnit => ({
  stationCode: row.station_code,
  countyCode: row.county_code,
  cityCode: row.city_code,
});
const shown = (rows: q.CustomerListRow[]) => rows.map((r) => ({ id: r.id, unit: unitOf(r) }));

/** A page of customers; the ones shown with a number in full go on the access log first. */
export async function listCustomers(
  db: Kysely<Database>,
  viewer: Principal,
  query: { q: string; page: number; pageSize: number },
  where: Where,
) {
  const now = where.at;
  const mask = masker(viewer, await viewerGrants(db, viewer, now));
  // Exact phone search only for those who see phones in full: for anyone else a masked
  // 185****9558 and 10⁴ searches would recover the number (an oracle).
  const search = { q: query.q, byPhone: mask.isFullPhone };
  const { items, total } = await q.findCustomerPage(db, viewer, search, query.page, query.pageSize);
  // the search as typed may be a number: on record as an auditor would see it
  const scope = { q: masker({ role: 'auditor' }).text(query.q), page: query.page };
  await recordShown(db, viewer, mask, where, { customers: shown(items), scope });
  return {
    items: items.map((r) => toCustomerDto(r, mask)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getCustomer(db: Kysely<Database>, viewer: Principal, id: number, where: Where) {
  const now = where.at;
  const row = await q.findCustomerById(db, viewer, id);
  // Outside the caller's scope looks exactly like absent: no hint that the customer exists.
  if (!row) throw notFound('客户', 'customer');
  const changes = await q.findCustomerChanges(db, row.id);
  const mask = masker(viewer, await viewerGrants(db, viewer, now));
  const m = mask.forCustomer(row.id, unitOf(row));
  await recordShown(db, viewer, mask, where, { customers: shown([row]) });
  return {
    ...toCustomerDto(row, mask),
    changes: changes.map((c) => ({
      field: c.field,
      oldValue: m.field(c.field, c.old_value),
      newValue: m.field(c.field, c.new_value),
      source: c.source,
      batchId: c.batch_id,
      userName: c.user_name,
      changedAt: new Date(c.changed_at).toISOString(),
    })),
  };
}
