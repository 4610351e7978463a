// Loads the org tree (province → city company → county company → station). Small (thousands of
// rows), so it is read whole, ordered parents-first and upserted by code in one transaction.
// Units can be added and renamed; moving a unit to another parent is refused, because its
// customers' city and county codes hang on it.
import type { Cell, Db, Trx } from '../../db.ts';
import type { OrgLevel } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import {
  allowedValues,
  mapHeader,
  ORG_COLUMNS,
  parseEnum,
  REQUIRED_ORG_COLUMNS,
  type OrgColumn,
} from './columns.ts';
import { completeBatch, type LoadCounts, type LoadOptions } from './customers-loader.ts';
import type { Table } from './parse.ts';

const PARENT_LEVEL: Record<OrgLevel, OrgLevel | null> = {
  province: null,
  city: 'province',
  county: 'city',
  station: 'county',
};
const LEVEL_ZH: Record<OrgLevel, string> = {
  province: '省公司',
  city: '地市公司',
  county: '县公司',
  station: '供电所',
};

interface Unit {
  rowNo: number;
  code: string;
  name: string;
  level: OrgLevel;
  parent_code: string | null;
  division_code: string | null;
  city_code: string | null;
  county_code: string | null;
}
type Known = Pick<Unit, 'code' | 'level' | 'parent_code' | 'city_code' | 'county_code'>;

