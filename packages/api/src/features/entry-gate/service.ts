// The entry gate (控制源头): new records are judged by the same compiled active rule set as the
// batch run, before they land in any system — the per-record rules and, from kept counts, the
// cross-record ones (cross-record.ts); each call is counted per station, channel and business type.
import { normalizeRecord, regionOfCounty, type CustomerRecord, type Field } from '@qingyuan/rules';
import { monotonicMs } from '../../clock.ts';
import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../auth/principal.ts';
import { chinaToday, getActiveRuleSet } from '../rule-sets/active.ts';
import type { GateCounter } from './counter.ts';
import { crossRecordAtGate } from './cross-record.ts';
import { findStations } from './queries.ts';
import {
  toBusinessType,
  type GateBody,
  type GateRecord,
  type GateResponse,
  type GateResult,
} from '@qingyuan/contract/entry-gate';

interface Station {
  countyDivision: string | null;
  cityCode: string | null;
}

const STATIONS_TTL_MS = 60_000;
// a cache lifetime on the monotonic timer: never a date, never a decision about the data
const stationCaches = new WeakMap<object, { at: number; stations: Map<string, Station> }>();

async function stationsOf(db: Db): Promise<Map<string, Station>> {
  const cached = stationCaches.get(db.kysely);
  if (cached && monotonicMs() - cached.at < STATIONS_TTL_MS) return cached.stations;
  const rows = await findStations(db.kysely);
  const stations = new Map(
    rows.map((r) => [r.code, { countyDivision: r.division_code, cityCode: r.city_code }]),
  );
  stationCaches.set(db.kysely, { at: monotonicMs(), stations });
  return stations;
}

const WIRE: Record<Field | 'customer_no', keyof GateRecord> = {
  customer_no: 'customerNo',
  name: 'name',
  customer_type: 'customerType',
  cert_type: 'certType',
  cert_no: 'certNo',
  mobile: 'mobile',
  landline: 'landline',
  address: 'address',
};

function toRecord(r: GateRecord, station: Station | undefined): CustomerRecord {
  return {
    customer_no: r.customerNo,
    name: r.name,
    customer_type: r.customerType,
    cert_type: r.certType,
    cert_no: r.certNo,
    mobile: r.mobile,
    landline: r.landline,
    address: r.address,
    region: regionOfCounty(station?.countyDivision),
  };
}

export async function checkAtGate(
  db: Db,
  viewer: Principal,
  body: GateBody,
  now: Date,
  counter: GateCounter,
): Promise<GateResponse> {
  const rules = await getActiveRuleSet(db, now);
  const stations = await stationsOf(db);
  const records: GateRecord[] = body.records ?? [body];
  // a token that names its channel or city decides them: a body cannot count its calls elsewhere
  // or check another city's customers
  const channel = viewer.channel ?? body.channel ?? viewer.username;
  const city = viewer.kind === 'token' ? viewer.region.cityCode : undefined;
  if (city) {
    const foreign = [
      ...new Set(records.map((r) => r.stationCode).filter((s) => stations.get(s)?.cityCode !== city)),
    ];
    if (foreign.length > 0)
      throw new AppError(
        'forbidden',
        `此令牌只能校验本地市供电所的记录：${foreign.join('、')} 不属于 ${city} / This token may only check its city's stations: ${foreign.join(', ')} are outside ${city}`,
      );
  }
  const day = chinaToday(now);
  const types = records.map((r, index) => {
    if (r.businessType === undefined || r.businessType === '') return '';
    const type = toBusinessType(r.businessType);
    if (!type)
      throw new AppError(
        'validation_failed',
        `第 ${index + 1} 条记录的业务类型须为 新装、增容 或 变更 / Record ${index + 1}: businessType must be new_connection (新装), capacity_change (增容) or change_of_details (变更)`,
      );
    return type;
  });
  let withError = 0;
  const checked = records.map((r) => toRecord(r, stations.get(r.stationCode)));
  const cross = await crossRecordAtGate(db, rules, checked);
  const results = records.map((r, index): GateResult => {
    const station = stations.get(r.stationCode);
    const record = checked[index]!;
    const findings = [...rules.check(record), ...cross[index]!];
    const hasError = findings.some((f) => f.severity === 'error');
    if (hasError) withError++;
    counter.add(day, station ? r.stationCode : '', channel, types[index]!, 1, hasError ? 1 : 0);
    const suggested: Record<string, string> = {};
    const normal = normalizeRecord(record);
    for (const [field, wire] of Object.entries(WIRE) as [Field, keyof GateRecord][]) {
      const v = normal[field];
      if (typeof v === 'string' && v !== r[wire]) suggested[wire] = v;
    }
    for (const f of findings) if (f.suggested !== undefined) suggested[WIRE[f.field]] = f.suggested;
    return { index, customerNo: r.customerNo, hasError, findings, suggested };
  });
  return { ruleSetVersion: rules.version, records: records.length, recordsWithError: withError, results };
}
