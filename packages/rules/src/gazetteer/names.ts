// The ways a division's name is written in addresses: 峨山彝族自治县 → 峨山县 → 峨山;
// 红河哈尼族彝族自治州 → 红河州 → 红河; 云南省 → 云南; 广西壮族自治区 → 广西.

/** full: the official name; short: ethnic part dropped, level word kept (峨山县, 红河州);
 * bare: no level word at all (峨山, 玉溪) — only trusted at the start of an address;
 * former: a name the division had before a rename or upgrade (禄丰县 → 禄丰市). */
export type NameForm = 'full' | 'short' | 'bare' | 'former';

// The 55 minority nationalities, longest first so 哈尼 wins over 哈.
const ETHNIC_GROUPS = [
  '柯尔克孜',
  '乌孜别克',
  '维吾尔',
  '哈萨克',
  '塔吉克',
  '俄罗斯',
  '鄂温克',
  '鄂伦春',
  '达斡尔',
  '塔塔尔',
  '蒙古',
  '布依',
  '朝鲜',
  '土家',
  '哈尼',
  '傈僳',
  '高山',
  '拉祜',
  '东乡',
  '纳西',
  '景颇',
  '仫佬',
  '布朗',
  '撒拉',
  '毛南',
  '仡佬',
  '锡伯',
  '阿昌',
  '普米',
  '德昂',
  '保安',
  '裕固',
  '独龙',
  '赫哲',
  '门巴',
  '珞巴',
  '基诺',
  '回',
  '藏',
  '苗',
  '彝',
  '壮',
  '满',
  '侗',
  '瑶',
  '傣',
  '白',
  '黎',
  '佤',
  '畲',
  '水',
  '土',
  '羌',
  '怒',
  '京',
];
const AUTONOMOUS = new RegExp(`^(.+?)(?:(?:${ETHNIC_GROUPS.join('|')})族)+自治(州|县|旗)$`);
const PROVINCE_SPECIAL: Readonly<Record<string, string>> = {
  内蒙古自治区: '内蒙古',
  广西壮族自治区: '广西',
  西藏自治区: '西藏',
  宁夏回族自治区: '宁夏',
  新疆维吾尔自治区: '新疆',
  香港特别行政区: '香港',
  澳门特别行政区: '澳门',
};

/** Every written form of one division name, with its kind. */
export function nameForms(name: string, level: 'province' | 'city' | 'county'): [string, NameForm][] {
  const forms: [string, NameForm][] = [[name, 'full']];
  const bare = (b: string) => {
    if (b.length >= 2 && b !== name) forms.push([b, 'bare']);
  };
  if (level === 'province') {
    bare(PROVINCE_SPECIAL[name] ?? name.replace(/[省市]$/, ''));
    return forms;
  }
  const auto = AUTONOMOUS.exec(name);
  if (auto?.[1] && auto[2]) {
    const base = auto[1];
    forms.push([base + auto[2], 'short']);
    bare(base);
    return forms;
  }
  const plain = /^(.+?)(?:地区|市|县|区|盟|旗|林区|特区)$/.exec(name);
  if (plain?.[1]) bare(plain[1]);
  return forms;
}
