// Alibaba Cloud SMS (阿里云短信服务, Dysmsapi 2017-05-25) through its official SDK,
// @alicloud/dysmsapi20170525: signing (ACS3-HMAC-SHA256), encoding and error parsing stay the
// SDK's. Tests and staging point it at a local fake with ALIYUN_SMS_ENDPOINT (http://host:port).
//
// Aliyun sends approved templates, not free text: every message goes out as the one template
// ALIYUN_SMS_TEMPLATE_CODE with our text in its variable ALIYUN_SMS_TEMPLATE_PARAM, under the
// approved sign name (Aliyun prefixes 【签名】 itself, so a leading 【…】 of ours is dropped).
//
// Exactly once: SendSms carries our idempotency key as OutId, and QuerySendDetails returns it, so
// after a crash `lookup` asks for the number's messages of the claim's day and matches the key.
import * as $Dysms from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import * as $dara from '@darabonba/typescript';
import { shanghaiDate } from '../campaign/periods.ts';
import {
  SmsSendError,
  type DeliveryReport,
  type OutgoingSms,
  type SendAccepted,
  type SmsProvider,
} from './provider.ts';

export interface AliyunSettings {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  /** The template's variable that carries our text. */
  templateParam: string;
  /** dysmsapi.aliyuncs.com, or http://127.0.0.1:port for a fake. */
  endpoint: string;
  timeoutMs?: number;
}

/** Business codes (HTTP 200, Code ≠ OK) that a later retry can fix: flow control, system busy. */
const TRANSIENT_CODES = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'isp.SYSTEM_ERROR',
  'isv.OUT_OF_SERVICE',
  'isv.AMOUNT_NOT_ENOUGH',
  'Throttling.User',
  'Throttling.Api',
  'ServiceUnavailable',
]);

/** Network errors that prove the request never reached Aliyun. */
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function classifyAliyunCode(code: string, message: string): SmsSendError {
  return new SmsSendError(TRANSIENT_CODES.has(code) ? 'transient' : 'permanent', code, message);
}

/** An error thrown by the SDK (HTTP error answer) or the network. */
export function classifyAliyunError(err: unknown): SmsSendError {
  const e = err as { statusCode?: number; code?: string; message?: string };
  const message = e.message ?? String(err);
  if (typeof e.statusCode === 'number') {
    const code = e.code ?? String(e.statusCode);
    if (e.statusCode >= 500 || e.statusCode === 429 || TRANSIENT_CODES.has(code))
      return new SmsSendError('transient', code, message);
    return new SmsSendError('permanent', code, message);
  }
  if (typeof e.code === 'string' && NOT_SENT_ERRORS.has(e.code))
    return new SmsSendError('transient', e.code, message);
  // a timeout or a reset after the request left: Aliyun may have the message
  return new SmsSendError('unknown', typeof e.code === 'string' ? e.code : 'network', message);
}

