// Cross-record checks at the gate (控制源头): a new record whose mobile would make it one of at
// least N holders, or whose ID number is held under another name, gets the finding
// at entry, as the batch run would give it. Read through the key indexes on customers (the
// members of one mobile or one ID: index scans), never from a scan of customers. The keys are the
// library's, which the batch SQL mirrors (qy_*_key).
import {
  mobileKey,
  normalizeIdNumber,
  normalizeName,
  type CompiledRuleSet,
  type CustomerRecord,
  type Finding,
} from '@qingyuan/rules';
import type { Db } from '../../db.ts';
import { findCrossRecordCounts, GATE_HOLDERS_READ } from './queries.ts';

interface Keys {
  mobile: string | undefined;
  holder: string;
  cert: string | undefined;
  name: string;
}

const keysOf = (r: CustomerRecord): Keys => {
  const cert = normalizeIdNumber(r.cert_no ?? '') || undefined;
  return {
    mobile: mobileKey(r.mobile ?? ''),
    holder: cert ?? `#${r.customer_no}`,
    cert,
    name: normalizeName(r.name ?? ''),
  };
};

/** The cross-record findings of each record, in order. */
export async function crossRecordAtGate(
  db: Db,
  rules: CompiledRuleSet,
  records: readonly CustomerRecord[],
): Promise<Finding[][]> {
  const { sharedMobile, certNameConflict } = rules.crossRecord;
  const keys = records.map(keysOf);
  const { holders, names } = await findCrossRecordCounts(
    db,
    sharedMobile.enabled
      ? keys.flatMap((k) => (k.mobile ? [{ mobile: k.mobile, holder: k.holder }] : []))
      : [],
    certNameConflict.enabled ? keys.flatMap((k) => (k.cert ? [k.cert] : [])) : [],
    // enough to tell an error from a warning
    Math.max(GATE_HOLDERS_READ, sharedMobile.errorHolders),
  );
  return keys.map((k) => {
    const out: Finding[] = [];
    const m = k.mobile ? holders.get(`${k.mobile}\u0000${k.holder}`) : undefined;
    // the holders it would have with this record: the others, and this one
    const n = m ? m.holders - (m.isOwn ? 1 : 0) + 1 : 1;
    // more customers than the gate reads: "at least" that many holders
    const atLeast = m?.capped ? { zh: '至少', en: 'at least ' } : { zh: '', en: '' };
    if (n >= sharedMobile.minHolders)
      out.push({
        ruleId: 'X-01',
        ruleVersion: rules.version,
        field: 'mobile',
        code: 'cross.shared_mobile',
        severity: n >= sharedMobile.errorHolders ? 'error' : 'warning',
        message: {
          zh: `手机号被${atLeast.zh}${n}个不同客户共用`,
          en: `mobile shared by ${atLeast.en}${n} different holders`,
        },
      });
    const others = k.cert ? (names.get(k.cert) ?? []).filter((name) => name !== k.name) : [];
    if (others.length > 0)
      out.push({
        ruleId: 'X-02',
        ruleVersion: rules.version,
        field: 'cert_no',
        code: 'cross.cert_name_conflict',
        severity: 'error',
        message: {
          zh: `证件号码已登记在其他户名下（${others.length}个）`,
          en: `ID number already registered under ${others.length} other name(s)`,
        },
      });
    return out;
  });
}
