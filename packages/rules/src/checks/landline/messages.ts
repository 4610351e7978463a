// Default texts of the `landline` issue codes (zh-CN first); a rule embeds them with `{detail}`.
import type { LocalizedText } from '../../types.ts';

export const landlineMessages: Readonly<Record<string, LocalizedText>> = {
  'landline.empty': { zh: '固定电话为空', en: 'landline is empty' },
  'landline.format': {
    zh: '格式不规范，可自动修正为{canonical}',
    en: 'not in normal form; can be fixed to {canonical}',
  },
  'landline.missing_area_code': { zh: '缺少区号', en: 'area code missing' },
  'landline.unknown_area_code': { zh: '区号0{areaCode}不存在', en: 'area code 0{areaCode} does not exist' },
  'landline.local_first_digit': {
    zh: '本地号码不能以{digit}开头',
    en: 'a local number cannot start with {digit}',
  },
  'landline.length': {
    zh: '区号0{areaCode}的本地号码应为{expected}位，实际{length}位',
    en: 'area 0{areaCode} has {expected}-digit local numbers, not {length}',
  },
  'landline.invalid': { zh: '不是有效的固定电话', en: 'not a valid landline number' },
  'landline.area_mismatch': {
    zh: '区号0{areaCode}与客户所在地区（0{expected}）不符',
    en: "area code 0{areaCode} is not the customer's (0{expected})",
  },
  'landline.extension': {
    zh: '带分机号{ext}，可能是单位电话',
    en: 'has extension {ext}; probably an office line',
  },
  'landline.placeholder': {
    zh: '疑似占位号码（{reason}）',
    en: 'looks like a placeholder number ({reason})',
  },
  'landline.is_mobile': {
    zh: '填写的是手机号{mobile}，应移到手机栏',
    en: 'holds the mobile number {mobile}; move it to the mobile field',
  },
  'landline.service_number': {
    zh: '填写的是服务号码{number}，不是客户号码',
    en: 'holds the service number {number}, not a customer number',
  },
  'landline.looks_like_id': { zh: '填写的像是证件号码', en: 'looks like an ID number' },
  'landline.foreign': { zh: '境外号码{number}', en: 'foreign number {number}' },
  'landline.multiple': { zh: '一栏填写了{count}个号码', en: '{count} numbers in one field' },
  'landline.unparseable': {
    zh: '含有非号码字符，无法识别',
    en: 'contains characters that are not part of a phone number',
  },
};
