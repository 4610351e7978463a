// The worksheet template, as data: which columns a sheet has, which the field team fills in, the
// result words of the dropdown and the version marker the import checks. Export, import and the
// error workbook all read this one description, so they cannot drift apart.
import type { VerificationState } from '../../db/schema.ts';

/** Bump when columns or their meaning change: an upload of another version is refused. */
export const TEMPLATE_VERSION = 'QY-WS-1';
export const INSTRUCTIONS_SHEET = '填写说明';
export const VERSION_LABEL = '模板版本';

export type ColumnKey =
  | 'customerNo'
  | 'name'
  | 'mobile'
  | 'landline'
  | 'address'
  | 'certNo'
  | 'station'
  | 'findings'
  | 'result'
  | 'newName'
  | 'newMobile'
  | 'newLandline'
  | 'newAddress'
  | 'verifier'
  | 'verifiedOn'
  | 'remark'
  | 'token'
  | 'newCertNo';

export interface Column {
  key: ColumnKey;
  header: string;
  en: string;
  width: number;
  isInput: boolean;
}

export const COLUMNS: readonly Column[] = [
  { key: 'customerNo', header: '户号', en: 'Customer no.', width: 16, isInput: false },
  { key: 'name', header: '户名', en: 'Name', width: 14, isInput: false },
  { key: 'mobile', header: '手机', en: 'Mobile', width: 14, isInput: false },
  { key: 'landline', header: '固话', en: 'Landline', width: 15, isInput: false },
  { key: 'address', header: '用电地址', en: 'Address', width: 36, isInput: false },
  { key: 'certNo', header: '证件号', en: 'ID number', width: 21, isInput: false },
  { key: 'station', header: '供电所', en: 'Station', width: 12, isInput: false },
  { key: 'findings', header: '待核实问题', en: 'Findings to check', width: 40, isInput: false },
  { key: 'result', header: '核实结果', en: 'Result', width: 12, isInput: true },
  { key: 'newName', header: '更正户名', en: 'Corrected name', width: 14, isInput: true },
  { key: 'newMobile', header: '更正手机', en: 'Corrected mobile', width: 14, isInput: true },
  { key: 'newLandline', header: '更正固话', en: 'Corrected landline', width: 15, isInput: true },
  { key: 'newAddress', header: '更正地址', en: 'Corrected address', width: 30, isInput: true },
  { key: 'verifier', header: '核实人', en: 'Verified by', width: 10, isInput: true },
  { key: 'verifiedOn', header: '核实日期', en: 'Verified on', width: 12, isInput: true },
  { key: 'remark', header: '备注', en: 'Remark', width: 20, isInput: true },
  // Visible on purpose: hidden columns do not reliably survive a re-save in WPS or LibreOffice.
  { key: 'token', header: '校验码', en: 'Check code', width: 8, isInput: false },
  // Added after the first sheets went out, so it is last: a sheet without it (exported before)
  // still reads, column letters of the others stay, and the template version stays the same.
  { key: 'newCertNo', header: '更正证件号', en: 'Corrected ID number', width: 21, isInput: true },
];

export const columnIndex = (key: ColumnKey) => COLUMNS.findIndex((c) => c.key === key);
/** Spreadsheet letter of a column (A, B, …), for messages such as "I12". */
export const columnLetter = (key: ColumnKey) => String.fromCharCode(65 + columnIndex(key));

/** The columns an upload must have; the original-value columns may be changed or dropped freely. */
export const REQUIRED_KEYS: readonly ColumnKey[] = [
  'customerNo',
  'result',
  'newName',
  'newMobile',
  'newLandline',
  'newAddress',
  'verifier',
  'verifiedOn',
  'remark',
  'token',
];

export type ResultState = Exclude<VerificationState, 'in_field'>;

export const RESULTS: readonly { label: string; state: ResultState; en: string; help: string }[] = [
  { label: '核实无误', state: 'confirmed', en: 'confirmed', help: '现场核实，系统中的信息正确，无需修改。' },
  {
    label: '已更正',
    state: 'corrected',
    en: 'corrected',
    help: '信息有误，已在“更正户名/手机/固话/地址/证件号”列填写正确的值。',
  },
  { label: '无法联系', state: 'unreachable', en: 'unreachable', help: '多次联系不上客户，暂时无法核实。' },
  { label: '已销户', state: 'closed', en: 'closed', help: '客户已销户，系统将把该户标记为销户。' },
  {
    label: '现场无此户',
    state: 'not_found',
    en: 'not found',
    help: '到现场找不到该户（地址不存在或无此用户）。',
  },
];

export const RESULT_LABELS = RESULTS.map((r) => r.label);
export const resultByLabel = new Map(RESULTS.map((r) => [r.label, r]));

/** The customer fields a worksheet may correct, by input column. */
export const CORRECTIONS = [
  { key: 'newName', field: 'name', label: '户名' },
  { key: 'newMobile', field: 'mobile', label: '手机' },
  { key: 'newLandline', field: 'landline', label: '固话' },
  { key: 'newAddress', field: 'address', label: '用电地址' },
  { key: 'newCertNo', field: 'cert_no', label: '证件号' },
] as const satisfies readonly { key: ColumnKey; field: string; label: string }[];
export type CorrectableField = (typeof CORRECTIONS)[number]['field'];
