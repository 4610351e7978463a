// The column headers and enum values a loaded file may use: the marketing system exports
// Chinese headers, integrators send English ones; both map to one canonical name.
import type { TrackedField } from '../customers/columns.ts';

export const CUSTOMER_COLUMNS = {
  customer_no: ['customer_no', '户号', '用户编号', '客户编号'],
  name: ['name', '户名', '用户名称', '客户名称'],
  customer_type: ['customer_type', '用户类型', '客户类型'],
  cert_type: ['cert_type', '证件类型'],
  cert_no: ['cert_no', '证件号码', '证件号'],
  mobile: ['mobile', '手机号码', '手机', '移动电话'],
  landline: ['landline', '固定电话', '固话', '联系电话'],
  address: ['address', '用电地址', '地址'],
  station_code: ['station_code', '供电单位编码', '供电所编码'],
  status: ['status', '状态', '用户状态'],
  voltage_class: ['voltage_class', '电压等级'],
  closed_on: ['closed_on', '销户日期'],
} as const satisfies Record<'customer_no' | TrackedField, readonly string[]>;
export type CustomerColumn = keyof typeof CUSTOMER_COLUMNS;
export const REQUIRED_CUSTOMER_COLUMNS: CustomerColumn[] = ['customer_no', 'customer_type', 'station_code'];

export const ORG_COLUMNS = {
  code: ['code', '单位编码', '编码'],
  name: ['name', '单位名称', '名称'],
  level: ['level', '层级', '级别'],
  parent_code: ['parent_code', '上级单位编码', '上级编码'],
  division_code: ['division_code', '行政区划代码', '区划代码'],
} as const;
export type OrgColumn = keyof typeof ORG_COLUMNS;
export const REQUIRED_ORG_COLUMNS: OrgColumn[] = ['code', 'name', 'level'];

export const ENUMS = {
  customer_type: { residential: ['residential', '居民'], non_residential: ['non_residential', '非居民'] },
  cert_type: {
    resident_id: ['resident_id', '居民身份证', '身份证'],
    uscc: ['uscc', '统一社会信用代码'],
    other: ['other', '其他'],
  },
  status: { active: ['active', '在用', '正常'], closed: ['closed', '销户', '已销户'] },
  voltage_class: { high: ['high', '高压'], low: ['low', '低压'] },
  level: {
    province: ['province', '省公司', '省'],
    city: ['city', '地市公司', '市公司', '地市'],
    county: ['county', '县公司', '县'],
    station: ['station', '供电所', '营业厅', '供电所(营业厅)'],
  },
} as const;

type EnumName = keyof typeof ENUMS;

const enumLookup = Object.fromEntries(
  Object.entries(ENUMS).map(([name, values]) => [
    name,
    new Map(
      Object.entries(values as Record<string, readonly string[]>).flatMap(([canonical, aliases]) =>
        aliases.map((a) => [a.toLowerCase(), canonical] as const),
      ),
    ),
  ]),
) as Record<EnumName, Map<string, string>>;

/** The canonical enum value, or undefined when the file's value is not one we know. */
export function parseEnum(name: EnumName, raw: string): string | undefined {
  // the file's own spelling first (almost always the canonical one): no new strings per cell
  return enumLookup[name].get(raw) ?? enumLookup[name].get(raw.trim().toLowerCase());
}

export function allowedValues(name: EnumName): string {
  return (Object.values(ENUMS[name]) as readonly (readonly string[])[])
    .map((aliases) => aliases.join('|'))
    .join(', ');
}

/** Maps the file's header row to canonical columns; unknown headers are ignored, missing required ones reported. */
export function mapHeader<C extends string>(
  header: string[],
  columns: Record<C, readonly string[]>,
  required: C[],
): { index: Map<C, number>; label: Map<C, string>; missing: C[] } {
  const index = new Map<C, number>();
  const label = new Map<C, string>();
  header.forEach((h, i) => {
    const key = h
      .replace(/^\uFEFF/, '')
      .trim()
      .toLowerCase();
    for (const [canonical, aliases] of Object.entries(columns) as [C, readonly string[]][]) {
      if (!index.has(canonical) && aliases.some((a) => a.toLowerCase() === key)) {
        index.set(canonical, i);
        label.set(canonical, h.trim());
      }
    }
  });
  return { index, label, missing: required.filter((c) => !index.has(c)) };
}
