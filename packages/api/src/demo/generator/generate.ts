// The demo-province generator: a seeded stream of customers, station by station, with defects
// injected at a given rate and labelled as ground truth. Memory stays O(1) in the number of
// customers: cross-customer defects (shared mobiles, duplicates, shared IDs) use small bounded state.
import { addLabel, cleanCustomer, createContext, type Draft, type GenContext } from './clean.ts';
import {
  applyDefect,
  areCompatible,
  ORGANISATION_KINDS,
  RESIDENTIAL_KINDS,
  type DefectKind,
} from './defects.ts';
import { DEFAULT_PROVINCE } from './gazetteer.ts';
import { otherSurnameSameGiven } from './names.ts';
import { stationPlans, stationQuotas, type StationPlan } from './org.ts';
import type { CustomerRow, GeneratedCustomer, GenOptions, OrgUnitRow } from './types.ts';

export type {
  CustomerRow,
  DefectField,
  DefectLabel,
  GeneratedCustomer,
  GenOptions,
  OrgUnitRow,
} from './types.ts';
export { generateOrgUnits } from './org.ts';

const NON_RESIDENTIAL_SHARE = 0.08;
/** Non-residential records are kept worse than residential ones (twice the defect rate). */
const ORG_DEFECT_FACTOR = 2;
/** Share of defective customers that take the open shared-mobile group's number instead. */
const GROUP_JOIN = 0.05;
const SECOND_DEFECT = 0.12;
const FAMILY_SHARE = 0.04;
const RING = 16;

interface Recent {
  name: string;
  address: string;
  cert_no: string;
}

/** The small state that lives across customers. */
interface StreamState {
  /** Recent clean residential customers of this station: sources of duplicates. */
  recent: Recent[];
  /** Recent clean mobiles of this station and how many customers hold each (a family shares ≤ 3). */
  family: { mobile: string; holders: number }[];
  /** The open group of unrelated customers sharing one number (an electrician's, a hall's). */
  group?: { mobile: string; missing: number };
  /** A cert just used, to be reused under another name by the next customer. */
  share?: { cert_no: string; name: string; type: CustomerRow['customer_type'] };
}

function pushRing<T>(ring: T[], item: T): void {
  ring.push(item);
  if (ring.length > RING) ring.shift();
}

/** Chance that a customer is drawn defective, corrected for kinds that spoil two customers per draw. */
function drawRates(rate: number): { residential: number; organisation: number } {
  const pairShare = (kinds: typeof RESIDENTIAL_KINDS, pick: (d: DefectKind) => number): number => {
    const total = kinds.items.reduce((s, d) => s + pick(d), 0);
    return kinds.items.filter((d) => d.kind === 'cert_shared_names').reduce((s, d) => s + pick(d), 0) / total;
  };
  const org = Math.min(
    1,
    (rate * ORG_DEFECT_FACTOR) / (1 + pairShare(ORGANISATION_KINDS, (d) => d.organisation)),
  );
  const orgShare = NON_RESIDENTIAL_SHARE * org * (1 + pairShare(ORGANISATION_KINDS, (d) => d.organisation));
  const res = Math.max(0, (rate - orgShare) / (1 - NON_RESIDENTIAL_SHARE));
  return {
    residential: Math.min(1, res / (1 + pairShare(RESIDENTIAL_KINDS, (d) => d.residential))),
    organisation: org,
  };
}

function joinGroup(draft: Draft, state: StreamState): void {
  const group = state.group;
  if (!group) return;
  draft.row.mobile = group.mobile;
  addLabel(draft, 'mobile', 'shared_mobile');
  group.missing--;
  if (group.missing <= 0) state.group = undefined;
}

/** Applies a stateful kind; false when it cannot apply here (then another kind is drawn). */
function applyStateful(
  draft: Draft,
  defect: DefectKind,
  state: StreamState,
  ctx: GenContext,
  left: number,
): boolean {
  const { row } = draft;
  if (defect.kind === 'duplicate_customer') {
    const source = state.recent.pop();
    if (!source) return false;
    row.name = source.name;
    row.address = source.address;
    row.cert_no = source.cert_no;
    addLabel(draft, 'name', 'duplicate_customer');
    return true;
  }
  if (defect.kind === 'shared_mobile') {
    if (!state.group) {
      if (left < 10) return false;
      const size = Math.min(left, 10 + Math.floor(290 * ctx.rng.next() ** 3));
      state.group = { mobile: ctx.mobiles.next(ctx.rng), missing: size };
    }
    joinGroup(draft, state);
    return true;
  }
  if (defect.kind === 'cert_shared_names') {
    if (left < 2 || (state.group && left - 1 <= state.group.missing)) return false;
    state.share = { cert_no: row.cert_no, name: row.name, type: row.customer_type };
    addLabel(draft, 'cert_no', 'cert_shared_names');
    return true;
  }
  throw new Error(`unknown stateful defect ${defect.kind}`);
}

