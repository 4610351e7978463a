// One clean customer at a place: every field passes the catalogue's rules on its own.
import { address, type Place } from './addresses.ts';
import { enterprise } from './enterprises.ts';
import { DEFAULT_PROVINCE, demoCities, type City } from './gazetteer.ts';
import { CertIssuer } from './ids.ts';
import { personName, type NameMix } from './names.ts';
import type { StationPlan } from './org.ts';
import { exchangeOf, LandlineIssuer, MobileIssuer } from './phones.ts';
import { Rng, Weighted } from './rng.ts';
import type { CustomerRow, DefectField, DefectLabel } from './types.ts';

/** Everything a value maker needs: the one random stream and the number issuers. */
export interface GenContext {
  rng: Rng;
  certs: CertIssuer;
  mobiles: MobileIssuer;
  landlines: LandlineIssuer;
  cities: readonly City[];
}

export function createContext(seed: number, province: string = DEFAULT_PROVINCE): GenContext {
  return {
    rng: new Rng(seed),
    certs: new CertIssuer(seed),
    mobiles: new MobileIssuer(seed ^ 0x5bd1e995),
    landlines: new LandlineIssuer(seed ^ 0x27d4eb2f),
    cities: demoCities(province),
  };
}

/** A customer being built, with the labels of the defects put into it so far. */
export interface Draft {
  row: CustomerRow;
  place: Place;
  labels: DefectLabel[];
}

export function addLabel(draft: Draft, field: DefectField, kind: string, detectable = true): void {
  draft.labels.push({ customer_no: draft.row.customer_no, field, kind, detectable });
}

/** Cached per station: a town draw weighted by village count (subdistricts count three times). */
const townTables = new WeakMap<StationPlan, Weighted<StationPlan['towns'][number]>>();

export function placeIn(station: StationPlan, rng: Rng): Place {
  let table = townTables.get(station);
  if (!table) {
    table = new Weighted(
      station.towns,
      station.towns.map((t) => t.villages.length * (t.isSubdistrict ? 3 : 1)),
    );
    townTables.set(station, table);
  }
  const town = table.draw(rng);
  return { county: station.county, town, village: rng.pick(town.villages) };
}

/** Pu'er (Dai, Lahu, Wa) and Lijiang (Naxi, Yi, Tibetan) get more names outside the surname table. */
function minorityBias(cityCode: string): number {
  return cityCode === '5308' ? 4 : cityCode === '5307' ? 2 : 1;
}

/** Rough shares of Uyghur and Kazakh names per Xinjiang prefecture (southern Xinjiang most). */
const XINJIANG_DOT: Readonly<Record<string, number>> = {
  '6501': 0.2,
  '6502': 0.1,
  '6504': 0.7,
  '6505': 0.3,
  '6523': 0.1,
  '6527': 0.3,
  '6528': 0.35,
  '6529': 0.75,
  '6530': 0.9,
  '6531': 0.9,
  '6532': 0.95,
  '6540': 0.45,
  '6542': 0.35,
  '6543': 0.5,
};

/** Yunnan keeps its bias (and so its stream); elsewhere the province's own mix. */
function nameMix(cityCode: string): number | NameMix {
  const province = cityCode.slice(0, 2);
  if (province === DEFAULT_PROVINCE) return minorityBias(cityCode);
  if (province === '65') return { dot: XINJIANG_DOT[cityCode] ?? 0.3, tibetan: 0 };
  if (province === '54') return { dot: 0, tibetan: 0.85 };
  if (province === '63') return { dot: 0, tibetan: 0.25 };
  return { dot: 0.0015, tibetan: 0.002 };
}

export function cleanCustomer(
  ctx: GenContext,
  station: StationPlan,
  customerNo: string,
  type: CustomerRow['customer_type'],
): Draft {
  const { rng } = ctx;
  const place = placeIn(station, rng);
  const county = station.county.code;
  let name: string;
  let cert: string;
  if (type === 'residential') {
    name = personName(rng, nameMix(station.city.code));
    cert = ctx.certs.residentId(county);
  } else {
    const org = enterprise(place, rng);
    name = org.name;
    cert = ctx.certs.uscc(county, org.usccKind);
  }
  const hasLandline = rng.chance(type === 'residential' ? 0.27 : 0.65);
  return {
    place,
    labels: [],
    row: {
      customer_no: customerNo,
      name,
      customer_type: type,
      cert_type: type === 'residential' ? 'resident_id' : 'uscc',
      cert_no: cert,
      mobile: ctx.mobiles.next(rng),
      landline: hasLandline ? ctx.landlines.next(exchangeOf(station.county)) : '',
      address: address(place, rng),
      station_code: station.code,
      ...lifecycle(customerNo, type, rng.chance(0.02)),
    },
  };
}

/**
 * Voltage class and closing date, drawn from a hash of the customer number rather than the
 * generator's stream: every other value of a seed stays what it was before these fields existed.
 * About a fifth of non-residential customers are high voltage; closing dates spread over the ten
 * years before 2026-11, so the demo has closed customers both within and past retention.
 */
function lifecycle(
  customerNo: string,
  type: CustomerRow['customer_type'],
  isClosed: boolean,
): Pick<CustomerRow, 'status' | 'voltage_class' | 'closed_on'> {
  let h = 2166136261;
  for (let i = 0; i < customerNo.length; i++) h = Math.imul(h ^ customerNo.charCodeAt(i), 16777619) >>> 0;
  const voltage_class = type === 'non_residential' && h % 5 === 0 ? 'high' : 'low';
  if (!isClosed) return { status: 'active', voltage_class, closed_on: '' };
  const day = new Date(Date.UTC(2016, 10, 1) + ((h >>> 3) % 3652) * 86_400_000);
  return { status: 'closed', voltage_class, closed_on: day.toISOString().slice(0, 10) };
}
