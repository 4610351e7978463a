import { describe, expect, it } from 'vitest';
import { compileRuleSet, RuleSetError } from './compile.ts';
import type { RuleInput } from './rule-document.ts';
import { record } from './test-support.ts';

const rule = (over: Partial<RuleInput> = {}): RuleInput => ({
  id: 'T-01',
  field: 'name',
  kind: 'required',
  params: {},
  severity: 'error',
  appliesTo: {},
  enabled: true,
  message: { zh: '户名：{detail}', en: 'Name: {detail}' },
  ...over,
});
const problemsOf = (doc: unknown) => {
  try {
    compileRuleSet(doc);
  } catch (e) {
    expect(e).toBeInstanceOf(RuleSetError);
    return (e as RuleSetError).problems;
  }
  throw new Error('expected a RuleSetError');
};

describe('compileRuleSet: refuses bad documents with every problem listed', () => {
  it('unknown kind, bad regex, catastrophic regex, wrong param types, duplicate ids — all at once', () => {
    const problems = problemsOf({
      version: 2,
      rules: [
        rule({ id: 'A', kind: 'no.such.kind' }),
        rule({ id: 'B', kind: 'regex', params: { pattern: '([a-z' } }),
        rule({ id: 'C', kind: 'regex', params: { pattern: '(a+)+$' } }),
        rule({ id: 'D', kind: 'length', params: { min: 'two' } }),
        rule({ id: 'D', kind: 'required' }),
        rule({ id: 'E', kind: 'resident_id', field: 'name' }),
        rule({ id: 'F', kind: 'name.residential', params: { maxLenght: 5 } }),
        rule({
          id: 'G',
          kind: 'address',
          field: 'address',
          overrides: { 'address.nope': { severity: 'info' } },
        }),
      ],
    });
    const by = (id: string) =>
      problems
        .filter((p) => p.ruleId === id)
        .map((p) => `${p.path}: ${p.message}`)
        .join(' | ');
    expect(by('A')).toMatch(/rules\.0\.kind: unknown check kind "no\.such\.kind"/);
    expect(by('B')).toMatch(/rules\.1\.params\.pattern: does not compile/);
    expect(by('C')).toMatch(/rules\.2\.params\.pattern: catastrophic backtracking/);
    expect(by('D')).toMatch(/rules\.3\.params\.min/);
    expect(by('D')).toMatch(/rules\.4\.id: duplicate rule id "D"/);
    expect(by('E')).toMatch(/rules\.5\.field: kind "resident_id" applies to cert_no, not name/);
    expect(by('F')).toMatch(/rules\.6\.params/);
    expect(by('G')).toMatch(/rules\.7\.overrides\.address\.nope/);
  });

  it.each([
    [{ version: '1', rules: [] }, 'version'],
    [{ version: 1, rules: [rule({ severity: 'fatal' as never })] }, 'rules.0.severity'],
    [{ version: 1, rules: [rule({ message: { zh: '缺' } as never })] }, 'rules.0.message.en'],
    [{ version: 1, rules: [rule({ appliesTo: { regions: ['53a'] } })] }, 'rules.0.appliesTo.regions.0'],
    [{ version: 1, rules: [rule({ id: '1 bad id' })] }, 'rules.0.id'],
    [null, '(document)'],
  ])('schema problem in %j at %s', (doc, path) => {
    expect(problemsOf(doc).map((p) => p.path)).toContain(path);
  });

  it('the error message lists the problems', () => {
    expect(() => compileRuleSet({ version: 1, rules: [rule({ kind: 'nope' })] })).toThrow(
      /1 problem\(s\):\n {2}rules\.0\.kind \(T-01\)/,
    );
  });
});

