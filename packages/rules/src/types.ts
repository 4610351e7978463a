// Shared shapes of the rules engine. Every check kind is a small pure function over one value;
// rule documents (JSON, stored in the database) name a check kind and its parameters.

/** Customer fields a finding can be about; the loader's column names. */
export type Field = 'name' | 'mobile' | 'landline' | 'address' | 'cert_no' | 'cert_type' | 'customer_type';

export type Severity = 'error' | 'warning' | 'info';

/** One record as the engine sees it: the loader's columns plus where the customer belongs. */
export interface CustomerRecord {
  customer_no: string;
  name: string;
  customer_type: 'residential' | 'non_residential' | string;
  cert_type: 'resident_id' | 'uscc' | 'other' | string;
  cert_no: string;
  mobile: string;
  landline: string;
  address: string;
  /** GB/T 2260 codes of the customer's station's county (6 digits) and its city (4) and province (2). */
  region?: { provinceCode?: string; cityCode?: string; countyCode?: string };
}

/** What a check returns when a value is wrong: a stable code, message parameters, and a fix when certain. */
export interface Issue {
  /** Stable machine code, e.g. 'mobile.placeholder'. */
  code: string;
  /** Values for the rule's message template, e.g. {segment: '140'} for '号段{segment}未分配'. */
  params?: Record<string, string | number>;
  /** The corrected value, only when the fix is certain (normalisation). */
  suggested?: string;
  /** A check may lower or raise the rule's severity for this issue (e.g. INFO for an MVNO segment). */
  severity?: Severity;
}

/** Context a check gets besides the value: the whole record (for cross-field checks). */
export interface CheckContext {
  record: CustomerRecord;
  /** The field the rule is about (set by the compiled rule set; one check kind may serve several fields). */
  field?: Field;
  /** The value before normalisation (the check itself gets the normalised value). */
  raw?: string;
  /** Today's date as YYYY-MM-DD, passed in by the caller: checks never read the clock. */
  today?: string | undefined;
  /** Every field of the record, normalised once by the compiled rule set: read other fields from here
   * instead of normalising them again (absent when a check is called on its own). */
  normalized?: Readonly<Record<Field, string>>;
}

/** A registered check kind: zod-validated params, then a pure function per value. */
export type CheckFn<P> = (value: string, params: P, ctx: CheckContext) => Issue | undefined;

/** Every finding has this one shape. */
/** A message in both languages the platform speaks (zh-CN first). */
export interface LocalizedText {
  zh: string;
  en: string;
}

export interface Finding {
  ruleId: string;
  ruleVersion: number;
  field: Field;
  code: string;
  severity: Severity;
  message: { zh: string; en: string };
  suggested?: string;
}
