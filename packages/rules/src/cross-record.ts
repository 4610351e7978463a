// Cross-record checks (catalogue §7, X-01…03), in memory over an iterable of records. The batch
// run does the same in SQL; these are the reference the accuracy benchmark uses, so the two must
// agree on keys: normalised mobile, normalised cert_no, normalised name + address.
import { normalizeAddress, normalizeIdNumber, normalizeName, normalizeText } from './normalize.ts';
import type { CustomerRecord, Finding } from './types.ts';

/** A cross-record finding names the customer it is about. */
export interface CrossRecordFinding extends Finding {
  customerNo: string;
  /** The values the message was built from, e.g. { duplicateOf: '5304000000012' } for X-03. */
  params?: Record<string, string | number>;
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
  /** Every customer of the block that is part of a duplicate pair, earliest first. */
  customerNos: string[];
  /** Each later customer and the earliest one it duplicates: only the later one is the duplicate. */
  duplicates: { customerNo: string; duplicateOf: string }[];
}

/** Comparison key of a mobile: digits only, +86/0086/86 prefix dropped; undefined when not 11 digits. */
export function mobileKey(mobile: string): string | undefined {
  const digits = normalizeText(mobile)
    .replace(/\D/g, '')
    .replace(/^(?:0086|86)(?=1\d{10}$)/, '');
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
export function findSharedMobiles(
  records: Iterable<CustomerRecord>,
  opts: { minHolders?: number } = {},
): SharedMobile[] {
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
 * Order of customer numbers: shorter first, then character by character, so '53…9' < '53…10'.
 * @example ['A10', 'A9'].sort(compareCustomerNo) // ['A9', 'A10']
 */
export function compareCustomerNo(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * the same normalised name and address under different customer_no. Two rows whose cert_no
 * are both present and differ are different people, not duplicates; blocks larger than
 * `maxGroupSize` (very common name at one address, e.g. a dormitory) are skipped. The earliest
 * customer_no of a pair is the original: only the later one is reported as the duplicate.
 * @example findLikelyDuplicates(records) // [{ name: '王建华', …, duplicates: [{ customerNo: 'A2', duplicateOf: 'A1' }] }]
 */
export function findLikelyDuplicates(
  records: Iterable<CustomerRecord>,
  opts: { maxGroupSize?: number } = {},
): LikelyDuplicate[] {
  const maxGroupSize = opts.maxGroupSize ?? 50;
  const out: LikelyDuplicate[] = [];
  const groups = groupBy(records, (r) => {
    const name = normalizeName(r.name ?? '');
    const address = addressKey(r.address ?? '');
    return name && address ? `${name}\u0000${address}` : undefined;
  });
  for (const [key, unsorted] of groups) {
    if (unsorted.length < 2 || unsorted.length > maxGroupSize) continue;
    const group = [...unsorted].sort((a, b) => compareCustomerNo(a.customer_no, b.customer_no));
    const certs = group.map((r) => normalizeIdNumber(r.cert_no ?? ''));
    const involved = new Set<string>();
    const duplicates: LikelyDuplicate['duplicates'] = [];
    for (let j = 1; j < group.length; j++) {
      const b = group[j];
      const cb = certs[j] ?? '';
      if (!b) continue;
      for (let i = 0; i < j; i++) {
        const a = group[i];
        const ca = certs[i] ?? '';
        if (!a || a.customer_no === b.customer_no || (ca !== '' && cb !== '' && ca !== cb)) continue;
        duplicates.push({ customerNo: b.customer_no, duplicateOf: a.customer_no });
        involved.add(a.customer_no).add(b.customer_no);
        break;
      }
    }
    const [name = '', address = ''] = key.split('\u0000');
    if (duplicates.length > 0) {
      const customerNos = group.map((r) => r.customer_no).filter((no) => involved.has(no));
      out.push({ name, address, customerNos: [...new Set(customerNos)], duplicates });
    }
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
 * All three cross-record checks as findings per customer (X-01 on mobile, X-02 on cert_no, X-03 on
 * name: only the later customer of a duplicate pair, with the earlier one in the message and `params.duplicateOf`).
 * @example crossRecordFindings(records).filter((f) => f.customerNo === '5300012345')
 */
export function crossRecordFindings(
  records: readonly CustomerRecord[],
  opts: CrossRecordOptions = {},
): CrossRecordFinding[] {
  const ruleVersion = opts.ruleVersion ?? 1;
  const errorHolders = opts.errorHolders ?? 50;
  const out: CrossRecordFinding[] = [];
  const sharedOpts = opts.minHolders === undefined ? {} : { minHolders: opts.minHolders };
  for (const s of findSharedMobiles(records, sharedOpts)) {
    const severity = s.holders >= errorHolders ? 'error' : 'warning';
    const message = {
      zh: `手机号被${s.holders}个不同客户共用`,
      en: `mobile shared by ${s.holders} different holders`,
    };
    for (const customerNo of s.customerNos) {
      out.push({
        customerNo,
        ruleId: 'X-01',
        ruleVersion,
        field: 'mobile',
        code: 'cross.shared_mobile',
        severity,
        message,
      });
    }
  }
  for (const c of findCertNameConflicts(records)) {
    const message = {
      zh: `同一证件号码对应不同户名（${c.names.join('、')}）`,
      en: `one certificate number under ${c.names.length} different names`,
    };
    for (const customerNo of c.customerNos) {
      out.push({
        customerNo,
        ruleId: 'X-02',
        ruleVersion,
        field: 'cert_no',
        code: 'cross.cert_name_conflict',
        severity: 'error',
        message,
      });
    }
  }
  const dupOpts = opts.maxGroupSize === undefined ? {} : { maxGroupSize: opts.maxGroupSize };
  for (const d of findLikelyDuplicates(records, dupOpts)) {
    for (const { customerNo, duplicateOf } of d.duplicates) {
      const message = {
        zh: `疑似重复客户（与${duplicateOf}同名同址）`,
        en: `likely duplicate of customer ${duplicateOf} (same name and address)`,
      };
      const params = { duplicateOf };
      out.push({
        customerNo,
        ruleId: 'X-03',
        ruleVersion,
        field: 'name',
        code: 'cross.likely_duplicate',
        severity: 'warning',
        message,
        params,
      });
    }
  }
  return out;
}
