import { describe, expect, it } from 'vitest';
import { autonomousShortName, nameForms, placeStem } from './names.ts';

describe('autonomous short forms', () => {
  it.each([
    // 云南
    ['峨山彝族自治县', '峨山县'],
    ['红河哈尼族彝族自治州', '红河州'],
    ['双江拉祜族佤族布朗族傣族自治县', '双江县'],
    ['西双版纳傣族自治州', '西双版纳州'],
    // 四川, 贵州, 湖南, 吉林
    ['凉山彝族自治州', '凉山州'],
    ['三都水族自治县', '三都县'],
    ['湘西土家族苗族自治州', '湘西州'],
    ['延边朝鲜族自治州', '延边州'],
    // 新疆: nationalities of two characters or more are written without 族
    ['巴音郭楞蒙古自治州', '巴音郭楞州'],
    ['伊犁哈萨克自治州', '伊犁州'],
    ['克孜勒苏柯尔克孜自治州', '克孜勒苏州'],
    ['察布查尔锡伯自治县', '察布查尔县'],
    ['塔什库尔干塔吉克自治县', '塔什库尔干县'],
    // 广东, 广西: 各族
    ['乳源瑶族自治县', '乳源县'],
    ['连山壮族瑶族自治县', '连山县'],
    ['龙胜各族自治县', '龙胜县'],
    // 黑龙江, 内蒙古: banners, and names that are the nationality itself
    ['杜尔伯特蒙古族自治县', '杜尔伯特县'],
    ['莫力达瓦达斡尔族自治旗', '莫力达瓦旗'],
    ['鄂伦春自治旗', '鄂伦春旗'],
    ['鄂温克族自治旗', '鄂温克旗'],
    ['东乡族自治县', '东乡县'],
    ['互助土族自治县', '互助县'],
  ])('%s → %s', (name, short) => expect(autonomousShortName(name)).toBe(short));

  it.each(['玉溪市', '五华区', '广西壮族自治区', '自治区直辖县级行政区划', '白水县'])('%s has none', (name) =>
    expect(autonomousShortName(name)).toBeUndefined(),
  );
});

describe('name forms', () => {
  it.each([
    [
      '峨山彝族自治县',
      'county',
      [
        ['峨山彝族自治县', 'full'],
        ['峨山县', 'short'],
        ['峨山', 'bare'],
      ],
    ],
    [
      '巴音郭楞蒙古自治州',
      'city',
      [
        ['巴音郭楞蒙古自治州', 'full'],
        ['巴州', 'short'],
        ['巴音郭楞州', 'short'],
        ['巴音郭楞', 'bare'],
      ],
    ],
    [
      '东乡族自治县',
      'county',
      [
        ['东乡族自治县', 'full'],
        ['东乡县', 'short'],
      ],
    ],
    [
      '新疆维吾尔自治区',
      'province',
      [
        ['新疆维吾尔自治区', 'full'],
        ['新疆', 'bare'],
      ],
    ],
    [
      '黑龙江省',
      'province',
      [
        ['黑龙江省', 'full'],
        ['黑龙江', 'bare'],
      ],
    ],
    [
      '大兴安岭地区',
      'city',
      [
        ['大兴安岭地区', 'full'],
        ['大兴安岭', 'bare'],
      ],
    ],
    ['芒市', 'county', [['芒市', 'full']]],
  ] as const)('%s (%s)', (name, level, forms) => expect(nameForms(name, level)).toEqual(forms));

  it.each([
    ['凉山彝族自治州', 'city', '凉山'],
    ['广西壮族自治区', 'province', '广西'],
    ['东乡族自治县', 'county', '东乡县'],
    ['芒市', 'county', '芒市'],
  ] as const)('stem of %s is %s', (name, level, stem) => expect(placeStem(name, level)).toBe(stem));
});
