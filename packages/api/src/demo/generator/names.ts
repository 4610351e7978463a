// Personal names: a weighted surname table (national frequencies plus Yunnan's Bai, Naxi, Yi and
// Dai surnames), one or two given-name characters, Dai and Tibetan names without a surname, and
// rare names with the middle dot U+00B7. Every clean name is checked against the name rules.
import { weighted, type Rng } from './rng.ts';

const SURNAMES = weighted<string>([
  ['王', 71],
  ['李', 74],
  ['张', 66],
  ['刘', 54],
  ['陈', 46],
  ['杨', 40],
  ['黄', 25],
  ['赵', 25],
  ['吴', 21],
  ['周', 21],
  ['徐', 17],
  ['孙', 15],
  ['马', 17],
  ['朱', 13],
  ['胡', 13],
  ['郭', 12],
  ['何', 12],
  ['高', 11],
  ['林', 11],
  ['罗', 14],
  ['郑', 10],
  ['梁', 9],
  ['谢', 8],
  ['宋', 7],
  ['唐', 7],
  ['许', 7],
  ['韩', 7],
  ['冯', 7],
  ['邓', 7],
  ['曹', 6],
  ['彭', 6],
  ['曾', 6],
  ['肖', 6],
  ['田', 6],
  ['董', 5],
  ['袁', 5],
  ['潘', 5],
  ['于', 5],
  ['蒋', 5],
  ['蔡', 5],
  ['余', 5],
  ['杜', 5],
  ['叶', 5],
  ['程', 5],
  ['苏', 4],
  ['魏', 4],
  ['吕', 4],
  ['丁', 4],
  ['任', 4],
  ['沈', 4],
  ['姚', 4],
  ['卢', 4],
  ['姜', 4],
  ['崔', 3],
  ['钟', 3],
  ['谭', 3],
  ['陆', 3],
  ['汪', 3],
  ['范', 3],
  ['金', 3],
  ['石', 3],
  ['廖', 3],
  ['贾', 3],
  ['夏', 3],
  ['韦', 3],
  ['付', 3],
  ['方', 3],
  ['白', 4],
  ['邹', 3],
  ['孟', 2],
  ['熊', 2],
  ['秦', 2],
  ['邱', 2],
  ['江', 2],
  ['尹', 3],
  ['薛', 2],
  ['闫', 2],
  ['段', 5],
  ['雷', 2],
  ['侯', 2],
  ['龙', 2],
  ['史', 2],
  ['陶', 2],
  ['黎', 2],
  ['贺', 2],
  ['顾', 2],
  ['毛', 2],
  ['郝', 2],
  ['龚', 2],
  ['邵', 2],
  ['普', 3],
  ['和', 3],
  ['字', 1],
  ['者', 0.5],
  ['刀', 1],
  ['鲁', 1],
  ['杞', 0.5],
  ['起', 0.5],
  ['木', 0.5],
  ['纳', 0.5],
  ['沙', 0.5],
  ['保', 0.5],
  ['施', 1],
  ['左', 1],
  ['角', 0.3],
  ['晏', 0.5],
  ['缪', 0.5],
  ['耿', 0.5],
  ['欧阳', 0.3],
  ['司马', 0.1],
  ['上官', 0.1],
  ['诸葛', 0.1],
]);

const MALE_CHARS = [
  ...'伟强磊军勇杰涛明超华建国平刚斌辉波鹏飞林峰俊浩宇龙海文东亮成福荣兴忠德祥云春金贵生永学志光正家良顺昌才富有发宏红顺江元庆武祖开培',
];
const FEMALE_CHARS = [
  ...'芳娜敏静丽艳娟霞秀英燕玲萍红梅兰琴慧婷雪莉颖洁琳丹凤珍菊桂芬翠美仙蓉娇琼彩花月萍巧润春',
];
const DAI_MALE = [...'温罕香保庄光应叫甩坎拉南'];
const DAI_FEMALE = [...'香叫罕应光南囡万喃'];
const TIBETAN = ['扎西', '次仁', '格桑', '顿珠', '卓玛', '拉姆', '央金', '达瓦', '尼玛', '平措'];
const DOT_FIRST = [
  '阿卜杜热合曼',
  '买买提',
  '阿依古丽',
  '艾力',
  '努尔',
  '热依拉',
  '穆罕默德',
  '帕提古丽',
  '依明',
  '古丽',
];
const DOT_SECOND = ['买买提', '吐尔逊', '艾买提', '阿不都', '依明', '热合曼', '卡德尔', '哈力克'];

