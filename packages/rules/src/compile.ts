// Rule-set documents → one fast function per record. Everything that can be decided once (params
// parsed and transformed, regexes compiled, templates split, filters turned into sets) is done
// here; a bad document is refused with every problem listed, bad *data* never throws.
import './checks/index.ts';
import { asText, normalizeAddress, normalizeIdNumber, normalizeName, normalizeText } from './normalize.ts';
import { getCheck, type RegisteredCheck } from './registry.ts';
import { RuleSetSchema, type CrossRecordSettings, type Rule, type RuleSet } from './rule-document.ts';
import { label, type LabelGroup } from '@qingyuan/contract/labels';
import { compileTemplate, renderTemplate, type Template } from './template.ts';
import type {
  CheckContext,
  CustomerRecord,
  Field,
  Finding,
  Issue,
  LocalizedText,
  Severity,
} from './types.ts';

/** One problem in a rule-set document: where it is and what is wrong. */
export interface RuleSetProblem {
  ruleId?: string;
  /** Path inside the document, e.g. 'rules.3.params.pattern'. */
  path: string;
  message: string;
}

/** Thrown by `compileRuleSet` when the document cannot be used; lists every problem at once. */
export class RuleSetError extends Error {
  readonly problems: readonly RuleSetProblem[];
  constructor(problems: RuleSetProblem[]) {
    const lines = problems.map((p) => `  ${p.path}${p.ruleId ? ` (${p.ruleId})` : ''}: ${p.message}`);
    super(`rule set refused, ${problems.length} problem(s):\n${lines.join('\n')}`);
    this.name = 'RuleSetError';
    this.problems = problems;
  }
}

export interface CompileOptions {
  /** Today's date (YYYY-MM-DD) for date checks; the engine never reads the clock. */
  today?: string;
}

/** A compiled rule set: check one record at a time. */
export interface CompiledRuleSet {
  readonly version: number;
  /** The enabled rules, in document order. */
  readonly ruleIds: readonly string[];
  /** The cross-record thresholds (X-01…03), defaults filled in: the batch run and the entry gate read them. */
  readonly crossRecord: CrossRecordSettings;
  check(record: CustomerRecord): Finding[];
}

interface CompiledMessage {
  zh: Template;
  en: Template;
}

interface CompiledRule {
  id: string;
  field: Field;
  check: RegisteredCheck;
  /** The check function, read once (a property load less per rule and record). */
  fn: RegisteredCheck['fn'];
  params: unknown;
  paramVars: Record<string, string | number>;
  severity: Severity;
  message: CompiledMessage;
  customerTypes?: ReadonlySet<string>;
  certTypes?: ReadonlySet<string>;
  regions?: readonly string[];
  overrides?: Readonly<Record<string, { severity?: Severity; enabled?: boolean; message?: CompiledMessage }>>;
  skipEmpty: boolean;
}

const compileMessage = (m: LocalizedText): CompiledMessage => ({
  zh: compileTemplate(m.zh),
  en: compileTemplate(m.en),
});
const pathOf = (path: readonly PropertyKey[]) => path.map(String).join('.');

