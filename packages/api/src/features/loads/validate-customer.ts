// One row of a customers file → a clean row, or the reasons it is rejected (row, column, why,
// in Chinese and English). The loader stores values as given (trimmed): judging their quality is
// the rules engine's job, not the loader's.
import type { CertType, CustomerStatus, CustomerType, VoltageClass } from '../../db/schema.ts';
import { allowedValues, parseEnum, type CustomerColumn } from './columns.ts';

export interface CleanCustomer {
  customer_no: string;
  name: string;
  customer_type: CustomerType;
  cert_type: CertType;
  cert_no: string;
  mobile: string;
  landline: string;
  address: string;
  station_code: string;
  status: CustomerStatus;
  voltage_class: VoltageClass;
  /** YYYY-MM-DD or '' */
  closed_on: string;
}

export interface RowError {
  column: CustomerColumn | '*';
  code: string;
  zh: string;
  en: string;
}

export interface StationInfo {
  county_code: string;
  city_code: string;
}

const MAX_LENGTH = 500;

/**
 * The customer numbers seen so far in a file, kept compact: a parsed cell is a slice of a large
 * chunk of the file, and keeping the slice would keep the whole chunk alive (a 1M-row file would
 * stay in memory). Plain numbers (almost every utility's 户号) go into a typed-array hash set —
 * 16 bytes a key, outside the garbage-collected heap: a `Set<number>` of a million 13-digit
 * numbers held a million heap objects that every major collection walked (a quarter of a 1M
 * reload's time was garbage collection). Anything else is kept as a fresh copy.
 */
export class SeenKeys {
  readonly #numbers = new NumberSet();
  readonly #strings = new Set<string>();
  has(key: string): boolean {
    return isCompactNumber(key) ? this.#numbers.has(Number(key)) : this.#strings.has(key);
  }
  add(key: string): void {
    if (isCompactNumber(key)) this.#numbers.add(Number(key));
    else this.#strings.add(Buffer.from(key, 'utf8').toString('utf8'));
  }
}
const isCompactNumber = (key: string) => key.length <= 15 && key[0] !== '0' && /^\d+$/.test(key);

/**
 * A set of positive integers below 2^53 (open addressing, linear probing, 0 = empty): the keys
 * live in one Float64Array that doubles when half full.
 */