export async function loadOrgUnits(db: Db, table: Table, opts: LoadOptions): Promise<LoadCounts> {
  const header = mapHeader(table.header, ORG_COLUMNS, REQUIRED_ORG_COLUMNS);
  if (header.missing.length > 0) {
    throw new AppError(
      'validation_failed',
      `缺少必需的列 / Missing required columns: ${header.missing.join(', ')}`,
    );
  }
  const counts: LoadCounts = {
    rowsTotal: 0,
    rowsLoaded: 0,
    rowsRejected: 0,
    rowsInserted: 0,
    rowsUpdated: 0,
    rowsUnchanged: 0,
    rowsConflicts: 0,
    rowsConfirmed: 0,
    rowsMissing: 0,
  };
  const errors: Cell[][] = [];
  const reject = (rowNo: number, column: string, code: string, zh: string, en: string, raw = '') =>
    errors.push([opts.batchId, rowNo, column, code, zh, en, raw]);

  const rows: Unit[] = [];
  const inFile = new Set<string>();
  for await (const items of table.rows)
    for (const item of items) {
      counts.rowsTotal++;
      if ('malformed' in item) {
        counts.rowsRejected++;
        reject(
          item.rowNo,
          '*',
          'malformed',
          `CSV 格式错误：${item.malformed}`,
          `malformed CSV: ${item.malformed}`,
        );
        continue;
      }
      const get = (c: OrgColumn) => (item.cells[header.index.get(c) ?? -1] ?? '').trim();
      const level = parseEnum('level', get('level')) as OrgLevel | undefined;
      const unit = {
        rowNo: item.rowNo,
        code: get('code'),
        name: get('name'),
        level: level!,
        parent_code: get('parent_code') || null,
        division_code: get('division_code') || null,
        city_code: null,
        county_code: null,
      };
      const raw = item.cells.join(',');
      const problem = !unit.code
        ? ['code', 'required', '单位编码为空', 'code is empty']
        : inFile.has(unit.code)
          ? [
              'code',
              'duplicate',
              `单位编码 ${unit.code} 在文件中重复`,
              `code ${unit.code} appears more than once`,
            ]
          : !unit.name
            ? ['name', 'required', '单位名称为空', 'name is empty']
            : !level
              ? [
                  'level',
                  'unknown_value',
                  `层级“${get('level')}”无效，应为：${allowedValues('level')}`,
                  `level "${get('level')}" is not one of: ${allowedValues('level')}`,
                ]
              : level === 'county' && !/^\d{6}$/.test(unit.division_code ?? '')
                ? [
                    'division_code',
                    'required',
                    '县公司须填写6位行政区划代码（GB/T 2260）',
                    'a county needs its 6-digit GB/T 2260 division code',
                  ]
                : unit.division_code && !/^\d{2,12}$/.test(unit.division_code)
                  ? ['division_code', 'invalid', '行政区划代码应为数字', 'division_code must be digits']
                  : null;
      if (problem) {
        counts.rowsRejected++;
        reject(
          item.rowNo,
          header.label.get(problem[0] as OrgColumn) ?? problem[0]!,
          problem[1]!,
          problem[2]!,
          problem[3]!,
          raw,
        );
        continue;
      }
      inFile.add(unit.code);
      rows.push(unit);
    }

  return db.bulkTransaction(async (trx, bulk) => {
    const known = new Map<string, Known>(
      (
        await trx
          .selectFrom('org_units')
          .select(['code', 'level', 'parent_code', 'city_code', 'county_code'])
          .execute()
      ).map((u) => [u.code, u]),
    );
    const existing = new Set(known.keys());
    const byCode = new Map(rows.map((r) => [r.code, r]));
    // Resolve parents first, whatever the order in the file; a unit whose parent is missing or of
    // the wrong level is rejected (and so, in turn, its children).
    const resolved: Unit[] = [];
    const state = new Map<string, 'ok' | 'bad'>();
    const resolve = (u: Unit): boolean => {
      const s = state.get(u.code);
      if (s) return s === 'ok';
      state.set(u.code, 'bad'); // a cycle ends here as 'bad'
      const want = PARENT_LEVEL[u.level];
      let parent: Known | undefined;
      if (want === null) {
        if (u.parent_code)
          return fail(
            u,
            'parent_code',
            'unexpected_parent',
            '省公司不应有上级单位',
            'a province has no parent',
          );
      } else {
        const inFileParent = u.parent_code ? byCode.get(u.parent_code) : undefined;
        parent =
          inFileParent && resolve(inFileParent)
            ? inFileParent
            : u.parent_code
              ? known.get(u.parent_code)
              : undefined;
        if (!parent)
          return fail(
            u,
            'parent_code',
            'unknown_parent',
            `上级单位 ${u.parent_code ?? '（空）'} 不存在`,
            `parent ${u.parent_code ?? '(empty)'} does not exist`,
          );
        if (parent.level !== want)
          return fail(
            u,
            'parent_code',
            'wrong_parent_level',
            `${LEVEL_ZH[u.level]}的上级应为${LEVEL_ZH[want]}`,
            `the parent of a ${u.level} must be a ${want}`,
          );
      }
      const before = known.get(u.code);
      if (before && (before.parent_code !== u.parent_code || before.level !== u.level)) {
        return fail(
          u,
          'parent_code',
          'move_refused',
          '不支持调整已有单位的层级或上级',
          'moving an existing unit to another level or parent is not supported',
        );
      }
      u.city_code = u.level === 'city' ? u.code : (parent?.city_code ?? null);
      u.county_code =
        u.level === 'county' ? u.code : u.level === 'station' ? (parent?.county_code ?? null) : null;
      known.set(u.code, u);
      state.set(u.code, 'ok');
      resolved.push(u);
      return true;
    };
    const fail = (u: Unit, column: OrgColumn, code: string, zh: string, en: string) => {
      counts.rowsRejected++;
      reject(u.rowNo, header.label.get(column) ?? column, code, zh, en);
      return false;
    };
    rows.forEach(resolve);
    await upsertUnits(trx, resolved, opts.now);
    counts.rowsInserted = resolved.filter((u) => !existing.has(u.code)).length;
    counts.rowsUpdated = resolved.length - counts.rowsInserted;
    counts.rowsLoaded = resolved.length;
    await bulk.write(
      'load_errors',
      ['batch_id', 'row_no', 'column_name', 'code', 'reason_zh', 'reason_en', 'raw'],
      errors,
    );
    await completeBatch(trx, opts.batchId, counts, opts.now);
    return counts;
  });
}

async function upsertUnits(trx: Trx, units: Unit[], now: Date) {
  for (let i = 0; i < units.length; i += 500) {
    const values = units
      .slice(i, i + 500)
      .map(({ rowNo: _, ...u }) => ({ ...u, created_at: now, updated_at: now }));
    await trx
      .insertInto('org_units')
      .values(values)
      .onConflict((oc) =>
        oc.column('code').doUpdateSet((eb) => ({
          name: eb.ref('excluded.name'),
          division_code: eb.ref('excluded.division_code'),
          updated_at: now,
        })),
      )
      .execute();
  }
}
