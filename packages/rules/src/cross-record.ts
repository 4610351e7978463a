// Cross-record checks (catalogue §7, X-01…03), in memory over an iterable of records. The batch
// run does the same in SQL; these are the reference the accuracy benchmark uses, so the two must
// agree on keys: normalised mobile, normalised cert_no, normalised name + address.
import { normalizeAddress, normalizeIdNumber, normalizeName, normalizeText } from './normalize.ts';
import type { CustomerRecord, Finding } from './types.ts';

/** A cross-record finding names the customer it is about. */
export interface CrossRecordFinding extends Finding {
  customerNo: string;
}

export interface SharedMobile {
  mobile: string;
  holders: number;
  customerNos: string[];
}

export interface CertNameConflict {
  certNo: string;
  names: string[];
  customerNos: string[];
}

export interface LikelyDuplicate {
  name: string;
  address: string;
  customerNos: string[];
}

/** Comparison key of a mobile: digits only, +86/0086/86 prefix dropped; undefined when not 11 digits. */
export function mobileKey(mobile: string): string | undefined {
  const digits = normalizeText(mobile).replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
  return /^1\d{10}$/.test(digits) ? digits : undefined;
}

/** Comparison key of an address: normalised, without punctuation and spaces. */
export function addressKey(address: string): string {
  return normalizeAddress(address).replace(/[\s\p{P}]/gu, '');
}

function groupBy<K, T>(items: Iterable<T>, key: (t: T) => K | undefined): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    if (k === undefined) continue;
    const g = groups.get(k);
    if (g) g.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * mobiles shared by at least `minHolders` distinct holders (holder = cert_no, else customer_no).
 * @example findSharedMobiles(records, { minHolders: 5 }) // [{ mobile: '13987700000', holders: 7, customerNos: [...] }]
 */
export function findSharedMobiles(records: Iterable<CustomerRecord>, opts: { minHolders?: number } = {}): SharedMobile[] {
  const minHolders = opts.minHolders ?? 5;
  const out: SharedMobile[] = [];
  for (const [mobile, group] of groupBy(records, (r) => mobileKey(r.mobile ?? ''))) {
    const holders = new Set(group.map((r) => normalizeIdNumber(r.cert_no ?? '') || `#${r.customer_no}`)).size;
    if (holders >= minHolders) out.push({ mobile, holders, customerNos: group.map((r) => r.customer_no) });
  }
  return out;
}

/**
 * one cert_no under more than one normalised name.
 * @example findCertNameConflicts(records) // [{ certNo: '530426…', names: ['孙文华', '白文华'], customerNos: [...] }]
 */
export function findCertNameConflicts(records: Iterable<CustomerRecord>): CertNameConflict[] {
  const out: CertNameConflict[] = [];
  for (const [certNo, group] of groupBy(records, (r) => normalizeIdNumber(r.cert_no ?? '') || undefined)) {
    const names = [...new Set(group.map((r) => normalizeName(r.name ?? '')))];
    if (names.length > 1) out.push({ certNo, names, customerNos: group.map((r) => r.customer_no) });
  }
  return out;
}

/**
 * the same normalised name and address under different customer_no. Two rows whose cert_no
 * are both present and differ are different people, not duplicates; blocks larger than
 * `maxGroupSize` (very common name at one address, e.g. a dormitory) are skipped.
 * @example findLikelyDuplicates(records) // [{ name: '王建华', address: '峨山县…1组1号', customerNos: ['A1', 'A2'] }]
 */
export function findLikelyDuplicates(records: Iterable<CustomerRecord>, opts: { maxGroupSize?: number } = {}): LikelyDuplicate[] {
  const maxGroupSize = opts.maxGroupSize ?? 50;
  const out: LikelyDuplicate[] = [];
  const groups = groupBy(records, (r) => {
    const name = normalizeName(r.name ?? '');
    const address = addressKey(r.address ?? '');
    return name && address ? `${name}\u0000${address}` : undefined;
  });
  for (const [key, group] of groups) {
    if (group.length < 2 || group.length > maxGroupSize) continue;
    const certs = group.map((r) => normalizeIdNumber(r.cert_no ?? ''));
    const dup = new Set<string>();
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const a = group[i];
        const b = group[j];
        if (!a || !b || a.customer_no === b.customer_no) continue;
        const ca = certs[i] ?? '';
        const cb = certs[j] ?? '';
        if (ca !== '' && cb !== '' && ca !== cb) continue;
        dup.add(a.customer_no).add(b.customer_no);
      }
    }
    const [name = '', address = ''] = key.split('\u0000');
    if (dup.size > 1) out.push({ name, address, customerNos: [...dup] });
  }
  return out;
}

export interface CrossRecordOptions {
  minHolders?: number;
  /** From this many holders on, a shared mobile is an error (an electrician's or a hall's number). */
  errorHolders?: number;
  maxGroupSize?: number;
  ruleVersion?: number;
}

/**
 * All three cross-record checks as findings per customer (X-01 on mobile, X-02 on cert_no, X-03 on name).
 * @example crossRecordFindings(records).filter((f) => f.customerNo === '5300012345')
 */
export function crossRecordFindings(records: readonly CustomerRecord[], opts: CrossRecordOptions = {}): CrossRecordFinding[] {
  const ruleVersion = opts.ruleVersion ?? 1;
  const errorHolders = opts.errorHolders ?? 50;
  const out: CrossRecordFinding[] = [];
  const sharedOpts = opts.minHolders === undefined ? {} : { minHolders: opts.minHolders };
  for (const s of findSharedMobiles(records, sharedOpts)) {
    const severity = s.holders >= errorHolders ? 'error' : 'warning';
    const message = { zh: `手机号被${s.holders}个不同客户共用`, en: `mobile shared by ${s.holders} different holders` };
    for (const customerNo of s.customerNos) {
      out.push({ customerNo, ruleId: 'X-01', ruleVersion, field: 'mobile', code: 'cross.shared_mobile', severity, message });
    }
  }
  for (const c of findCertNameConflicts(records)) {
    const message = { zh: `同一证件号码对应不同户名（${c.names.join('、')}）`, en: `one certificate number under ${c.names.length} different names` };
    for (const customerNo of c.customerNos) {
      out.push({ customerNo, ruleId: 'X-02', ruleVersion, field: 'cert_no', code: 'cross.cert_name_conflict', severity: 'error', message });
    }
  }
  const dupOpts = opts.maxGroupSize === undefined ? {} : { maxGroupSize: opts.maxGroupSize };
  for (const d of findLikelyDuplicates(records, dupOpts)) {
    const message = { zh: `疑似重复客户（同名同址：${d.customerNos.join('、')}）`, en: `likely duplicate customer (same name and address: ${d.customerNos.join(', ')})` };
    for (const customerNo of d.customerNos) {
      out.push({ customerNo, ruleId: 'X-03', ruleVersion, field: 'name', code: 'cross.likely_duplicate', severity: 'warning', message });
    }
  }
  return out;
}
