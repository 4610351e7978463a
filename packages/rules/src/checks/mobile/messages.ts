// Default texts of the `mobile` issue codes (zh-CN first); a rule embeds them with `{detail}`.
import type { LocalizedText } from '../../types.ts';

export const mobileMessages: Readonly<Record<string, LocalizedText>> = {
  'mobile.empty': { zh: '手机号为空', en: 'mobile number is empty' },
  'mobile.format': {
    zh: '格式不规范，可自动修正为{canonical}',
    en: 'not in normal form; can be fixed to {canonical}',
  },
  'mobile.placeholder': { zh: '疑似占位号码（{reason}）', en: 'looks like a placeholder number ({reason})' },
  'mobile.unallocated': {
    zh: '号段{segment}未分配或不是手机号段',
    en: 'segment {segment} is not an allocated mobile segment',
  },
  'mobile.emergency': {
    zh: '号段{segment}为应急通信号段，不是客户号码',
    en: 'segment {segment} is for emergency communications, not a customer number',
  },
  'mobile.mvno': { zh: '虚拟运营商号段{segment}', en: 'virtual-operator (MVNO) segment {segment}' },
  'mobile.data_card': {
    zh: '号段{segment}为上网卡，可能无法接收短信或语音',
    en: 'segment {segment} is a data card; voice or SMS may not work',
  },
  'mobile.satellite': { zh: '号段{segment}为卫星电话', en: 'segment {segment} is a satellite phone' },
  'mobile.iot_13': { zh: '13位物联网号码，无法接收短信', en: '13-digit IoT number; cannot receive SMS' },
  'mobile.length': {
    zh: '位数错误（{length}位，应为11位）',
    en: 'wrong length ({length} digits, expected 11)',
  },
  'mobile.invalid': { zh: '不是有效的手机号', en: 'not a valid mobile number' },
  'mobile.is_landline': {
    zh: '填写的是固定电话{landline}，应移到固定电话栏',
    en: 'holds the landline {landline}; move it to the landline field',
  },
  'mobile.service_number': {
    zh: '填写的是服务号码{number}，不是客户号码',
    en: 'holds the service number {number}, not a customer number',
  },
  'mobile.looks_like_id': { zh: '填写的像是证件号码', en: 'looks like an ID number' },
  'mobile.foreign': { zh: '境外号码{number}', en: 'foreign number {number}' },
  'mobile.multiple': { zh: '一栏填写了{count}个号码', en: '{count} numbers in one field' },
  'mobile.unparseable': {
    zh: '含有非号码字符，无法识别',
    en: 'contains characters that are not part of a phone number',
  },
};
