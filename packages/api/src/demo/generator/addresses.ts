// Supply addresses inside the station's county: county, town and village from the gazetteer, then
// 组/号 in the countryside or road + 号 + 栋/单元/室 in subdistricts. A clean address always names the
// county and reaches the village level with a house number, so it passes AD-01…AD-06.
import { mentionsForeignPlace, type County, type Town } from './gazetteer.ts';
import type { Rng } from './rng.ts';

export interface Place {
  county: County;
  town: Town;
  village: string;
}

const ROAD_CANDIDATES = [
  '人民路',
  '建设路',
  '解放路',
  '文化路',
  '新华路',
  '东风路',
  '青年路',
  '民族路',
  '团结路',
  '学府路',
  '环城路',
  '园林路',
  '金星路',
  '兴隆街',
  '振兴路',
  '朝阳路',
  '滨河路',
  '育才路',
  '正义路',
  '光明路',
  '幸福路',
  '和平路',
  '友谊路',
  '胜利路',
  '复兴路',
  '春晖路',
  '府前街',
  '沿河路',
  '健康路',
  '迎宾路',
  '新建路',
  '中山路',
  '北环路',
  '南环路',
  '东环路',
  '西环路',
  '锦绣路',
  '康宁路',
  '翠屏路',
  '长春路',
  '金龙路',
  '玉泉路',
  '凤凰路',
  '丰收路',
  '红旗路',
  '工农路',
  '新街',
];

let roadsCache: Map<string, readonly string[]> | undefined;

/** 新街村 → 新街, 双江街道 → 双江: how a town or village is written without its ending. */
const shortPlaceName = (name: string): string => name.replace(/(?:街道|社区|村|镇|乡)$/, '');

/**
 * Road names usable in a county: none may contain another place's stem (永胜路 outside 永胜县), nor
 * read as one of the county's towns or villages (翠湖路 where there is a 翠湖社区; 新街 where there is
 * a 新街村: 胜境街道新街 would name a village, not a road without a number).
 */
export function roadsOf(county: County): readonly string[] {
  roadsCache ??= new Map();
  let roads = roadsCache.get(county.code);
  if (!roads) {
    const names = county.towns.flatMap((t) => [t.name, ...t.villages]);
    const local = names.join('|');
    const shorts = names.map(shortPlaceName).filter((n) => n.length >= 2);
    roads = ROAD_CANDIDATES.filter((r) => {
      const stem = r.replace(/(路|街)$/, '');
      return (
        !mentionsForeignPlace(r, county.code) &&
        (stem.length < 2 || !local.includes(stem)) &&
        !shorts.some((n) => r.includes(n))
      );
    });
    roadsCache.set(county.code, roads);
  }
  return roads;
}

/** Its official name, or now and then another form people write (乳源县, 增城市, 凉山州). */
function writtenAs(place: { name: string; otherForms: readonly string[] }, rng: Rng): string {
  if (place.otherForms.length === 0 || rng.chance(0.7)) return place.name;
  return rng.pick(place.otherForms);
}

/** The prefecture as written before a county: once only for 东莞市 (no counties), nothing for 市辖区. */
function cityPart(county: County, rng: Rng): string {
  return county.city.name === county.name ? '' : writtenAs(county.city, rng);
}

/** 云南省玉溪市峨山彝族自治县 / 玉溪市峨山彝族自治县 / 峨山彝族自治县 (北京市东城区: no 市辖区). */
function prefix(county: County, rng: Rng): string {
  const r = rng.next();
  if (r < 0.45) return `${county.city.province.name}${cityPart(county, rng)}${writtenAs(county, rng)}`;
  if (r < 0.8) return `${cityPart(county, rng)}${writtenAs(county, rng)}`;
  return writtenAs(county, rng);
}

function room(rng: Rng): string {
  return `${rng.int(1, 24)}栋${rng.int(1, 6)}单元${rng.int(1, 18)}${String(rng.int(1, 4)).padStart(2, '0')}室`;
}

/** The part after the village: 3组45号, 45号, 人民路12号, 人民路12号3栋2单元501室. */
function tail(place: Place, rng: Rng): string {
  const roads = roadsOf(place.county);
  if (place.town.isSubdistrict && roads.length > 0) {
    const base = `${rng.pick(roads)}${rng.int(1, 399)}号`;
    return rng.chance(0.5) ? base + room(rng) : base;
  }
  const r = rng.next();
  if (r < 0.6) return `${rng.int(1, 15)}组${rng.int(1, 120)}号`;
  if (r < 0.9 || roads.length === 0) return `${rng.int(1, 260)}号`;
  return `${rng.pick(roads)}${rng.int(1, 199)}号`;
}

/** A clean address at this place. */
export function address(place: Place, rng: Rng): string {
  return `${prefix(place.county, rng)}${place.town.name}${place.village}${tail(place, rng)}`;
}

/** A random place in a county of another prefecture (another county, in a one-city municipality). */
function foreignPlace(county: County, rng: Rng): Place {
  const all = county.city.province.counties;
  const others = all.filter((c) => c.city.code !== county.city.code);
  const other = rng.pick(others.length > 0 ? others : all.filter((c) => c.code !== county.code));
  const town = rng.pick(other.towns);
  return { county: other, town, village: rng.pick(town.villages) };
}

/** Address values the address rules must flag, by kind. */
export function badAddress(kind: string, place: Place, rng: Rng): string {
  const { county, town, village } = place;
  switch (kind) {
    case 'vague':
      return rng.pick(['不详', '同上', '无', '见上', '暂无', '待定', '未知', '空', '详见合同', '-']);
    case 'too_short': {
      const stem = village.replace(/(村|社区)$/, '').slice(0, 2);
      return village.endsWith('村') ? `${stem}村` : stem;
    }
    case 'county_only':
      return rng.chance(0.5)
        ? `${cityPart(county, rng)}${writtenAs(county, rng)}`
        : `${county.city.province.name}${cityPart(county, rng)}${writtenAs(county, rng)}`;
    case 'missing_village':
      return `${prefix(county, rng)}${town.name}`;
    case 'missing_house_number': {
      const roads = roadsOf(county);
      return `${prefix(county, rng)}${town.name}${rng.pick(roads.length > 0 ? roads : ROAD_CANDIDATES)}`;
    }
    case 'other_county': {
      const other = foreignPlace(county, rng);
      const head = rng.chance(0.5) ? county.city.province.name : '';
      return `${head}${cityPart(other.county, rng)}${writtenAs(other.county, rng)}${other.town.name}${other.village}${tail(other, rng)}`;
    }
    case 'relative_location':
      return `${prefix(county, rng)}${town.name}${village}${rng.pick(['小卖部旁边', '村委会对面', '学校后面', '卫生室隔壁', '大桥附近', '三岔路口'])}`;
    case 'format_dup_prefix':
      return `${county.name}${county.name}${town.name}${village}${tail(place, rng)}`;
    default:
      throw new Error(`unknown address defect ${kind}`);
  }
}
