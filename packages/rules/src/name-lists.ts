// Word lists shared by the name checks (catalogue §5, NM-01…12, ORG-01…04). Each is a default
// that a rule's params can replace.

/** NM-01: whole-name stand-ins (compared case-insensitively). */
export const DEFAULT_NAME_PLACEHOLDERS = [
  '户主', '用户', '客户', '业主', '住户', '测试', '测试户', '未知', '不详', '无', '无名', '无名氏', '匿名', '某某', '某人',
  '先生', '女士', '小姐', '同上', '本人', '临时', '临时户', '待定', '待查', '待补', '待补充', '待核实', '暂无', '空',
  '公用', '集体户', '户名', '姓名', '租户', '房东', 'test', 'null', 'none', 'na', 'n/a', 'x', 'xx', 'xxx',
];

/** Matches stand-ins the list cannot enumerate: x…, *…, ?…, -…, 0…, 1…. */
export const PLACEHOLDER_SHAPE = /^(?:x+|×+|\*+|＊+|\?+|-+|0+|1+|\.+|·+)$/i;

/** NM-02: 张某, 张某某, 王xx, 李** (a person anonymised on entry). */
export const ANONYMISED_PERSON = /^\p{Script=Han}{1,2}(?:某+|[xX×*＊]+)$/u;

/** NM-04: a rare character lost on entry. */
export const LOST_CHAR = /[?？□■〓*�]/;

/** NM-05: Private Use Area (legacy self-made characters). */
export const PRIVATE_USE = /[\uE000-\uF8FF]/;

/** NM-06: compound surnames that are not a name by themselves. */
export const COMPOUND_SURNAMES = new Set([
  '欧阳', '司马', '上官', '诸葛', '东方', '皇甫', '尉迟', '公孙', '慕容', '长孙', '宇文', '司徒', '令狐', '夏侯', '轩辕',
  '端木', '独孤', '南宫', '西门', '百里', '呼延', '澹台', '公冶', '太史', '申屠', '钟离', '闻人', '赫连', '万俟', '濮阳',
  '单于', '第五', '拓跋',
]);

/** NM-08: a surname plus a form of address instead of a given name. */
export const DEFAULT_HONORIFICS = [
  '先生', '女士', '小姐', '师傅', '老板', '经理', '老师', '医生', '大爷', '大妈', '阿姨', '大哥', '大姐', '老板娘', '总',
];

/** NM-03: textbook names (can be real: WARN only). */
export const DEFAULT_TEXTBOOK_NAMES = ['张三', '李四', '王五', '赵六'];

/** NM-09: words that end the name of an organisation or facility, not a person. */
export const DEFAULT_NOT_PERSON_WORDS = [
  '公司', '集团', '厂', '店', '超市', '商行', '经营部', '门市', '合作社', '中心', '委员会', '村委会', '村委', '居委会', '居委',
  '社区', '村民小组', '小组', '学校', '小学', '中学', '幼儿园', '医院', '卫生院', '卫生室', '银行', '站', '所', '局', '院',
  '馆', '场', '队', '部', '会', '寺', '庙', '教堂', '路灯', '抽水', '水泵', '泵站', '提灌', '公厕', '公用', '工地',
  '临时用电', '施工', '基站', '养殖', '加工',
];

/** ORG-01: endings of an organisation's name (《企业名称登记管理规定》 组织形式, public bodies, facilities). */
export const DEFAULT_ORG_SUFFIXES = [
  '有限责任公司', '股份有限公司', '有限公司', '公司', '分公司', '集团', '厂', '分厂', '店', '分店', '超市', '商行', '商店',
  '经营部', '营业部', '门市部', '门市', '办事处', '工作室', '事务所', '合作社', '联合社', '中心', '研究院', '研究所',
  '学校', '小学', '中学', '大学', '学院', '幼儿园', '医院', '卫生院', '卫生室', '诊所', '药房', '药店', '银行', '支行',
  '分行', '信用社', '委员会', '村委会', '居委会', '管委会', '村民小组', '小组', '政府', '局', '所', '站', '馆', '场', '园',
  '院', '部', '社', '会', '协会', '商会', '基金会', '寺', '庙', '教堂', '队', '处', '厅', '室', '行', '庄', '坊', '吧',
  '基地', '公寓', '酒楼', '宾馆', '物业', '路灯', '抽水', '泵站', '提灌', '公厕', '工地', '临时用电', '施工用电', '(普通合伙)',
  '(有限合伙)', '(特殊普通合伙)', '(个人独资)',
];

/** ORG-02: an organisation anonymised on entry. */
export const ANONYMISED_ORG = /某某|xx|XX|[*＊?？□]/;

/** NM-06 person shape: 2–6 Han, or 1–10 Han parts joined by U+00B7 (2–4 parts). */
export const PERSON_HAN = /^\p{Script=Han}{2,6}$/u;
export const PERSON_DOTTED = /^\p{Script=Han}{1,10}(?:·\p{Script=Han}{1,10}){1,3}$/u;

/** Builds a test "does the text end with one of these words" (longest first, one regex). */
export function endsWithAny(words: readonly string[]): RegExp {
  const escaped = [...words].sort((a, b) => b.length - a.length).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?:${escaped.join('|')})$`, 'u');
}
