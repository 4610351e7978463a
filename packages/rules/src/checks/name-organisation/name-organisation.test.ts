import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import { nameOrganisationCheck } from './name-organisation.ts';

const check = (v: string, params = {}, rec = {}) =>
  runCheck(nameOrganisationCheck, 'name', v, params, {
    customer_type: 'non_residential',
    cert_type: 'uscc',
    cert_no: '91530426MA6K12349C',
    ...rec,
  });

describe('name.organisation', () => {
  it.each([
    '峨山彝族自治县甸中镇兴农养殖专业合作社',
    '峨山县双江街道柏锦社区居民委员会',
    '峨山县甸中镇大寨村民小组',
    '玉溪市红塔区张三小卖部',
    '云南玉溪兴农农业科技有限公司',
    '峨山县第一中学',
    '峨山县人民医院',
    '峨山县双江街道富泉村委会',
    '玉溪市自来水厂',
    '中国移动通信集团云南有限公司玉溪分公司',
    '峨山县双江加油站',
    '峨山县林业和草原局',
    '玉溪市第二幼儿园',
    '云南明远律师事务所（普通合伙）',
    '峨山县甸中镇卫生院',
    '双江街道柏锦社区路灯',
    '云南滇中建设工程有限公司（峨山项目部）',
  ])('accepts %s', (v) => expect(check(v)).toBeUndefined());

  it.each([
    ['测试', 'org.placeholder'],
    ['某某', 'org.placeholder'],
    ['无', 'org.placeholder'],
    ['云南某某建材有限公司', 'org.anonymised'],
    ['云南xx律师事务所（普通合伙）', 'org.anonymised'],
    ['云南□□建材有限公司', 'org.anonymised'],
    ['玉溪市峨山县双江街道', 'org.no_suffix'],
    ['兴农科技', 'org.no_suffix'],
    ['张伟', 'org.looks_like_person'],
    ['阿卜杜热合曼·买买提', 'org.looks_like_person'],
    ['砖厂', 'org.too_short'],
  ])('%s → %s', (v, code) => expect(check(v)?.code).toBe(code));

  it('a person-like name on an individual business (USCC 92…) is only INFO', () => {
    expect(check('张伟', {}, { cert_no: '92530426MA6P000199' })).toMatchObject({
      code: 'org.looks_like_person',
      severity: 'info',
    });
    expect(check('张伟')?.severity).toBe('warning');
  });

  it('takes its suffix list from params', () => {
    expect(check('兴农科技', { suffixes: ['科技'] })).toBeUndefined();
    expect(check('峨山县第一中学', { suffixes: ['公司'] })?.code).toBe('org.no_suffix');
  });
});