/** +8613912345678 → 13912345678 (Aliyun takes domestic numbers without the country code). */
export const aliyunNumber = (to: string) => to.replace(/[^\d]/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
/** Our text without a leading 【…】: Aliyun adds the approved sign name itself. */
export const aliyunText = (body: string) => body.replace(/^【[^】]*】/, '');

// The SDK is CommonJS with `exports.default = Client`: under Node's ESM interop the default import
// is the exports object, under a bundler it is the class. Take whichever holds the class.
type ClientClass = typeof $Dysms.default.default;
const interop = $Dysms.default as unknown as ClientClass | { default: ClientClass };
const DysmsClient: ClientClass = 'default' in interop ? interop.default : interop;

type DetailDto = $Dysms.QuerySendDetailsResponseBodySmsSendDetailDTOsSmsSendDetailDTO;

/** QuerySendDetails' SendStatus: 1 waiting for the receipt, 2 failed, 3 delivered. */
function reportOf(d: DetailDto, sid: string, key: string | null): DeliveryReport | undefined {
  if (d.sendStatus === 3) return { sid, idempotencyKey: key, status: 'delivered' };
  if (d.sendStatus === 2)
    return {
      sid,
      idempotencyKey: key,
      status: 'undelivered',
      errorCode: d.errCode ?? null,
      errorMessage: d.errCode ?? null,
    };
  return undefined;
}

export interface AliyunProvider extends SmsProvider {
  /** Receipts by QuerySendDetails for sent messages; undefined entries are still waiting. */
  queryReceipts(
    messages: readonly { sid: string; to: string; key: string; sentAt: Date }[],
  ): Promise<DeliveryReport[]>;
}

export function createAliyunProvider(s: AliyunSettings): AliyunProvider {
  const url = /^https?:\/\//.test(s.endpoint) ? new URL(s.endpoint) : undefined;
  const client = new DysmsClient(
    new $OpenApiUtil.Config({
      accessKeyId: s.accessKeyId,
      accessKeySecret: s.accessKeySecret,
      endpoint: url ? url.host : s.endpoint,
      protocol: url ? url.protocol.replace(':', '') : 'https',
    }),
  );
  const timeout = s.timeoutMs ?? 30_000;
  // no SDK retries: the dispatcher decides (a blind retry after a timeout could send twice)
  const runtime = () =>
    new $dara.RuntimeOptions({
      readTimeout: timeout,
      connectTimeout: 5_000,
      autoretry: false,
      maxAttempts: 0,
    });
  const details = async (phone: string, day: string, bizId?: string) => {
    const r = await client.querySendDetailsWithOptions(
      new $Dysms.QuerySendDetailsRequest({
        phoneNumber: phone,
        sendDate: day.replaceAll('-', ''),
        pageSize: 50,
        currentPage: 1,
        ...(bizId ? { bizId } : {}),
      }),
      runtime(),
    );
    if (r.body?.code !== 'OK') throw new Error(`QuerySendDetails ${r.body?.code}: ${r.body?.message}`);
    return r.body.smsSendDetailDTOs?.smsSendDetailDTO ?? [];
  };

  return {
    name: 'aliyun',
    async send(m: OutgoingSms): Promise<SendAccepted> {
      let r: $Dysms.SendSmsResponse;
      try {
        r = await client.sendSmsWithOptions(
          new $Dysms.SendSmsRequest({
            phoneNumbers: aliyunNumber(m.to),
            signName: s.signName,
            templateCode: s.templateCode,
            templateParam: JSON.stringify({ [s.templateParam]: aliyunText(m.body) }),
            outId: m.idempotencyKey,
          }),
          runtime(),
        );
      } catch (err) {
        throw classifyAliyunError(err);
      }
      const code = r.body?.code ?? 'empty';
      if (code !== 'OK' || !r.body?.bizId) throw classifyAliyunCode(code, r.body?.message ?? code);
      return { sid: r.body.bizId, status: 'accepted' };
    },
    async lookup(m: OutgoingSms): Promise<SendAccepted | undefined> {
      // the claim's day and the next (a claim just before midnight, Shanghai time)
      const days = [shanghaiDate(m.claimedAt), shanghaiDate(new Date(m.claimedAt.getTime() + 86_400_000))];
      for (const day of days) {
        const hit = (await details(aliyunNumber(m.to), day)).find(
          (d: DetailDto) => d.outId === m.idempotencyKey,
        );
        // QuerySendDetails has no BizId field in its rows: the key is what identifies ours
        if (hit) return { sid: `out:${m.idempotencyKey}`, status: 'accepted' };
      }
      return undefined;
    },
    async queryReceipts(messages) {
      const reports: DeliveryReport[] = [];
      for (const m of messages) {
        const sid = m.sid.startsWith('out:') ? undefined : m.sid;
        const rows = await details(aliyunNumber(m.to), shanghaiDate(m.sentAt), sid);
        const row = rows.find((d: DetailDto) => d.outId === m.key) ?? (sid ? rows[0] : undefined);
        const report = row ? reportOf(row, m.sid, m.key) : undefined;
        if (report) reports.push(report);
      }
      return reports;
    },
  };
}