const TEXTBOOK = new Set(['张三', '李四', '王五', '赵六']);
const HONORIFIC =
  /^\p{Script=Han}{1,2}(先生|女士|小姐|师傅|老板|经理|老师|医生|大爷|大妈|阿姨|大哥|大姐|老板娘|总)$/u;
const NOT_A_PERSON =
  /(公司|集团|厂|店|超市|商行|经营部|门市|合作社|中心|委员会|村委会?|居委会?|社区|村民小组|小组|学校|小学|中学|幼儿园|医院|卫生院|卫生室|银行|站|所|局|院|馆|场|队|部|会|寺|庙|教堂|路灯|抽水|水泵|泵站|提灌|公厕|公用|工地|临时用电|施工)$/;
const PLACEHOLDER =
  /^(户主|用户|客户|业主|住户|测试|测试户|未知|不详|无|无名|无名氏|匿名|某某|某人|先生|女士|小姐|同上|本人|临时户?|待定|待查|待补充?|待核实|暂无|空|公用|集体户)$/;

/** The name rules (NM-01…NM-12) a clean residential name must pass, including INFO-level ones. */
export function isCleanPersonName(name: string): boolean {
  const shape =
    /^\p{Script=Han}{2,4}$/u.test(name) || /^\p{Script=Han}{1,10}(·\p{Script=Han}{1,10}){1,3}$/u.test(name);
  return (
    shape &&
    !PLACEHOLDER.test(name) &&
    !TEXTBOOK.has(name) &&
    !HONORIFIC.test(name) &&
    !NOT_A_PERSON.test(name) &&
    !/^(.)\1+$/u.test(name) &&
    !/某/.test(name)
  );
}

function givenName(rng: Rng, chars: readonly string[]): string {
  return rng.chance(0.78) ? rng.pick(chars) + rng.pick(chars) : rng.pick(chars);
}

// Uyghur and Kazakh given names (own name · father's name), for Xinjiang's name mix.
const XINJIANG_GIVEN = [
  ...DOT_FIRST,
  '阿卜杜拉',
  '艾尔肯',
  '艾合买提',
  '艾则孜',
  '麦麦提',
  '吐尔洪',
  '努尔买买提',
  '热依木',
  '肉孜',
  '斯拉木',
  '塔依尔',
  '乌斯曼',
  '牙生',
  '伊力哈木',
  '玉素甫',
  '再努拉',
  '叶尔兰',
  '努尔兰',
  '阿依努尔',
  '古丽娜尔',
  '古丽巴哈尔',
  '努尔古丽',
  '米日古丽',
  '祖丽皮亚',
  '阿米娜',
  '布合力且姆',
  '加娜尔',
  '阿依达娜',
];
const XINJIANG_FATHER = [
  ...DOT_SECOND,
  '阿卜杜拉',
  '艾力',
  '麦麦提',
  '吐尔洪',
  '肉孜',
  '斯拉木',
  '塔依尔',
  '玉素甫',
  '努尔兰',
  '别克',
  '阿斯哈尔',
];

/** Shares of names outside the Han surname table, where they differ from Yunnan's pattern. */
export interface NameMix {
  /** own name · father's name (Uyghur, Kazakh…) */
  dot: number;
  /** 扎西次仁, 卓玛 */
  tibetan: number;
}

