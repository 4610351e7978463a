import { createHash } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  isCleanAddress,
  isCleanLandline,
  isCleanMobile,
  isCleanOrgName,
  isCleanPersonName,
  isValidResidentId,
  isValidUscc,
  normaliseName,
  normalisePhone,
} from './catalogue.testing.ts';
import { roadsOf } from './addresses.ts';
import { DEFECT_KINDS } from './defects.ts';
import { demoCounties } from './gazetteer.ts';
import {
  generateCustomers,
  generateOrgUnits,
  type CustomerRow,
  type DefectField,
  type GeneratedCustomer,
} from './generate.ts';
import { stationPlans } from './org.ts';

const orgs = generateOrgUnits();
const stations = new Map(stationPlans().map((p) => [p.code, p]));
const countyNames = demoCounties().map((c) => c.name);

function collect(customers: number, seed: number, defectRate?: number): GeneratedCustomer[] {
  return [...generateCustomers({ customers, seed, defectRate }, orgs)];
}

/** Whether a value is clean by the catalogue's single-record rules, in its customer's context. */
function isClean(field: DefectField, row: CustomerRow, value = row[field]): boolean {
  const station = stations.get(row.station_code);
  if (!station) throw new Error(`unknown station ${row.station_code}`);
  const isPerson = row.customer_type === 'residential';
  switch (field) {
    case 'name':
      return isPerson ? isCleanPersonName(value) : isCleanOrgName(value);
    case 'mobile':
      return isCleanMobile(value);
    case 'landline':
      return value === '' || isCleanLandline(value, station.city.areaCode, station.city.localLength);
    case 'address':
      return isCleanAddress(value, station.county.name, countyNames);
    case 'cert_no':
      // ID-07: a residential holder has a resident ID, an organisation a USCC, whatever cert_type says.
      return isPerson ? isValidResidentId(value) : isValidUscc(value);
    case 'cert_type':
      return value === (isPerson ? 'resident_id' : 'uscc');
  }
}

const CROSS_RECORD = new Set(['duplicate_customer', 'cert_shared_names', 'shared_mobile', 'empty_number']);