describe('compileRuleSet: checking records', () => {
  it('makes findings with rule id, version, field, code, severity, bilingual message and suggestion', () => {
    const rules = compileRuleSet({
      version: 7,
      rules: [rule({ id: 'N-2', kind: 'normalized', severity: 'info' })],
    });
    expect(rules.check(record({ name: '阿卜杜热合曼•买买提' }))).toEqual([
      {
        ruleId: 'N-2',
        ruleVersion: 7,
        field: 'name',
        code: 'normalize.changed',
        severity: 'info',
        suggested: '阿卜杜热合曼·买买提',
        message: {
          zh: '户名：格式不规范，可自动修正为“阿卜杜热合曼·买买提”',
          en: 'Name: not in normal form; can be fixed automatically',
        },
      },
    ]);
  });

  it('fills {param} placeholders from issue params and rule params; unknown ones stay visible', () => {
    const rules = compileRuleSet({
      version: 1,
      rules: [
        rule({
          kind: 'length',
          params: { max: 3 },
          message: { zh: '最多{max}字，实际{length}，{nope}', en: '{detail}' },
        }),
      ],
    });
    expect(rules.check(record({ name: '张王李赵' }))[0]?.message).toEqual({
      zh: '最多3字，实际4，{nope}',
      en: 'length 4, more than 3 characters',
    });
  });

  it('applies appliesTo (customer type, cert type, region prefix), enabled and per-code overrides', () => {
    const rules = compileRuleSet({
      version: 1,
      rules: [
        rule({
          id: 'R',
          kind: 'name.residential',
          appliesTo: { customerTypes: ['residential'], regions: ['5304'] },
        }),
        rule({ id: 'O', kind: 'name.organisation', appliesTo: { customerTypes: ['non_residential'] } }),
        rule({ id: 'OFF', kind: 'required', field: 'landline', enabled: false }),
        rule({
          id: 'ID',
          kind: 'resident_id',
          field: 'cert_no',
          appliesTo: { certTypes: ['resident_id'] },
          overrides: {
            'id.bad_checksum': { severity: 'warning', message: { zh: '校验位错', en: 'bad check' } },
          },
        }),
      ],
    });
    expect(rules.ruleIds).toEqual(['R', 'O', 'ID']);
    expect(rules.check(record({ name: '户主' })).map((f) => f.ruleId)).toEqual(['R']);
    expect(rules.check(record({ name: '户主', region: { countyCode: '530102' } }))).toEqual([]);
    expect(
      rules
        .check(
          record({
            name: '户主',
            customer_type: 'non_residential',
            cert_type: 'uscc',
            cert_no: '91530426MA6K12349C',
          }),
        )
        .map((f) => f.code),
    ).toEqual(['org.placeholder']);
    const [f] = rules.check(record({ cert_no: '530426196503121010' }));
    expect(f).toMatchObject({
      ruleId: 'ID',
      severity: 'warning',
      message: { zh: '校验位错', en: 'bad check' },
    });
    expect(rules.check(record({ cert_type: 'uscc', cert_no: '530426196503121010' }))).toEqual([]);
  });

  it('an override can switch one issue code off', () => {
    const rules = compileRuleSet({
      version: 1,
      rules: [rule({ kind: 'name.residential', overrides: { 'name.textbook': { enabled: false } } })],
    });
    expect(rules.check(record({ name: '张三' }))).toEqual([]);
    expect(rules.check(record({ name: '户主' }))).toHaveLength(1);
  });

  it('passes today to the checks; never throws on bad data', () => {
    const rules = compileRuleSet(
      { version: 1, rules: [rule({ kind: 'resident_id', field: 'cert_no' })] },
      { today: '2026-11-27' },
    );
    expect(rules.check(record({ cert_no: '530426202701011015' }))[0]?.code).toBe('id.date_out_of_range');
    const junk = {
      customer_no: 'x',
      name: null,
      customer_type: undefined,
      cert_type: 5,
      cert_no: {},
      mobile: '',
      landline: '',
      address: '',
    };
    expect(() => rules.check(junk as never)).not.toThrow();
    expect(() => compileRuleSet({ version: 1, rules: [] }, { today: '27/11/2026' })).toThrow(RuleSetError);
  });
});

describe('cross-record thresholds are part of the document', () => {
  it('fills in the defaults and keeps what a coordinator set', () => {
    expect(compileRuleSet({ version: 1, rules: [] }).crossRecord).toEqual({
      sharedMobile: { enabled: true, minHolders: 5, errorHolders: 50 },
      certNameConflict: { enabled: true },
      likelyDuplicate: { enabled: true, maxGroupSize: 50 },
    });
    const doc = { version: 2, rules: [], crossRecord: { sharedMobile: { minHolders: 3 } } };
    expect(compileRuleSet(doc).crossRecord.sharedMobile).toEqual({
      enabled: true,
      minHolders: 3,
      errorHolders: 50,
    });
  });
  it('refuses thresholds that make no sense, with their paths', () => {
    const paths = (crossRecord: unknown) =>
      problemsOf({ version: 2, rules: [], crossRecord }).map((p) => p.path);
    expect(paths({ sharedMobile: { minHolders: 1 } })).toEqual(['crossRecord.sharedMobile.minHolders']);
    expect(paths({ sharedMobile: { minHolders: 10, errorHolders: 5 } })).toEqual([
      'crossRecord.sharedMobile.errorHolders',
    ]);
    expect(paths({ likelyDuplicate: { maxGroupSize: 'x' }, other: 1 })).toHaveLength(2);
  });
});
