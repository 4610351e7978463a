// Names of non-residential customers, built as 行政区划 + 字号 + 行业 + 组织形式 (企业名称登记管理规定),
// with the USCC authority/category that fits the form: 91 companies, 92 individual businesses,
// 93 farmers' cooperatives, 12 public institutions, 59 village and community committees.
import type { Place } from './addresses.ts';
import type { UsccKind } from './ids.ts';
import { weighted, type Rng } from './rng.ts';

const BRANDS = [
  '兴农',
  '鑫源',
  '宏达',
  '恒信',
  '金穗',
  '福顺',
  '绿源',
  '滇峰',
  '佳禾',
  '瑞丰',
  '永盛',
  '华泰',
  '润田',
  '鼎盛',
  '祥和',
  '锦程',
  '云岭',
  '彩云',
  '众诚',
  '新景',
  '凯隆',
  '聚丰',
  '同心',
  '天成',
  '益民',
  '康源',
  '茂林',
  '宏远',
  '信达',
  '金谷',
  '红土',
  '山泉',
  '嘉禾',
  '万通',
  '裕丰',
  '德润',
  '昊天',
  '润泽',
  '利民',
  '家和',
];
const INDUSTRIES = [
  '商贸',
  '建材',
  '农业科技',
  '食品',
  '茶业',
  '物流',
  '建筑工程',
  '矿业',
  '水泥制品',
  '电子科技',
  '汽车修理',
  '酒店管理',
  '房地产开发',
  '农产品加工',
  '生物科技',
  '花卉',
  '咖啡',
  '果蔬',
  '木业',
  '石材',
];
const SHOPS = [
  '商店',
  '经营部',
  '小卖部',
  '便利店',
  '超市',
  '加工厂',
  '农机修理部',
  '百货店',
  '米线店',
  '五金店',
];
const COOP_PRODUCTS = [
  '核桃',
  '烤烟',
  '蔬菜',
  '生猪',
  '肉牛',
  '中药材',
  '茶叶',
  '水果',
  '蚕桑',
  '花卉',
  '魔芋',
  '食用菌',
];

type Form = 'company' | 'individual' | 'coop' | 'institution' | 'committee';
const FORMS = weighted<Form>([
  ['company', 45],
  ['individual', 25],
  ['coop', 10],
  ['institution', 10],
  ['committee', 10],
]);

export interface Enterprise {
  name: string;
  usccKind: UsccKind;
}

function townStem(town: string): string {
  return town.replace(/(街道|镇|乡)$/, '');
}

/** A clean organisation name at this place, with the USCC category that registers it. */
export function enterprise(place: Place, rng: Rng): Enterprise {
  const { county, town, village } = place;
  switch (FORMS.draw(rng)) {
    case 'company': {
      const where = rng.pick([
        county.shortName,
        county.shortName,
        county.city.shortName,
        county.city.province.stem,
      ]);
      const form = rng.pick(['有限公司', '有限公司', '有限责任公司', '股份有限公司']);
      return { name: `${where}${rng.pick(BRANDS)}${rng.pick(INDUSTRIES)}${form}`, usccKind: '91' };
    }
    case 'individual':
      return {
        name: `${county.shortName}${townStem(town.name)}${rng.pick(BRANDS)}${rng.pick(SHOPS)}`,
        usccKind: '92',
      };
    case 'coop': {
      const kind = rng.pick(['种植', '养殖', '']);
      return {
        name: `${county.shortName}${town.name}${rng.pick(BRANDS)}${rng.pick(COOP_PRODUCTS)}${kind}专业合作社`,
        usccKind: '93',
      };
    }
    case 'institution': {
      const unit = rng.pick(['中心小学', '卫生院', '中学', '幼儿园', '农业农村服务中心']);
      if (
        unit === '中心小学' ||
        unit === '卫生院' ||
        unit === '农业农村服务中心' ||
        !village.endsWith('村')
      ) {
        return { name: `${county.shortName}${town.name}${unit}`, usccKind: '12' };
      }
      return {
        name: `${county.shortName}${town.name}${village}${rng.chance(0.5) ? '小学' : '卫生室'}`,
        usccKind: '12',
      };
    }
    case 'committee': {
      const committee = village.endsWith('村') ? `${village}民委员会` : `${village}居民委员会`;
      return { name: `${county.shortName}${town.name}${committee}`, usccKind: '59' };
    }
  }
}

/** Non-residential name values the organisation rules must flag, by kind. */
export function badEnterpriseName(kind: string, place: Place, rng: Rng): string {
  switch (kind) {
    case 'placeholder':
      return rng.pick(['无', '测试', '未知', '用户', '不详', '空', '公用']);
    case 'anonymised':
      return `${rng.pick([place.county.city.province.stem, place.county.shortName])}某某${rng.pick(INDUSTRIES)}有限公司`;
    default:
      throw new Error(`unknown organisation-name defect ${kind}`);
  }
}
