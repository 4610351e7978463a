// The defect catalogue of the generator: each kind names its field, how often it is injected into
// residential and non-residential customers, and how it spoils a clean value. Every kind is a
// real defect by the rule catalogue (cn-validation-rules.md), and only the labelled field changes.
import { badAddress } from './addresses.ts';
import { addLabel, type Draft, type GenContext } from './clean.ts';
import { badEnterpriseName } from './enterprises.ts';
import { withBadIdCheck, withBadUsccCheck, withImpossibleBirthDate } from './ids.ts';
import { badPersonName, nameFormatNoise, personName } from './names.ts';
import { badLandline, badMobile, exchangeOf, mobileFormatNoise } from './phones.ts';
import { Weighted } from './rng.ts';
import type { DefectField } from './types.ts';

export interface DefectKind {
  field: DefectField;
  kind: string;
  /** Relative weight among defective residential / non-residential customers (0: never). */
  residential: number;
  organisation: number;
  /** Kinds that need state across customers (groups, pairs) are applied by the stream itself. */
  isStateful?: boolean;
}

const k = (
  field: DefectField,
  kind: string,
  residential: number,
  organisation: number,
  isStateful = false,
): DefectKind => ({
  field,
  kind,
  residential,
  organisation,
  isStateful,
});

export const DEFECT_KINDS: readonly DefectKind[] = [
  k('name', 'placeholder', 3, 2),
  k('name', 'digit_in_name', 1.5, 0),
  k('name', 'latin_in_name', 1.5, 0),
  k('name', 'anonymised', 1, 1.5),
  k('name', 'not_a_person', 1.5, 0),
  k('name', 'org_name_missing', 0, 6),
  k('name', 'duplicate_customer', 2.5, 0, true),
  k('name', 'format_spaces', 2, 0),
  k('mobile', 'placeholder', 3, 3),
  k('mobile', 'wrong_length', 2.5, 2.5),
  k('mobile', 'unallocated_segment', 2.5, 2.5),
  k('mobile', 'iot_13', 1.5, 1.5),
  k('mobile', 'data_card', 1, 1),
  k('mobile', 'landline_in_mobile', 2, 3),
  k('mobile', 'looks_like_id', 0.7, 0),
  k('mobile', 'shared_mobile', 0.4, 0.4, true),
  k('mobile', 'empty_number', 3, 3),
  k('mobile', 'format_fullwidth', 1.2, 1.2),
  k('mobile', 'format_plus86', 1.2, 1.2),
  k('mobile', 'format_separators', 1, 1),
  k('landline', 'missing_area_code', 2, 2),
  k('landline', 'bad_first_digit', 1.5, 1.5),
  k('landline', 'wrong_length', 1.5, 1.5),
  k('landline', 'placeholder', 0.7, 0.7),
  k('landline', 'mobile_in_landline', 1, 1),
  k('landline', 'other_city_area_code', 1, 1),
  k('address', 'vague', 3, 3),
  k('address', 'too_short', 1.5, 1.5),
  k('address', 'county_only', 1, 1),
  k('address', 'missing_village', 1.5, 1.5),
  k('address', 'missing_house_number', 1.5, 1.5),
  k('address', 'other_county', 3, 3),
  k('address', 'relative_location', 1, 1),
  k('address', 'format_dup_prefix', 0.8, 0.8),
  k('cert_no', 'bad_check_char', 3, 0),
  k('cert_no', 'impossible_birth_date', 2, 0),
  k('cert_no', 'legacy_15', 1.2, 0),
  k('cert_no', 'placeholder', 0.5, 0),
  k('cert_no', 'wrong_length', 0.5, 0),
  k('cert_no', 'cert_shared_names', 1.2, 1.5, true),
  k('cert_no', 'bad_uscc_check_char', 0, 5),
  k('cert_no', 'legacy_reg_no', 0, 2),
  k('cert_no', 'uscc_bad_charset', 0, 1.5),
  k('cert_type', 'resident_id_on_org', 0, 12),
];

export const RESIDENTIAL_KINDS = new Weighted(
  DEFECT_KINDS.filter((d) => d.residential > 0),
  DEFECT_KINDS.filter((d) => d.residential > 0).map((d) => d.residential),
);
export const ORGANISATION_KINDS = new Weighted(
  DEFECT_KINDS.filter((d) => d.organisation > 0),
  DEFECT_KINDS.filter((d) => d.organisation > 0).map((d) => d.organisation),
);

const NOT_A_PERSON_SUFFIXES = ['路灯', '抽水站', '泵站', '公厕', '提灌站', '临时用电', '卫生室'];

