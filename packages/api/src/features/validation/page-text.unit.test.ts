import { compileRuleSet, defaultRuleSet } from '@qingyuan/rules';
import { describe, expect, it } from 'vitest';
import { copyField, parseCopyText } from '../../db/copy-text.ts';
import { checkPageBytes, checkPageText, PageCutter, pageText } from './page-text.ts';

const line = (id: number, over: { mobile?: string; address?: string } = {}) =>
  [
    id,
    `C${id}`,
    '李建国',
    'residential',
    'other',
    '',
    over.mobile ?? '13947001234',
    '',
    over.address ?? '云南省昆明市五华区华山街道翠湖社区1组1号',
    'S1',
    'K1',
    'C1',
  ]
    .map((v) => copyField(v))
    .join('\t') + '\n';

describe('PageCutter', () => {
  it('cuts whole lines into pages whatever the chunks, each with its last id', () => {
    const text = [1, 2, 3, 4, 5].map((id) => line(id)).join('');
    const bytes = Buffer.from(text);
    const cutter = new PageCutter(2);
    // the second cut falls inside a Chinese character's bytes
    const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 201), bytes.subarray(201)];
    const pages = chunks.flatMap((c) => cutter.push(c));
    const last = cutter.end();
    expect([...pages, last].map((p) => [p!.rows, p!.lastId])).toEqual([
      [2, 2],
      [2, 4],
      [1, 5],
    ]);
    expect([...pages, last].map((p) => pageText(p!.bytes)).join('')).toBe(text);
  });
  it('refuses text that ends inside a line', () => {
    const cutter = new PageCutter(10);
    cutter.push(Buffer.from(line(1)).subarray(0, -3));
    expect(() => cutter.end()).toThrow(/inside a line/);
  });
});

describe('checkPageText', () => {
  const rules = compileRuleSet(defaultRuleSet, { today: '2026-12-06' });
  it('checks each line as its record and writes the findings as COPY text with their unit', () => {
    const page = line(7, { mobile: '13800000000' }) + line(8) + line(9, { address: 'a\tb\\c' });
    const { findings, stations, counts } = checkPageText(page, rules, new Map(), 3);
    const rows = parseCopyText(findings);
    expect(rows.every((r) => r[0] === '3' && r[2] === 'C1' && r[3] === 'K1' && r[4] === 'S1')).toBe(true);
    const record = (id: number, mobile: string, address: string) => ({
      customer_no: `C${id}`,
      name: '李建国',
      customer_type: 'residential',
      cert_type: 'other',
      cert_no: '',
      mobile,
      landline: '',
      address,
      region: {},
    });
    const expected = [
      [7, record(7, '13800000000', '云南省昆明市五华区华山街道翠湖社区1组1号')],
      [8, record(8, '13947001234', '云南省昆明市五华区华山街道翠湖社区1组1号')],
      [9, record(9, '13947001234', 'a\tb\\c')],
    ] as const;
    expect(rows.map((r) => [r[1], r[5], r[8]])).toEqual(
      expected.flatMap(([id, r]) => rules.check(r).map((f) => [String(id), f.ruleId, f.code])),
    );
    expect(rows.some((r) => r[1] === '9')).toBe(true); // the escaped line was read as it is
    // the page's summary: customers with an error, and findings per field × rule × severity
    const found = expected.map(([, r]) => rules.check(r));
    const errors = found.filter((f) => f.some((x) => x.severity === 'error')).length;
    expect(errors).toBeGreaterThan(0);
    expect(stations).toEqual([{ city: 'C1', county: 'K1', station: 'S1', checked: 3, errors }]);
    const byRule = new Map<string, number>();
    for (const f of found.flat()) {
      const k = `${f.field}/${f.ruleId}/${f.severity}`;
      byRule.set(k, (byRule.get(k) ?? 0) + 1);
    }
    expect(counts.map((c) => [`${c.field}/${c.rule}/${c.severity}`, c.customers, c.findings]).sort()).toEqual(
      [...byRule].map(([k, n]) => [k, n, n]).sort(),
    );
    expect(counts.every((c) => c.city === 'C1' && c.county === 'K1' && c.station === 'S1')).toBe(true);
  });
});

describe('checkPageBytes', () => {
  it('checks a page of bytes, decoded in pieces of whole lines, as checkPageText does the text', () => {
    const rules = compileRuleSet(defaultRuleSet, { today: '2026-12-06' });
    // ~47 KB: more than two pieces, Chinese text on every line
    const text = Array.from({ length: 400 }, (_, i) =>
      line(i + 1, i % 3 ? {} : { mobile: '13800000000' }),
    ).join('');
    const fromBytes = checkPageBytes(Buffer.from(text), rules, new Map(), 3);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * 16_384);
    expect(fromBytes).toEqual(checkPageText(text, rules, new Map(), 3));
    expect(fromBytes.stations).toEqual([
      { city: 'C1', county: 'K1', station: 'S1', checked: 400, errors: 400 },
    ]);
  });
});