function mixedName(rng: Rng, mix: NameMix): string {
  const r = rng.next();
  if (r < mix.dot) {
    const first = rng.pick(XINJIANG_GIVEN);
    let second = rng.pick(XINJIANG_FATHER);
    if (second === first) second = '吐尔逊';
    return `${first}·${second}`;
  }
  if (r < mix.dot + mix.tibetan) {
    const first = rng.pick(TIBETAN);
    const second = rng.pick(TIBETAN);
    return first === second ? first : first + second;
  }
  const chars = rng.chance(0.5) ? MALE_CHARS : FEMALE_CHARS;
  return SURNAMES.draw(rng) + givenName(rng, chars);
}

function candidateName(rng: Rng, minorityBias: number | NameMix): string {
  if (typeof minorityBias !== 'number') return mixedName(rng, minorityBias);
  const r = rng.next();
  if (r < 0.0015) {
    let second = rng.pick(DOT_SECOND);
    const first = rng.pick(DOT_FIRST);
    if (second === first) second = '吐尔逊';
    return `${first}·${second}`;
  }
  if (r < 0.0015 + 0.02 * minorityBias) {
    return rng.chance(0.5) ? `岩${rng.pick(DAI_MALE)}` : `玉${rng.pick(DAI_FEMALE)}`;
  }
  if (r < 0.0015 + 0.025 * minorityBias) {
    const first = rng.pick(TIBETAN);
    const second = rng.pick(TIBETAN);
    return first === second ? first : first + second;
  }
  const chars = rng.chance(0.5) ? MALE_CHARS : FEMALE_CHARS;
  return SURNAMES.draw(rng) + givenName(rng, chars);
}

/**
 * A clean personal name: Yunnan's mix, where `minorityBias` ≥ 1 raises the share of Dai and
 * Tibetan names (Pu'er, Lijiang), or another province's NameMix (Xinjiang, Tibet…).
 */
export function personName(rng: Rng, minorityBias: number | NameMix = 1): string {
  for (;;) {
    const name = candidateName(rng, minorityBias);
    if (isCleanPersonName(name)) return name;
  }
}

/** Another holder's name: a different surname before the same given name (孙文华 → 白文华), a typical copied-ID case. */
export function otherSurnameSameGiven(name: string, rng: Rng): string {
  const simple = [...name].length === 3 && !name.includes('·');
  for (;;) {
    const candidate = simple ? SURNAMES.draw(rng) + name.slice(1) : personName(rng);
    if (candidate !== name && isCleanPersonName(candidate)) return candidate;
  }
}

/** Name-field values the name rules must reject, by kind (a residential holder unless stated). */
export function badPersonName(kind: string, rng: Rng): string {
  const base = personName(rng);
  switch (kind) {
    case 'placeholder':
      return rng.pick(['户主', '用户', '测试', '未知', '无', '空', '客户', '业主', '不详', '待核实', '暂无']);
    case 'digit_in_name':
      return rng.chance(0.7)
        ? base + String(rng.int(1, 9))
        : base.slice(0, 1) + String(rng.int(1, 9)) + base.slice(1);
    case 'latin_in_name':
      return rng.chance(0.5)
        ? rng.pick(['Zhang Wei', 'Li Na', 'Wang Fang', 'Liu Yang', 'Yang Jie', 'Chen Jing', 'ZHAO LEI'])
        : base.slice(0, 1) + rng.pick(['A', 'B', 'Y', 'a', 'L']) + base.slice(1);
    case 'anonymised':
      return base.slice(0, 1) + rng.pick(['某', '某某', 'xx', 'XX', '**']);
    default:
      throw new Error(`unknown name defect ${kind}`);
  }
}

/** NORM-02 noise: spaces inside a Han name, or a look-alike dot in a minority name. */
export function nameFormatNoise(name: string, rng: Rng): { value: string; kind: string } {
  if (name.includes('·'))
    return { value: name.replace('·', rng.pick(['•', '・', '.', '．'])), kind: 'format_dot_variant' };
  const chars = [...name];
  const at = rng.int(1, chars.length - 1);
  chars.splice(at, 0, rng.pick([' ', '　', '  ']));
  return { value: chars.join(''), kind: 'format_spaces' };
}