export class NumberSet {
  #slots = new Float64Array(1 << 16);
  #size = 0;
  get size(): number {
    return this.#size;
  }
  has(n: number): boolean {
    const slots = this.#slots;
    const mask = slots.length - 1;
    for (let i = hashNumber(n) & mask; ; i = (i + 1) & mask) {
      const v = slots[i]!;
      if (v === n) return true;
      if (v === 0) return false;
    }
  }
  add(n: number): void {
    if (n <= 0 || !Number.isSafeInteger(n)) throw new RangeError(`NumberSet takes positive integers: ${n}`);
    if ((this.#size + 1) * 2 > this.#slots.length) this.#grow();
    if (insert(this.#slots, n)) this.#size++;
  }
  #grow() {
    const old = this.#slots;
    this.#slots = new Float64Array(old.length * 2);
    for (const v of old) if (v !== 0) insert(this.#slots, v);
  }
}

function insert(slots: Float64Array, n: number): boolean {
  const mask = slots.length - 1;
  for (let i = hashNumber(n) & mask; ; i = (i + 1) & mask) {
    const v = slots[i]!;
    if (v === n) return false;
    if (v === 0) {
      slots[i] = n;
      return true;
    }
  }
}

/** Mixes both 32-bit halves of the number (customer numbers share long prefixes and suffixes). */
function hashNumber(n: number): number {
  const lo = n >>> 0;
  const hi = Math.floor(n / 4294967296) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function validateCustomerRow(
  get: (c: CustomerColumn) => string,
  stations: ReadonlyMap<string, StationInfo>,
  seen: SeenKeys,
): { row: CleanCustomer; errors: [] } | { row: null; errors: RowError[] } {
  const errors: RowError[] = [];
  const customerNo = get('customer_no');
  if (!customerNo)
    errors.push({ column: 'customer_no', code: 'required', zh: '户号为空', en: 'customer_no is empty' });
  else if (customerNo.length > 40)
    errors.push({
      column: 'customer_no',
      code: 'too_long',
      zh: '户号超过40个字符',
      en: 'customer_no is longer than 40 characters',
    });
  else if (seen.has(customerNo)) {
    errors.push({
      column: 'customer_no',
      code: 'duplicate',
      zh: `户号 ${customerNo} 在文件中重复`,
      en: `customer_no ${customerNo} appears more than once in the file`,
    });
  }

  const customerType = parseEnum('customer_type', get('customer_type'));
  if (!customerType) errors.push(enumError('customer_type', '用户类型', get('customer_type')));
  const rawCert = get('cert_type');
  const certType = rawCert ? parseEnum('cert_type', rawCert) : 'other';
  if (!certType) errors.push(enumError('cert_type', '证件类型', rawCert));
  const rawStatus = get('status');
  const status = rawStatus ? parseEnum('status', rawStatus) : 'active';
  if (!status) errors.push(enumError('status', '状态', rawStatus));

  const rawVoltage = get('voltage_class');
  const voltageClass = rawVoltage ? parseEnum('voltage_class', rawVoltage) : '';
  if (voltageClass === undefined) errors.push(enumError('voltage_class', '电压等级', rawVoltage));
  const rawClosedOn = get('closed_on');
  const closedOn = parseDate(rawClosedOn);
  if (closedOn === undefined)
    errors.push({
      column: 'closed_on',
      code: 'bad_date',
      zh: `销户日期“${rawClosedOn}”无效，应为日期，如 2021-03-15`,
      en: `closed_on "${rawClosedOn}" is not a date such as 2021-03-15`,
    });

  const stationCode = get('station_code');
  if (!stationCode)
    errors.push({
      column: 'station_code',
      code: 'required',
      zh: '供电单位编码为空',
      en: 'station_code is empty',
    });
  else if (!stations.has(stationCode)) {
    errors.push({
      column: 'station_code',
      code: 'unknown_station',
      zh: `供电单位编码 ${stationCode} 不存在（须为供电所）`,
      en: `station_code ${stationCode} is not a known station`,
    });
  }
  for (const column of ['name', 'cert_no', 'mobile', 'landline', 'address'] as const) {
    if (get(column).length > MAX_LENGTH) {
      errors.push({
        column,
        code: 'too_long',
        zh: `内容超过${MAX_LENGTH}个字符`,
        en: `longer than ${MAX_LENGTH} characters`,
      });
    }
  }
  if (errors.length > 0) return { row: null, errors };
  seen.add(customerNo);
  return {
    row: {
      customer_no: customerNo,
      name: get('name'),
      customer_type: customerType as CustomerType,
      cert_type: certType as CertType,
      cert_no: get('cert_no'),
      mobile: get('mobile'),
      landline: get('landline'),
      address: get('address'),
      station_code: stationCode,
      status: status as CustomerStatus,
      voltage_class: voltageClass as VoltageClass,
      closed_on: closedOn!,
    },
    errors: [],
  };
}

/**
 * A calendar date as YYYY-MM-DD: '' for an empty cell, undefined for anything that is not a real
 * date (2021-02-30). The marketing system writes 2021-03-15, 2021/3/15 or 20210315.
 */
export function parseDate(raw: string): string | undefined {
  if (raw === '') return '';
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(raw) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d)
    return undefined;
  return `${m[1]}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function enumError(
  column: 'customer_type' | 'cert_type' | 'status' | 'voltage_class',
  zhName: string,
  raw: string,
): RowError {
  return {
    column,
    code: 'unknown_value',
    zh: raw
      ? `${zhName}“${raw}”无效，应为：${allowedValues(column)}`
      : `${zhName}为空，应为：${allowedValues(column)}`,
    en: raw
      ? `${column} "${raw}" is not one of: ${allowedValues(column)}`
      : `${column} is empty; expected one of: ${allowedValues(column)}`,
  };
}
