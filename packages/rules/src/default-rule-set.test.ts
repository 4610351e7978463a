import { describe, expect, it } from 'vitest';
import { compileRuleSet } from './compile.ts';
import { defaultRuleSet } from './default-rule-set.ts';
import { RuleSetSchema } from './rule-document.ts';
import { record } from './test-support.ts';
import type { CustomerRecord, Field, Finding } from './types.ts';

const rules = compileRuleSet(defaultRuleSet, { today: '2026-11-27' });
const flaggedFields = (findings: Finding[]) =>
  [...new Set(findings.filter((f) => f.severity !== 'info').map((f) => f.field))].sort();
const org = (o: Partial<CustomerRecord>) =>
  record({
    customer_type: 'non_residential',
    cert_type: 'uscc',
    cert_no: '91530426MA6K12349C',
    name: '峨山县双江街道柏锦社区居民委员会',
    ...o,
  });

describe('default rule set', () => {
  it('is a valid document with unique, stable ids', () => {
    const doc = RuleSetSchema.parse(defaultRuleSet);
    expect(new Set(doc.rules.map((r) => r.id)).size).toBe(doc.rules.length);
    expect(rules.ruleIds).toEqual(
      expect.arrayContaining(['NAME-03', 'NAME-04', 'ADDR-03', 'ID-03', 'ID-04', 'ID-05']),
    );
  });

  it.each([
    record(),
    record({ name: '阿卜杜热合曼·买买提', cert_no: '53280119831215460X' }),
    record({ name: '普正华', address: '峨山县甸中镇大寨村委会大寨村28号', cert_no: '530426197811202425' }),
    record({
      name: '欧阳娜娜',
      address: '昆明市盘龙区北京路1号',
      cert_no: '530102199001010036',
      region: { countyCode: '530103' },
    }),
    org({}),
    org({ name: '峨山彝族自治县甸中镇兴农养殖专业合作社', cert_no: '93530426MA6Q2B3CX2' }),
    org({ name: '张伟', cert_no: '92530426MA6P000199' }),
  ])('a clean record is not flagged (%#)', (r) => {
    expect(rules.check(r).filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it.each([
    [{ name: '户主' }, ['name']],
    [{ name: '张某某' }, ['name']],
    [{ name: '' }, ['name']],
    [{ address: '同上' }, ['address']],
    [{ address: '北京市朝阳区建国路88号' }, ['address']],
    [{ address: '玉溪市峨山县' }, ['address']],
    [{ cert_no: '530426196503121010' }, ['cert_no']],
    [{ cert_no: '530426196502301011' }, ['cert_no']],
    [{ cert_no: '91530426MA6K12349C', cert_type: 'uscc' }, ['cert_no', 'cert_type']],
    [{ cert_type: 'passport' }, ['cert_type']],
  ] as [Partial<CustomerRecord>, Field[]][])('%j is flagged on %j', (o, fields) => {
    expect(flaggedFields(rules.check(record(o)))).toEqual(fields);
  });

  it('flags organisation defects', () => {
    expect(flaggedFields(rules.check(org({ name: '玉溪市峨山县双江街道' })))).toEqual(['name']);
    expect(flaggedFields(rules.check(org({ cert_no: '91530426MA6K12349D' })))).toEqual(['cert_no']);
  });

  it('certain fixes are INFO with the suggested value: a legacy 15-digit ID (ID-06), phone separators (NORM-03)', () => {
    const f = rules.check(
      record({ cert_no: '530426650312101', mobile: '+86 139 8771 2345', landline: '08772345678' }),
    );
    expect(f.map((x) => [x.ruleId, x.code, x.severity, x.suggested])).toEqual([
      ['ID-03', 'id.legacy_15', 'info', '530426196503121012'],
      ['MOB-02', 'mobile.format', 'info', '13987712345'],
      ['TEL-01', 'landline.format', 'info', '0877-2345678'],
    ]);
  });

  it('auto-fixable normalisation is INFO with the suggested value', () => {
    const f = rules.check(record({ cert_no: '53280119831215460x', name: '阿卜杜热合曼•买买提' }));
    expect(f.map((x) => [x.ruleId, x.severity, x.suggested])).toEqual([
      ['NAME-02', 'info', '阿卜杜热合曼·买买提'],
      ['ID-02', 'info', '53280119831215460X'],
    ]);
  });
});
