import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { maskCert, maskPhone, seesFullCert, seesFullPhone, type Principal } from '../auth/principal.ts';
import * as q from './queries.ts';
import type { Customer } from '@qingyuan/contract/customers';

/** Row → API object, masking phone and ID numbers for roles that do not need them in full. */
export function toCustomerDto(row: q.CustomerListRow, viewer: Principal): Customer {
  const phone = seesFullPhone(viewer) ? (v: string) => v : maskPhone;
  const cert = seesFullCert(viewer) ? (v: string) => v : maskCert;
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
    version: row.version,
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

export async function listCustomers(
  db: Kysely<Database>,
  viewer: Principal,
  query: { q: string; page: number; pageSize: number },
) {
  const { items, total } = await q.findCustomerPage(db, viewer, query.q, query.page, query.pageSize);
  return {
    items: items.map((r) => toCustomerDto(r, viewer)),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const SENSITIVE = new Set(['mobile', 'landline', 'cert_no']);

export async function getCustomer(db: Kysely<Database>, viewer: Principal, id: number) {
  const row = await q.findCustomerById(db, viewer, id);
  // Outside the caller's scope looks exactly like absent: no hint that the customer exists.
  if (!row) throw notFound('客户', 'customer');
  const changes = await q.findCustomerChanges(db, row.id);
  const mask = (field: string, v: string | null) => {
    if (v === null || !SENSITIVE.has(field)) return v;
    if (field === 'cert_no') return seesFullCert(viewer) ? v : maskCert(v);
    return seesFullPhone(viewer) ? v : maskPhone(v);
  };
  return {
    ...toCustomerDto(row, viewer),
    changes: changes.map((c) => ({
      field: c.field,
      oldValue: mask(c.field, c.old_value),
      newValue: mask(c.field, c.new_value),
      source: c.source,
      batchId: c.batch_id,
      userName: c.user_name,
      changedAt: new Date(c.changed_at).toISOString(),
    })),
  };
}
