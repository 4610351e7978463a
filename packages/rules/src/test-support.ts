// Test helpers shared by the table-driven check tests (not exported from the package).
import { normalizeField } from './normalize.ts';
import type { CheckKindDefinition } from './registry.ts';
import type { CustomerRecord, Field, Issue } from './types.ts';

export function record(overrides: Partial<CustomerRecord> = {}): CustomerRecord {
  return {
    customer_no: '5300000001',
    name: '张伟',
    customer_type: 'residential',
    cert_type: 'resident_id',
    cert_no: '530426196503121012',
    mobile: '13987712345',
    landline: '',
    address: '云南省玉溪市峨山彝族自治县双江街道柏锦社区3组45号',
    region: { provinceCode: '53', cityCode: '5304', countyCode: '530426' },
    ...overrides,
  };
}

/** Runs one check kind the way the compiled rule set does: params parsed, value normalised. */
export function runCheck(
  def: CheckKindDefinition,
  field: Field,
  raw: string,
  params: Record<string, unknown> = {},
  rec: Partial<CustomerRecord> = {},
  today = '2026-11-27',
): Issue | undefined {
  const p = def.params.parse(params);
  const value = normalizeField(field, raw);
  const r = record({ ...rec, [field]: raw });
  return def.fn(value, p, { record: r, field, raw, today });
}