describe('generateCustomers', () => {
  let rows: GeneratedCustomer[];
  beforeAll(() => {
    rows = collect(100_000, 11);
  });

  it('gives unique, ascending 13-digit customer numbers over real stations', () => {
    let previous = '';
    for (const { customer } of rows) {
      expect(customer.customer_no).toMatch(/^53\d{11}$/);
      expect(customer.customer_no > previous).toBe(true);
      expect(stations.has(customer.station_code)).toBe(true);
      previous = customer.customer_no;
    }
  });

  it('keeps every unlabelled field clean by the catalogue', () => {
    const dirty: string[] = [];
    for (const { customer, defects } of rows) {
      for (const field of ['name', 'mobile', 'landline', 'address', 'cert_no', 'cert_type'] as const) {
        if (!defects.some((d) => d.field === field) && !isClean(field, customer))
          dirty.push(`${field}: ${JSON.stringify(customer)}`);
      }
    }
    expect(dirty.slice(0, 10)).toEqual([]);
  });

  it('makes every single-record defect fail the catalogue, and format noise pass once normalised', () => {
    const missed: string[] = [];
    for (const { customer, defects } of rows) {
      for (const d of defects) {
        if (CROSS_RECORD.has(d.kind)) {
          if (!isClean(d.field, customer))
            missed.push(`cross-record ${d.kind} value should be clean: ${JSON.stringify(customer)}`);
        } else if (d.kind.startsWith('format_') && d.field !== 'address') {
          const normalised =
            d.field === 'name' ? normaliseName(customer.name) : normalisePhone(customer.mobile);
          if (isClean(d.field, customer) || !isClean(d.field, customer, normalised))
            missed.push(`${d.kind}: ${JSON.stringify(customer)}`);
        } else if (isClean(d.field, customer)) {
          missed.push(`${d.field}/${d.kind}: ${JSON.stringify(customer)}`);
        }
        expect(d.detectable).toBe(d.kind !== 'empty_number');
        expect(d.customer_no).toBe(customer.customer_no);
      }
    }
    expect(missed.slice(0, 10)).toEqual([]);
  });

  it('injects about 10% defective customers, every kind, hundreds per field', () => {
    const defective = rows.filter((r) => r.defects.length > 0).length / rows.length;
    expect(defective).toBeGreaterThan(0.09);
    expect(defective).toBeLessThan(0.11);
    const perField = new Map<string, number>();
    const perKind = new Set<string>();
    for (const { defects } of rows) {
      for (const d of defects) {
        perField.set(d.field, (perField.get(d.field) ?? 0) + 1);
        perKind.add(`${d.field}/${d.kind}`);
      }
    }
    for (const field of ['name', 'mobile', 'landline', 'address', 'cert_no', 'cert_type']) {
      expect(perField.get(field) ?? 0, field).toBeGreaterThanOrEqual(200);
    }
    for (const k of DEFECT_KINDS)
      expect(perKind.has(`${k.field}/${k.kind}`), `${k.field}/${k.kind}`).toBe(true);
  });

  it('has the expected shape: ~92% residential, ~2% closed, ~30% with a landline', () => {
    const share = (p: (c: CustomerRow) => boolean): number =>
      rows.filter((r) => p(r.customer)).length / rows.length;
    expect(share((c) => c.customer_type === 'residential')).toBeCloseTo(0.92, 1);
    expect(share((c) => c.status === 'closed')).toBeCloseTo(0.02, 2);
    expect(share((c) => c.landline !== '')).toBeCloseTo(0.3, 1);
  });

  it('shares a mobile among ≤ 3 customers unless all are a labelled group of ≥ 10', () => {
    const holders = new Map<string, GeneratedCustomer[]>();
    for (const r of rows) {
      const key = normalisePhone(r.customer.mobile);
      holders.set(key, [...(holders.get(key) ?? []), r]);
    }
    for (const [mobile, group] of holders) {
      // Placeholders (18888888888…) recur by nature; each holder is labelled for its own defect.
      if (group.every((r) => r.defects.some((d) => d.field === 'mobile' && d.kind !== 'shared_mobile')))
        continue;
      const labelled = group.filter((r) => r.defects.some((d) => d.kind === 'shared_mobile')).length;
      if (labelled > 0) {
        expect(labelled, mobile).toBe(group.length);
        expect(group.length, mobile).toBeGreaterThanOrEqual(10);
      } else {
        expect(group.length, mobile).toBeLessThanOrEqual(3);
      }
    }
  });

  it('repeats a cert only for labelled duplicates (same name and address) or shared certs (other names)', () => {
    const byCert = new Map<string, GeneratedCustomer[]>();
    for (const r of rows) byCert.set(r.customer.cert_no, [...(byCert.get(r.customer.cert_no) ?? []), r]);
    for (const [cert, group] of byCert) {
      if (group.length === 1) continue;
      const isOwnDefect = (r: GeneratedCustomer): boolean =>
        r.defects.some((d) => d.field === 'cert_no' && d.kind !== 'cert_shared_names');
      if (group.every(isOwnDefect)) continue;
      const [first, ...later] = group;
      const names = new Set(group.map((r) => r.customer.name));
      if (names.size === 1) {
        for (const r of later) {
          expect(
            r.defects.map((d) => d.kind),
            cert,
          ).toContain('duplicate_customer');
          expect(r.customer.address).toBe(first?.customer.address);
        }
      } else {
        for (const r of group)
          expect(
            r.defects.map((d) => d.kind),
            cert,
          ).toContain('cert_shared_names');
      }
    }
  });

  it('writes addresses in the station’s county, from the towns that station serves', () => {
    for (const { customer, defects } of rows.slice(0, 20_000)) {
      if (defects.some((d) => d.field === 'address')) continue;
      const station = stations.get(customer.station_code);
      expect(customer.address).toContain(station?.county.name);
      expect(station?.towns.some((t) => customer.address.includes(t.name))).toBe(true);
    }
  });
});

describe('roads', () => {
  it('never reads as one of the county’s towns or villages, even by its short name (新街 vs 新街村)', () => {
    const clashes: string[] = [];
    for (const county of demoCounties()) {
      const shorts = county.towns
        .flatMap((t) => [t.name, ...t.villages])
        .map((n) => n.replace(/(?:街道|社区|村|镇|乡)$/, ''))
        .filter((n) => n.length >= 2);
      for (const road of roadsOf(county)) {
        const hit = shorts.find((n) => road.includes(n));
        if (hit) clashes.push(`${county.name}: ${road} reads as ${hit}`);
      }
    }
    expect(clashes).toEqual([]);
    expect(demoCounties().every((c) => roadsOf(c).length > 10)).toBe(true);
  });
});

describe('determinism and rates', () => {
  const digest = (rs: GeneratedCustomer[]): string =>
    createHash('sha256').update(JSON.stringify(rs)).digest('hex');

  it('gives the same stream for the same seed and another for another seed', () => {
    expect(digest(collect(20_000, 5))).toBe(digest(collect(20_000, 5)));
    expect(digest(collect(20_000, 5))).not.toBe(digest(collect(20_000, 6)));
  });

  it('follows defectRate, including 0', () => {
    expect(collect(20_000, 3, 0).every((r) => r.defects.length === 0)).toBe(true);
    const high = collect(50_000, 3, 0.3);
    const share = high.filter((r) => r.defects.length > 0).length / high.length;
    expect(share).toBeGreaterThan(0.28);
    expect(share).toBeLessThan(0.32);
  });

  it('handles tiny runs and refuses bad options', () => {
    expect(collect(0, 1)).toEqual([]);
    expect(collect(3, 1)).toHaveLength(3);
    expect(() => collect(-1, 1)).toThrow(RangeError);
    expect(() => collect(10, 1, 2)).toThrow(RangeError);
  });
});
