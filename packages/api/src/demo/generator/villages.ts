// Village committees and communities for towns whose real villages are not shipped (every
// province but Yunnan): plausible names in the common patterns (李家村, 上坪村, 桂园社区), made
// from the town's code alone, so a province's org tree and station weights never depend on the
// seed. The caller drops any that name another place (mentionsForeignPlace).

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万覃',
];
const PREFIXES = [...'大小上下东西南北前后新老中高长石马黄白红青柳杨桃杏枣松竹双三五七岔沙'];
const FEATURES = [...'坪湾塘岭沟河桥庄营屯堡寨田洼店坡岗冲坝峪台井林园泉滩铺集围坑'];
const KIN_ENDINGS = ['家', '家庄', '家湾', '家坪', '家寨', '庄', '屯', '家洼', '家岭', '家沟'];
const COMMUNITY_STEMS = [
  '东门',
  '西门',
  '南关',
  '北关',
  '桂园',
  '荷花',
  '梅园',
  '竹园',
  '桃源',
  '杏林',
  '金桥',
  '银湖',
  '翠苑',
  '锦华',
  '华苑',
  '丽景',
  '康乐',
  '安居',
  '和谐',
  '松林',
  '枫林',
  '茶园',
  '学苑',
  '书院',
  '文峰',
  '凤鸣',
  '碧水',
  '清泉',
  '城南',
  '城北',
  '城东',
  '城西',
  '东湖',
  '西苑',
  '南苑',
  '北苑',
  '水岸',
  '星河',
  '龙腾',
  '紫荆',
];

/** A small PRNG seeded from the town code (FNV-1a, then xorshift): stable across runs and seeds. */
function townStream(code: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < code.length; i++) h = Math.imul(h ^ code.charCodeAt(i), 16777619);
  let x = h >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2 ** 32;
  };
}

const pick = <T>(next: () => number, list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;

/**
 * Made-up villages of one town: 4–12 communities for a subdistrict (街道), 6–20 villages otherwise,
 * distinct within the town.
 * @example madeUpVillages('440103001', true) // ['桂园社区', '城东社区', …]
 */
export function madeUpVillages(townCode: string, isSubdistrict: boolean): string[] {
  const next = townStream(townCode);
  const count = isSubdistrict ? 4 + Math.floor(next() * 9) : 6 + Math.floor(next() * 15);
  const names = new Set<string>();
  for (let tries = 0; names.size < count && tries < count * 20; tries++) {
    if (isSubdistrict) {
      names.add(`${pick(next, COMMUNITY_STEMS)}社区`);
      continue;
    }
    const r = next();
    if (r < 0.4) names.add(`${pick(next, SURNAMES)}${pick(next, KIN_ENDINGS)}村`);
    else if (r < 0.9) names.add(`${pick(next, PREFIXES)}${pick(next, FEATURES)}村`);
    else names.add(`${pick(next, PREFIXES)}${pick(next, FEATURES)}${pick(next, FEATURES)}村`);
  }
  return [...names];
}