function compileRule(rule: Rule, index: number, problems: RuleSetProblem[]): CompiledRule | undefined {
  const at = `rules.${index}`;
  const check = getCheck(rule.kind);
  if (!check) {
    problems.push({ ruleId: rule.id, path: `${at}.kind`, message: `unknown check kind "${rule.kind}"` });
    return undefined;
  }
  if (check.fields && !check.fields.includes(rule.field)) {
    const allowed = check.fields.join(', ');
    problems.push({
      ruleId: rule.id,
      path: `${at}.field`,
      message: `kind "${rule.kind}" applies to ${allowed}, not ${rule.field}`,
    });
  }
  const parsed = check.params.safeParse(rule.params);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = [`${at}.params`, ...issue.path.map(String)].join('.');
      problems.push({ ruleId: rule.id, path, message: issue.message });
    }
  }
  for (const code of Object.keys(rule.overrides ?? {})) {
    if (check.messages && !(code in check.messages)) {
      problems.push({
        ruleId: rule.id,
        path: `${at}.overrides.${code}`,
        message: `kind "${rule.kind}" has no issue code "${code}"`,
      });
    }
  }
  if (!parsed.success) return undefined;
  const paramVars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(rule.params))
    if (typeof v === 'string' || typeof v === 'number') paramVars[k] = v;
  const overrides = rule.overrides
    ? Object.fromEntries(
        Object.entries(rule.overrides).map(([code, o]) => {
          const compiled: { severity?: Severity; enabled?: boolean; message?: CompiledMessage } = {};
          if (o.severity) compiled.severity = o.severity;
          if (o.enabled !== undefined) compiled.enabled = o.enabled;
          if (o.message) compiled.message = compileMessage(o.message);
          return [code, compiled];
        }),
      )
    : undefined;
  const compiled: CompiledRule = {
    id: rule.id,
    field: rule.field,
    check,
    fn: check.fn,
    params: parsed.data,
    paramVars,
    severity: rule.severity,
    message: compileMessage(rule.message),
    skipEmpty: check.skipEmpty ?? true,
  };
  if (rule.appliesTo.customerTypes) compiled.customerTypes = new Set(rule.appliesTo.customerTypes);
  if (rule.appliesTo.certTypes) compiled.certTypes = new Set(rule.appliesTo.certTypes);
  if (rule.appliesTo.regions) compiled.regions = rule.appliesTo.regions;
  if (overrides) compiled.overrides = overrides;
  return compiled;
}

function validateDocument(doc: unknown): RuleSet {
  const parsed = RuleSetSchema.safeParse(doc);
  if (parsed.success) return parsed.data;
  throw new RuleSetError(
    parsed.error.issues.map((i) => ({ path: pathOf(i.path) || '(document)', message: i.message })),
  );
}

// Per issue code, the kind's default text compiled once.
const detailCache = new Map<string, CompiledMessage | null>();
function detailOf(check: RegisteredCheck, code: string): CompiledMessage | null {
  const key = `${check.kind}\u0000${code}`;
  let d = detailCache.get(key);
  if (d === undefined) {
    const m = check.messages?.[code];
    d = m ? compileMessage(m) : null;
    detailCache.set(key, d);
  }
  return d;
}

// Issue parameters that carry a code (resident_id, known…): a message shows its label, never the code.
const CODED_PARAMS: Readonly<Record<string, LabelGroup>> = {
  certKind: 'certType',
  certType: 'certType',
  customerType: 'customerType',
  reason: 'placeholderReason',
};

const CODED_ENTRIES = Object.entries(CODED_PARAMS); // once: per finding it was an array a call

function inLanguage(vars: Record<string, string | number>, lang: 'zh-CN' | 'en') {
  const out = { ...vars };
  for (const [key, group] of CODED_ENTRIES) {
    const v = out[key];
    if (typeof v === 'string') out[key] = label(group, v, lang);
  }
  return out;
}

function toFinding(rule: CompiledRule, issue: Issue, version: number): Finding | undefined {
  const override = rule.overrides?.[issue.code];
  if (override?.enabled === false) return undefined;
  const severity = override?.severity ?? issue.severity ?? rule.severity;
  const vars: Record<string, string | number> = {
    ...rule.paramVars,
    ...issue.params,
    field: rule.field,
    code: issue.code,
  };
  if (issue.suggested !== undefined) vars.suggested = issue.suggested;
  let message: LocalizedText;
  const zh = inLanguage(vars, 'zh-CN');
  const en = inLanguage(vars, 'en');
  if (override?.message) {
    message = {
      zh: renderTemplate(override.message.zh, zh),
      en: renderTemplate(override.message.en, en),
    };
  } else {
    const detail = detailOf(rule.check, issue.code);
    const zhVars = detail ? { ...zh, detail: renderTemplate(detail.zh, zh) } : { detail: issue.code, ...zh };
    const enVars = detail ? { ...en, detail: renderTemplate(detail.en, en) } : { detail: issue.code, ...en };
    message = { zh: renderTemplate(rule.message.zh, zhVars), en: renderTemplate(rule.message.en, enVars) };
  }
  const finding: Finding = {
    ruleId: rule.id,
    ruleVersion: version,
    field: rule.field,
    code: issue.code,
    severity,
    message,
  };
  if (issue.suggested !== undefined) finding.suggested = issue.suggested;
  return finding;
}

