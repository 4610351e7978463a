import { describe, expect, it } from 'vitest';
import {
  isNfkcStable,
  normalizeAddress,
  normalizeField,
  normalizeIdNumber,
  normalizeName,
  normalizeText,
} from './normalize.ts';

describe('NORM-01 normalizeText', () => {
  it.each([
    ['０８７１－６５１２３４５６', '0871-65123456'],
    ['（０８７７）２３４５６７８', '(0877)2345678'],
    ['１３８　１２３４　５６７８', '138 1234 5678'],
    ['①号', '1号'],
    ['\uF90A', '\u91D1'],
    ['  a\u200Bb\uFEFF\u00AD  c\u00A0\u00A0d ', 'ab c d'],
    ['13987712345', '13987712345'],
    ['', ''],
  ])('%j → %j', (raw, out) => expect(normalizeText(raw)).toBe(out));
});

describe('NORM-02 normalizeName', () => {
  it.each([
    ['李 明', '李明'],
    ['阿卜杜热合曼•买买提', '阿卜杜热合曼·买买提'],
    ['阿卜杜热合曼・买买提', '阿卜杜热合曼·买买提'],
    ['阿卜杜热合曼‧买买提', '阿卜杜热合曼·买买提'],
    ['阿卜杜热合曼.买买提', '阿卜杜热合曼·买买提'],
    ['阿卜杜热合曼･买买提', '阿卜杜热合曼·买买提'],
    ['阿卜杜热合曼．买买提', '阿卜杜热合曼·买买提'],
    ['阿卜杜热合曼 · 买买提', '阿卜杜热合曼·买买提'],
    ['买买提··吐尔逊', '买买提·吐尔逊'],
    ['ＪＯＨＮ　ＳＭＩＴＨ', 'JOHN SMITH'],
    ['张𠮷', '张𠮷'],
  ])('%j → %j', (raw, out) => expect(normalizeName(raw)).toBe(out));
});

describe('NORM-04 normalizeIdNumber and addresses', () => {
  it.each([
    ['53280119831215460x', '53280119831215460X'],
    ['5304 2619-6503 1210 12', '530426196503121012'],
    ['９１５３０４２６ｍａ６ｋ１２３４９ｃ', '91530426MA6K12349C'],
  ])('%j → %j', (raw, out) => expect(normalizeIdNumber(raw)).toBe(out));

  it('addresses lose spaces next to Han characters and full-width forms', () => {
    expect(normalizeAddress('峨山县 双江街道　柏锦社区３组４５号')).toBe('峨山县双江街道柏锦社区3组45号');
    expect(normalizeField('address', undefined)).toBe('');
  });
});

describe('fast paths agree with the definitions they replace', () => {
  it.each([
    ['峨山县双江街道柏锦社区3组45号', true],
    ['阿卜杜·买买提', true],
    ['13987712345', true],
    ['', true],
    ['１３９', false],
    ['138 1234', false],
    ['\uF90A', false],
    ['a\u200Bb', false],
  ])('isNfkcStable(%j) = %j, and a stable value is left as it is', (s, stable) => {
    expect(isNfkcStable(s)).toBe(stable);
    if (stable) expect(normalizeText(s)).toBe(s);
  });

  it.each([
    '530426196503121012',
    '91530426MA6K12349C',
    '',
    '53280119831215460x',
    ' 5304 2619-6503 1210 12 ',
    '５３０４',
  ])('normalizeIdNumber(%j) is NFKC + strip + upper case', (s) =>
    expect(normalizeIdNumber(s)).toBe(
      normalizeText(s)
        .replace(/[\s\-—–_]/g, '')
        .toUpperCase(),
    ),
  );

  it('never hands a non-string through', () => {
    expect(normalizeIdNumber(530426 as unknown as string)).toBe('530426');
  });
});