function spoilName(draft: Draft, kind: string, ctx: GenContext): string {
  const { rng } = ctx;
  const { row, place } = draft;
  if (kind === 'format_spaces') {
    const noise = nameFormatNoise(row.name, rng);
    addLabel(draft, 'name', noise.kind);
    return noise.value;
  }
  if (kind === 'not_a_person') {
    const group = rng.chance(0.5) ? `${rng.int(1, 12)}组` : '';
    return `${place.village}${group}${rng.pick(NOT_A_PERSON_SUFFIXES)}`;
  }
  if (kind === 'org_name_missing') {
    // A person's name on a company; the USCC stays a company's (91), so ORG-03 is a WARN, not an INFO.
    row.cert_no = ctx.certs.uscc(place.county.code, '91');
    return personName(rng);
  }
  return row.customer_type === 'residential' ? badPersonName(kind, rng) : badEnterpriseName(kind, place, rng);
}

function spoilMobile(draft: Draft, kind: string, ctx: GenContext): string {
  const { rng } = ctx;
  const { row, place } = draft;
  switch (kind) {
    case 'landline_in_mobile':
      const exchange = exchangeOf(place.county);
      return rng.chance(0.6)
        ? ctx.landlines.next(exchange)
        : exchange.areaCode + ctx.landlines.nextLocal(exchange);
    case 'looks_like_id':
      return ctx.certs.residentId(place.county.code);
    case 'empty_number':
      return ctx.mobiles.nextEmpty(rng);
    case 'format_fullwidth':
      return mobileFormatNoise(row.mobile, 'fullwidth');
    case 'format_plus86':
      return mobileFormatNoise(row.mobile, 'plus86');
    case 'format_separators':
      return mobileFormatNoise(row.mobile, 'separators');
    default:
      return badMobile(kind, rng, row.mobile);
  }
}

function spoilLandline(draft: Draft, kind: string, ctx: GenContext): string {
  const exchange = exchangeOf(draft.place.county);
  if (kind === 'missing_area_code') return ctx.landlines.nextLocal(exchange);
  if (kind === 'mobile_in_landline') return ctx.mobiles.next(ctx.rng);
  return badLandline(kind, ctx.rng, exchange, ctx.cities);
}

function spoilCert(draft: Draft, kind: string, ctx: GenContext): string {
  const { rng, certs } = ctx;
  const county = draft.place.county.code;
  const cert = draft.row.cert_no;
  switch (kind) {
    case 'bad_check_char':
      return withBadIdCheck(cert, rng);
    case 'impossible_birth_date':
      return withImpossibleBirthDate(cert, rng);
    case 'legacy_15':
      return certs.legacyId15(county);
    case 'placeholder':
      return rng.pick([
        '111111111111111111',
        '000000000000000000',
        '123456789012345678',
        '11010519491231002X',
      ]);
    case 'wrong_length':
      return rng.chance(0.5) ? cert.slice(0, 17) : cert.slice(0, 16);
    case 'bad_uscc_check_char':
      return withBadUsccCheck(cert, rng);
    case 'legacy_reg_no':
      return `${county}${String(rng.int(100_000_000, 999_999_999))}`;
    case 'uscc_bad_charset':
      return `${cert.slice(0, 10)}${rng.pick(['I', 'O', 'Z', 'S', 'V'])}${cert.slice(11)}`;
    default:
      throw new Error(`unknown cert defect ${kind}`);
  }
}

const isCertField = (d: DefectKind): boolean => d.field === 'cert_no' || d.field === 'cert_type';

/** Whether a second defect can join the first without undoing it (both rewrite the cert, say). */
export function areCompatible(a: DefectKind, b: DefectKind): boolean {
  if (a.field === b.field || a.isStateful || b.isStateful) return false;
  if (isCertField(a) && isCertField(b)) return false;
  return !(
    (a.kind === 'org_name_missing' && isCertField(b)) ||
    (b.kind === 'org_name_missing' && isCertField(a))
  );
}

/** Puts one stateless defect into the draft and labels it. */
export function applyDefect(draft: Draft, defect: DefectKind, ctx: GenContext): void {
  const { row } = draft;
  const before = draft.labels.length;
  switch (defect.field) {
    case 'name':
      row.name = spoilName(draft, defect.kind, ctx);
      break;
    case 'mobile':
      row.mobile = spoilMobile(draft, defect.kind, ctx);
      break;
    case 'landline':
      row.landline = spoilLandline(draft, defect.kind, ctx);
      break;
    case 'address':
      row.address = badAddress(defect.kind, draft.place, ctx.rng);
      break;
    case 'cert_no':
      row.cert_no = spoilCert(draft, defect.kind, ctx);
      break;
    case 'cert_type':
      // The legal representative's ID filed on a company: the type is wrong and the number is
      // not the company's USCC either, so both fields need the correction.
      row.cert_type = 'resident_id';
      row.cert_no = ctx.certs.residentId(draft.place.county.code);
      addLabel(draft, 'cert_type', defect.kind);
      addLabel(draft, 'cert_no', defect.kind);
      break;
  }
  if (draft.labels.length === before)
    addLabel(draft, defect.field, defect.kind, defect.kind !== 'empty_number');
}
