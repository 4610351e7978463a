import { describe, expect, it } from 'vitest';
import { runCheck } from '../../test-support.ts';
import { nameResidentialCheck } from './name-residential.ts';

const check = (v: string, params = {}, rec = {}) => runCheck(nameResidentialCheck, 'name', v, params, rec);

describe('name.residential', () => {
  it.each([
    '张伟',
    '王秀英',
    '欧阳娜娜',
    '司马光明',
    '扎西顿珠',
    '岩温',
    '玉香',
    '普正华',
    '刘䶮',
    '张𠮷',
    '李𬱖𬱖',
    '乐乐',
    '阿卜杜热合曼·买买提',
    '买买提·吐尔逊·阿不都',
    '爱新觉罗·溥仪',
    '阿卜杜热合曼•买买提',
    '李 明',
    '王秀会',
    '李建国',
    '诸葛亮',
    '杨丽萍',
    '普兰英',
    '者米拉',
    '刀美兰',
  ])('accepts %s', (v) => expect(check(v)).toBeUndefined());

  it.each([
    ['户主', 'name.placeholder'],
    ['用户', 'name.placeholder'],
    ['测试', 'name.placeholder'],
    ['未知', 'name.placeholder'],
    ['无', 'name.placeholder'],
    ['空', 'name.placeholder'],
    ['不详', 'name.placeholder'],
    ['x', 'name.placeholder'],
    ['XX', 'name.placeholder'],
    ['***', 'name.placeholder'],
    ['test', 'name.placeholder'],
    ['0', 'name.placeholder'],
    ['张某', 'name.anonymised'],
    ['张某某', 'name.anonymised'],
    ['王xx', 'name.anonymised'],
    ['李**', 'name.anonymised'],
    ['王?芳', 'name.lost_char'],
    ['王□芳', 'name.lost_char'],
    ['王？芳', 'name.lost_char'],
    ['王\uE3B5芳', 'name.private_use_char'],
    ['张伟2', 'name.has_digit'],
    ['1号楼', 'name.has_digit'],
    ['Zhang Wei', 'name.pinyin'],
    ['张Wei', 'name.has_latin'],
    ['张伟（已故）', 'name.bad_char'],
    ['张伟/李娜', 'name.bad_char'],
    ['·买买提', 'name.stray_dot'],
    ['买买提·', 'name.stray_dot'],
    ['李', 'name.too_short'],
    ['欧阳', 'name.surname_only'],
    ['司马', 'name.surname_only'],
    ['王先生', 'name.honorific'],
    ['李女士', 'name.honorific'],
    ['张师傅', 'name.honorific'],
    ['张三', 'name.textbook'],
    ['李四', 'name.textbook'],
    ['乐乐乐', 'name.repeated'],
    ['大寨村民小组抽水站', 'name.not_a_person'],
    ['路灯', 'name.not_a_person'],
    ['峨山县双江街道柏锦社区居委会', 'name.not_a_person'],
    ['双江加油站', 'name.not_a_person'],
    ['玉溪兴农有限公司', 'name.not_a_person'],
    ['张王李赵陈刘杨', 'name.too_long'],
    ['张王秀英', undefined],
    ['张王秀英华', 'name.long'],
  ])('%s → %s', (v, code) => expect(check(v)?.code).toBe(code));

  it('gives severities: WARN for honorifics, INFO for long names and Latin names with a foreign document', () => {
    expect(check('王先生')?.severity).toBe('warning');
    expect(check('张王秀英华')?.severity).toBe('info');
    expect(check('JOHN SMITH', {}, { cert_type: 'passport' })).toMatchObject({
      code: 'name.latin',
      severity: 'info',
    });
    expect(check('户主')?.severity).toBeUndefined(); // the rule's severity (error)
  });

  it('suggests the fix for stray dots', () => {
    expect(check('买买提·吐尔逊·')?.suggested).toBe('买买提·吐尔逊');
  });

  it('takes its lists from params', () => {
    expect(check('房客', { placeholders: ['房客'] })?.code).toBe('name.placeholder');
    expect(check('户主', { placeholders: [] })).toBeUndefined();
    expect(check('张王李赵陈刘杨', { maxLength: 8 })?.code).toBe('name.long');
  });
});