function injectDefects(draft: Draft, state: StreamState, ctx: GenContext, left: number): void {
  const { rng } = ctx;
  const table = draft.row.customer_type === 'residential' ? RESIDENTIAL_KINDS : ORGANISATION_KINDS;
  for (;;) {
    const first = table.draw(rng);
    if (first.isStateful) {
      if (applyStateful(draft, first, state, ctx, left)) return;
      continue;
    }
    applyDefect(draft, first, ctx);
    if (rng.chance(SECOND_DEFECT)) {
      for (let tries = 0; tries < 20; tries++) {
        const second = table.draw(rng);
        if (!areCompatible(first, second)) continue;
        applyDefect(draft, second, ctx);
        break;
      }
    }
    return;
  }
}

/** A clean customer that may share a recent family member's mobile, remembered for later reuse. */
function keepClean(draft: Draft, state: StreamState, ctx: GenContext): void {
  const { row } = draft;
  if (row.customer_type !== 'residential') return;
  const family = state.family.find((f) => f.holders < 3);
  if (family && ctx.rng.chance(FAMILY_SHARE)) {
    row.mobile = family.mobile;
    family.holders++;
  } else {
    pushRing(state.family, { mobile: row.mobile, holders: 1 });
  }
  pushRing(state.recent, { name: row.name, address: row.address, cert_no: row.cert_no });
}

function nextCustomer(
  station: StationPlan,
  customerNo: string,
  left: number,
  state: StreamState,
  ctx: GenContext,
  rates: ReturnType<typeof drawRates>,
): Draft {
  const { rng } = ctx;
  const share = state.share;
  if (share) {
    // The second holder of a shared cert: same type, same number, another name.
    state.share = undefined;
    const draft = cleanCustomer(ctx, station, customerNo, share.type);
    draft.row.cert_no = share.cert_no;
    if (share.type === 'residential') draft.row.name = otherSurnameSameGiven(share.name, rng);
    else if (draft.row.name === share.name) draft.row.name = `${station.city.province.stem}${share.name}`;
    addLabel(draft, 'cert_no', 'cert_shared_names');
    return draft;
  }
  const type = rng.chance(NON_RESIDENTIAL_SHARE) ? 'non_residential' : 'residential';
  const draft = cleanCustomer(ctx, station, customerNo, type);
  if (state.group && left <= state.group.missing) {
    joinGroup(draft, state);
    return draft;
  }
  if (!rng.chance(type === 'residential' ? rates.residential : rates.organisation)) {
    keepClean(draft, state, ctx);
    return draft;
  }
  if (state.group && rng.chance(GROUP_JOIN)) joinGroup(draft, state);
  else injectDefects(draft, state, ctx, left);
  return draft;
}

/** Stations of `orgs`, matched to their plans (towns served), in the order given. */
function stationsOf(orgs: readonly OrgUnitRow[], province: string): StationPlan[] {
  const plans = new Map(stationPlans(province).map((p) => [p.code, p]));
  return orgs
    .filter((o) => o.level === 'station')
    .map((o) => {
      const plan = plans.get(o.code);
      if (!plan) throw new Error(`station ${o.code} is not one of generateOrgUnits('${province}')`);
      return plan;
    });
}

/**
 * Streams `opts.customers` customers over the stations of `orgs` (from
 * generateOrgUnits(opts.province)), with ground-truth defect labels. The same seed gives the same stream.
 */
export function* generateCustomers(opts: GenOptions, orgs: OrgUnitRow[]): Generator<GeneratedCustomer> {
  const total = opts.customers;
  const rate = opts.defectRate ?? 0.1;
  if (!Number.isInteger(total) || total < 0 || total >= 1e9)
    throw new RangeError('customers must be an integer in [0, 1e9)');
  if (!(rate >= 0 && rate <= 1)) throw new RangeError('defectRate must be in [0, 1]');
  const province = opts.province ?? DEFAULT_PROVINCE;
  const stations = stationsOf(orgs, province);
  const quotas = stationQuotas(stations, total);
  const ctx = createContext(opts.seed, province);
  const rates = drawRates(rate);
  const state: StreamState = { recent: [], family: [] };
  let index = 0;
  for (const [s, station] of stations.entries()) {
    state.recent.length = 0;
    state.family.length = 0;
    const quota = quotas[s] ?? 0;
    for (let j = 0; j < quota; j++) {
      const customerNo = `${station.city.code}${String(index + 1).padStart(9, '0')}`;
      const draft = nextCustomer(station, customerNo, total - index, state, ctx, rates);
      index++;
      yield { customer: draft.row, defects: draft.labels };
    }
  }
}
