// Region scope's one home: what inRegion and friends produce, and a scan that fails when a
// region filter is written by hand elsewhere in packages/api/src (a `city_code = …` with a value).
// A hand filter stays only where the table has no such column, with a comment saying why.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { compileDb, compileSql } from '../../testing/compile-sql.ts';
import { andInRegion, cityOf, covers, inRegion, isProvince, overlapsRegion, PROVINCE } from './region.ts';

const county = { cityCode: '5301', countyCode: '530102' };
const findings = () => compileDb.selectFrom('findings as f').select('f.id').where('f.run_id', '=', 7);

describe('inRegion', () => {
  it('cuts by each code the region names, on the alias, and not at all for the province', () => {
    expect(compileSql(inRegion(findings(), PROVINCE, 'f')).sql).toBe(
      'select "f"."id"\nfrom "findings" as "f"\nwhere "f"."run_id" = $1',
    );
    const cut = compileSql(inRegion(findings(), { ...county, stationCode: '53010201' }, 'f'));
    expect(cut.sql).toBe(
      'select "f"."id"\nfrom "findings" as "f"\nwhere "f"."run_id" = $1 and "f"."city_code" = $2 and "f"."county_code" = $3 and "f"."station_code" = $4',
    );
    expect(cut.parameters).toEqual([7, '5301', '530102', '53010201']);
  });
  it('works on updates and without an alias, and as raw SQL', () => {
    const update = inRegion(compileDb.updateTable('call_tasks').set({ claims: 0 }), { cityCode: '5303' });
    expect(compileSql(update).sql).toBe('update "call_tasks" set "claims" = $1\nwhere "city_code" = $2');
    const raw = sql`select 1 from sms_messages m where m.purpose = 'sampling' ${andInRegion(county, 'm')}`;
    expect(compileSql(raw)).toEqual({
      sql: `select 1\nfrom sms_messages m\nwhere m.purpose = 'sampling' and "m"."city_code" = $1 and "m"."county_code" = $2`,
      parameters: ['5301', '530102'],
    });
    expect(compileSql(sql`select 1 ${andInRegion(PROVINCE, 'm')}`).sql).toBe('select 1');
  });
  it('keeps rows that have a region of their own when it overlaps (null = all of it)', () => {
    const runs = overlapsRegion(compileDb.selectFrom('validation_runs as r').select('r.id'), county, 'r');
    expect(compileSql(runs).sql).toBe(
      'select "r"."id"\nfrom "validation_runs" as "r"\nwhere ("r"."city_code" is null or "r"."city_code" = $1) and ("r"."county_code" is null or "r"."county_code" = $2)',
    );
  });
});

describe('covers, cityOf, isProvince', () => {
  it('tells whether a row lies inside the region', () => {
    const row = { city_code: '5301', county_code: '530102', station_code: '53010201' };
    expect(covers(PROVINCE, row)).toBe(true);
    expect(covers(county, row)).toBe(true);
    expect(covers({ cityCode: '5303' }, row)).toBe(false);
    expect(covers({ ...county, countyCode: '530111' }, row)).toBe(false);
    expect(covers({ ...county, stationCode: '53010202' }, row)).toBe(false);
    // a city-wide row (no county) is not inside a county
    expect(covers(county, { city_code: '5301', county_code: null })).toBe(false);
  });
  it('widens a county to its city for tables kept per city', () => {
    expect(cityOf(county)).toEqual({ cityCode: '5301' });
    expect(cityOf(PROVINCE)).toBe(PROVINCE);
    expect(isProvince(PROVINCE) && isProvince({ cityCode: null }) && !isProvince(county)).toBe(true);
  });
});

const SRC = fileURLToPath(new URL('../../', import.meta.url));
/** A filter of a region column by a value: kysely's where/eb, or raw SQL with a parameter. */
const HAND_FILTER =
  /(?:where|eb)\(\s*'(?:\w+\.)?(?:city|county|station)_code',\s*'(?:=|<>|in)'|\b(?:city|county|station)_code\s*(?:=|<>)\s*\$\{/;
/** Files that may: the home itself, and code that makes data rather than reading it for someone. */
const ALLOWED = [
  /(^|\/)demo[^/]*\.ts$/,
  /^features\/auth\/region\.ts$/,
  /^features\/generator\//,
  /^(features\/)?demo\//,
  /\.test\.ts$/,
  /\.testing\.ts$/,
];

export function handFilters(text: string): number[] {
  const lines = text.split('\n');
  return lines.flatMap((line, i) => {
    if (!HAND_FILTER.test(line)) return [];
    const commented = /\/\/|\/\*|\* /.test(line) || /^\s*(\/\/|\/?\*)/.test(lines[i - 1] ?? '');
    return commented ? [] : [i + 1];
  });
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('one region scope', () => {
  it('recognises a hand-written region filter, and lets one with its reason pass (the scan can fail)', () => {
    expect(handFilters(`q.where('c.city_code', '=', viewer.cityCode)`)).toEqual([1]);
    expect(handFilters('sql`and m.county_code = ${county}`')).toEqual([1]);
    expect(handFilters(`eb('r.city_code', '=', code)`)).toEqual([1]);
    expect(
      handFilters(`// the target's own key, not a region cut\nq.where('city_code', '=', t.cityCode)`),
    ).toEqual([]);
    expect(handFilters(`join unit_counts u on u.city_code = c.code`)).toEqual([]);
  });
  it('finds none outside region.ts without a comment saying why', () => {
    const found = tsFiles(SRC)
      .map((file) => relative(SRC, file))
      .filter((file) => !ALLOWED.some((re) => re.test(file)))
      .flatMap((file) => handFilters(readFileSync(join(SRC, file), 'utf8')).map((line) => `${file}:${line}`));
    expect(found, 'filter by region with inRegion (features/auth/region.ts)').toEqual([]);
  });
});