const TEXT_FIELDS = [
  'customer_no',
  'name',
  'customer_type',
  'cert_type',
  'cert_no',
  'mobile',
  'landline',
  'address',
] as const;

// Checks may treat every column as a string: a number from a spreadsheet or a null is turned into
// text here, once, instead of in every check (bad data never throws).
function asTextRecord(record: CustomerRecord): CustomerRecord {
  for (const f of TEXT_FIELDS) {
    if (typeof record[f] !== 'string') {
      const copy: CustomerRecord = { ...record };
      for (const g of TEXT_FIELDS) copy[g] = asText(record[g]);
      return copy;
    }
  }
  return record;
}

/** Every field the rules can name, normalised once per record (one object of one fixed shape). */
function normalizedFields(r: CustomerRecord): Record<Field, string> {
  return {
    name: normalizeName(r.name),
    customer_type: normalizeText(r.customer_type),
    cert_type: normalizeText(r.cert_type),
    cert_no: normalizeIdNumber(r.cert_no),
    mobile: normalizeText(r.mobile),
    landline: normalizeText(r.landline),
    address: normalizeAddress(r.address),
  };
}

function regionKey(record: CustomerRecord): string {
  const r = record.region;
  return r?.countyCode ?? r?.cityCode ?? r?.provinceCode ?? '';
}

function applies(rule: CompiledRule, customerType: string, certType: string, region: string): boolean {
  if (rule.customerTypes && !rule.customerTypes.has(customerType)) return false;
  if (rule.certTypes && !rule.certTypes.has(certType)) return false;
  if (rule.regions && !rule.regions.some((p) => region.startsWith(p))) return false;
  return true;
}

/**
 * Compiles a rule-set document (validated here) into one function per record; throws `RuleSetError`
 * listing every problem (unknown kind, bad params, unsafe regex, duplicate ids…).
 * @example const rules = compileRuleSet(defaultRuleSet, { today: '2026-11-27' }); rules.check(record) // Finding[]
 */
export function compileRuleSet(doc: unknown, opts: CompileOptions = {}): CompiledRuleSet {
  const ruleSet = validateDocument(doc);
  const problems: RuleSetProblem[] = [];
  if (opts.today !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.today)) {
    problems.push({ path: '(options).today', message: 'today must be YYYY-MM-DD' });
  }
  const seen = new Set<string>();
  const rules: CompiledRule[] = [];
  ruleSet.rules.forEach((rule, i) => {
    if (seen.has(rule.id))
      problems.push({ ruleId: rule.id, path: `rules.${i}.id`, message: `duplicate rule id "${rule.id}"` });
    seen.add(rule.id);
    const compiled = compileRule(rule, i, problems);
    if (compiled && rule.enabled) rules.push(compiled);
  });
  const shared = ruleSet.crossRecord.sharedMobile;
  if (shared.errorHolders < shared.minHolders)
    problems.push({
      path: 'crossRecord.sharedMobile.errorHolders',
      message: `errorHolders (${shared.errorHolders}) must be at least minHolders (${shared.minHolders})`,
    });
  if (problems.length > 0) throw new RuleSetError(problems);

  const version = ruleSet.version;
  const today = opts.today;
  const hasRegionFilter = rules.some((r) => r.regions !== undefined);
  return {
    version,
    ruleIds: rules.map((r) => r.id),
    crossRecord: ruleSet.crossRecord,
    check(input: CustomerRecord): Finding[] {
      const record = asTextRecord(input);
      const findings: Finding[] = [];
      // Normalisation once per field, not once per rule; checks read the other fields from here too.
      const values = normalizedFields(record);
      const region = hasRegionFilter ? regionKey(record) : '';
      const ctx: CheckContext = { record, field: 'name', raw: '', today, normalized: values };
      for (const rule of rules) {
        if (
          (rule.customerTypes || rule.certTypes || rule.regions) &&
          !applies(rule, values.customer_type, values.cert_type, region)
        )
          continue;
        const value = values[rule.field];
        if (rule.skipEmpty && value === '') continue;
        ctx.field = rule.field;
        ctx.raw = record[rule.field];
        const issue = rule.fn(value, rule.params, ctx);
        if (!issue) continue;
        const finding = toFinding(rule, issue, version);
        if (finding) findings.push(finding);
      }
      return findings;
    },
  };
}
