// Test-only: the catalogue's single-record rules (cn-validation-rules.md), written out again
// independently of the generator, so the tests judge generated values by the catalogue, not by
// the code that made them.
import { TEST_EPOCH } from '../../testing/clock.ts';

const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
]);

function realDate(yyyymmdd: string): Date | undefined {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
    ? date
    : undefined;
}

/** ID-01…ID-04 and ID-08 for an 18-character resident ID. */
export function isValidResidentId(id: string, today: Date = TEST_EPOCH): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  if (['11010519491231002X', '440524188001010014'].includes(id) || /^(\d)\1{17}$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(id[i]) * (ID_W[i] ?? 0);
  if ('10X98765432'[sum % 11] !== id[17]) return false;
  const dob = realDate(id.slice(6, 14));
  return !!dob && dob >= new Date(Date.UTC(1880, 0, 1)) && dob <= today && PROVINCES.has(id.slice(0, 2));
}

const CC = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CC_W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const CATEGORIES: Record<string, string> = {
  '1': '1239',
  '2': '19',
  '3': '123459',
  '4': '19',
  '5': '1239',
  '6': '129',
  '7': '129',
  '8': '19',
  '9': '123',
  A: '19',
  N: '1239',
  Y: '1',
};

/** CC-01…CC-05 for a unified social credit code. */
export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CC.indexOf(code[i] ?? '') * (CC_W[i] ?? 0);
  if (CC[(31 - (sum % 31)) % 31] !== code[17]) return false;
  if (!(CATEGORIES[code[0] ?? ''] ?? '').includes(code[1] ?? '-')) return false;
  if (!PROVINCES.has(code.slice(2, 4))) return false;
  const org = [3, 7, 9, 10, 5, 8, 4, 2].reduce((s, w, i) => s + parseInt(code[8 + i] ?? '0', 36) * w, 0);
  const c = 11 - (org % 11);
  return (c === 10 ? 'X' : c === 11 ? '0' : String(c)) === code[16];
}

const MOBILE_SEGMENT = /^1(3[0-35-9]|34[0-8]|5[0-35-9]|66|7[35-8]|8\d|9[0-35-9]|70|71)/;

/** PH-02…PH-04 and PH-07: an 11-digit handset (or MVNO) number that is not a placeholder. */
export function isCleanMobile(value: string): boolean {
  if (!/^1\d{10}$/.test(value) || !MOBILE_SEGMENT.test(value)) return false;
  if (/^(\d)\1+$/.test(value) || /(\d)\1{6}$/.test(value) || hasAscendingRun(value, 8)) return false;
  return !['13800138000', '13800000000', '13900000000', '13000000000', '18888888888', '12345678901'].includes(
    value,
  );
}

function hasAscendingRun(digits: string, n: number): boolean {
  let run = 1;
  for (let i = 1; i < digits.length; i++) {
    run = Number(digits[i]) === Number(digits[i - 1]) + 1 ? run + 1 : 1;
    if (run >= n) return true;
  }
  return false;
}

/** LL-01…LL-03 and PH-04: `0877-2345678` with the city's area code and local length. */
export function isCleanLandline(value: string, areaCode: string, localLength: number): boolean {
  const m = /^(0\d{2,3})-([2-8]\d+)$/.exec(value);
  if (!m || m[1] !== areaCode || m[2]?.length !== localLength) return false;
  const national = value.replace('-', '');
  return !/(\d)\1{6}$/.test(national) && !hasAscendingRun(national, 8);
}

/** NM-01…NM-12 for a residential holder's name. */
export function isCleanPersonName(name: string): boolean {
  const shape =
    /^\p{Script=Han}{2,4}$/u.test(name) || /^\p{Script=Han}{1,10}(·\p{Script=Han}{1,10}){1,3}$/u.test(name);
  if (!shape || /^(.)\1+$/u.test(name) || /某/.test(name) || ['张三', '李四', '王五', '赵六'].includes(name))
    return false;
  if (/^(户主|用户|客户|业主|住户|测试|未知|不详|无|空|暂无|待核实|公用|集体户)$/.test(name)) return false;
  if (
    /^\p{Script=Han}{1,2}(先生|女士|小姐|师傅|老板|经理|老师|医生|大爷|大妈|阿姨|大哥|大姐|老板娘|总)$/u.test(
      name,
    )
  )
    return false;
  return !/(公司|厂|店|超市|合作社|中心|委员会|社区|小组|学校|小学|医院|卫生院|卫生室|站|所|局|院|馆|场|队|部|会|寺|庙|路灯|抽水|泵站|提灌|公厕|公用|临时用电)$/.test(
    name,
  );
}

/** ORG-01, ORG-02, ORG-04 for a non-residential customer's name. */
export function isCleanOrgName(name: string): boolean {
  if (name.length < 4 || /某某|xx|\*|\?|□/i.test(name)) return false;
  return /(有限责任公司|股份有限公司|有限公司|公司|厂|店|超市|商店|经营部|合作社|中心|小学|中学|幼儿园|卫生院|卫生室|委员会|部)$/.test(
    name,
  );
}

/** AD-01…AD-06: names the county, reaches a village or community, has a house number, nothing vague. */
export function isCleanAddress(
  address: string,
  countyName: string,
  otherCountyNames: readonly string[],
): boolean {
  if (!address.includes(countyName) || address.split(countyName).length > 2) return false;
  if (!/(村|社区)\S*\d+号/.test(address)) return false;
  if (/附近|旁边|对面|后面|隔壁|往前|路口|不详|同上|见上/.test(address)) return false;
  return !otherCountyNames.some((n) => n !== countyName && !countyName.includes(n) && address.includes(n));
}

/** NORM-01 for phones: NFKC, then drop +86 and separators. */
export function normalisePhone(value: string): string {
  return value.normalize('NFKC').replace(/^\+86/, '').replace(/[\s-]/g, '');
}

/** NORM-02 for names: NFKC, no whitespace, dot variants → U+00B7. */
export function normaliseName(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[•・.．\u2027\u2219\u22C5\uFF65\u0387]/g, '·');
}
