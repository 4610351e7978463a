// A local stand-in for Alibaba Cloud SMS (dysmsapi.aliyuncs.com, API 2017-05-25), answered the
// way the real one answers, so the official SDK is exercised for real (ACS3 signing, RPC query
// encoding, JSON, error parsing):
// - SendSms → {Code: 'OK', BizId, RequestId} or a business error with HTTP 200 ({Code:
//   'isv.MOBILE_NUMBER_ILLEGAL', …}), or an HTTP error ({Code: 'Throttling.User'}, 400/503);
// - QuerySendDetails (PhoneNumber, SendDate yyyyMMdd, optional BizId) → SmsSendDetailDTOs with
//   OutId and SendStatus 1 waiting / 2 failed / 3 delivered;
// - deliver(bizId, ok) settles a message, as the carrier would, for the polling to find;
//   report() and reply() build the HTTP push bodies Aliyun posts (SmsReport, SmsUp).
// Requests without an ACS3 Authorization for the configured AccessKey ID are refused (403).
// It records every SendSms, so a test counts how often each OutId was really sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface FakeAliyunMessage {
  bizId: string;
  phone: string;
  outId: string | null;
  signName: string;
  templateCode: string;
  templateParam: string;
  sendDate: string;
  sendStatus: 1 | 2 | 3;
  errCode: string;
}

export interface FakeAliyunError {
  /** HTTP status: 200 for Aliyun's business errors, 4xx/5xx for throttling and outages. */
  http: number;
  code: string;
  message: string;
}

export const ALIYUN_ERRORS = {
  invalidNumber: (): FakeAliyunError => ({
    http: 200,
    code: 'isv.MOBILE_NUMBER_ILLEGAL',
    message: '非法手机号',
  }),
  flowControl: (): FakeAliyunError => ({
    http: 200,
    code: 'isv.BUSINESS_LIMIT_CONTROL',
    message: '触发号码天级流控Permits:10',
  }),
  throttled: (): FakeAliyunError => ({
    http: 400,
    code: 'Throttling.User',
    message: 'Request was denied due to user flow control.',
  }),
  unavailable: (): FakeAliyunError => ({
    http: 503,
    code: 'ServiceUnavailable',
    message: 'The request has failed due to a temporary failure of the server.',
  }),
};

export interface FakeAliyunOptions {
  accessKeyId: string;
  /** Decide an answer per SendSms (n = how many sends this number has had, from 1). */
  reply?: (params: Record<string, string>, n: number) => FakeAliyunError | undefined;
  /** Delay every SendSms by this many ms. */
  delayMs?: number;
  /** Aliyun's clock, for SendDate (default: the real time, for a child process's). */
  clock?: () => Date;
}

export interface FakeAliyun {
  url: string;
  messages: FakeAliyunMessage[];
  /** Every SendSms request, accepted or not. */
  sends: Record<string, string>[];
  sendCountByOutId(): Map<string, number>;
  deliver(bizId: string, ok: boolean, errCode?: string): void;
  /** The SmsReport push body for messages (as Aliyun posts it). */
  report(bizIds: string[]): object[];
  /** The SmsUp push body for a reply from a number. */
  reply(phone: string, content: string, sequenceId: number): object[];
  close(): Promise<void>;
}

const shanghaiDay = (at: Date) => new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

async function drain(req: IncomingMessage) {
  for await (const _ of req);
}

export async function startFakeAliyun(opts: FakeAliyunOptions): Promise<FakeAliyun> {
  const clock = opts.clock ?? (() => new Date());
  const messages: FakeAliyunMessage[] = [];
  const sends: Record<string, string>[] = [];
  const perNumber = new Map<string, number>();
  let seq = 0;

  const answer = (res: import('node:http').ServerResponse, status: number, body: object) => {
    res.writeHead(status, { 'content-type': 'application/json;charset=utf-8' });
    res.end(JSON.stringify(body));
  };

  const server: Server = createServer(async (req, res) => {
    await drain(req);
    const url = new URL(req.url ?? '/', 'http://fake');
    const params = Object.fromEntries(url.searchParams);
    const action = String(req.headers['x-acs-action'] ?? params.Action ?? '');
    const requestId = `REQ-${++seq}`;
    const auth = String(req.headers.authorization ?? '');
    if (!auth.startsWith(`ACS3-HMAC-SHA256 Credential=${opts.accessKeyId},`))
      return answer(res, 403, {
        Code: 'InvalidAccessKeyId.NotFound',
        Message: 'Specified access key is not found.',
        RequestId: requestId,
      });
    if (action === 'SendSms') {
      sends.push(params);
      const phone = params.PhoneNumbers ?? '';
      const n = (perNumber.get(phone) ?? 0) + 1;
      perNumber.set(phone, n);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const err = opts.reply?.(params, n);
      if (err) return answer(res, err.http, { Code: err.code, Message: err.message, RequestId: requestId });
      const bizId = `${String(messages.length + 1).padStart(12, '0')}^0`;
      messages.push({
        bizId,
        phone,
        outId: params.OutId ?? null,
        signName: params.SignName ?? '',
        templateCode: params.TemplateCode ?? '',
        templateParam: params.TemplateParam ?? '',
        sendDate: shanghaiDay(clock()).replaceAll('-', ''),
        sendStatus: 1,
        errCode: '',
      });
      return answer(res, 200, { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: requestId });
    }
    if (action === 'QuerySendDetails') {
      const rows = messages.filter(
        (m) =>
          m.phone === params.PhoneNumber &&
          m.sendDate === params.SendDate &&
          (!params.BizId || m.bizId === params.BizId),
      );
      return answer(res, 200, {
        Code: 'OK',
        Message: 'OK',
        RequestId: requestId,
        TotalCount: rows.length,
        SmsSendDetailDTOs: {
          SmsSendDetailDTO: rows.map((m) => ({
            PhoneNum: m.phone,
            OutId: m.outId,
            TemplateCode: m.templateCode,
            Content: JSON.parse(m.templateParam || '{}').content ?? '',
            SendStatus: m.sendStatus,
            ErrCode: m.errCode || (m.sendStatus === 3 ? 'DELIVERED' : ''),
            SendDate: m.sendDate,
            ReceiveDate: m.sendStatus === 1 ? '' : m.sendDate,
          })),
        },
      });
    }
    answer(res, 404, { Code: 'InvalidAction.NotFound', Message: `no ${action}`, RequestId: requestId });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const find = (bizId: string) => {
    const m = messages.find((x) => x.bizId === bizId);
    if (!m) throw new Error(`no message ${bizId}`);
    return m;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    sends,
    sendCountByOutId() {
      const counts = new Map<string, number>();
      for (const m of messages) if (m.outId) counts.set(m.outId, (counts.get(m.outId) ?? 0) + 1);
      return counts;
    },
    deliver(bizId, ok, errCode) {
      const m = find(bizId);
      m.sendStatus = ok ? 3 : 2;
      m.errCode = ok ? 'DELIVERED' : (errCode ?? 'MK:0001');
    },
    report(bizIds) {
      return bizIds.map((id) => {
        const m = find(id);
        return {
          phone_number: m.phone,
          send_time: '2026-11-30 10:00:00',
          report_time: '2026-11-30 10:00:05',
          success: m.sendStatus === 3,
          err_code: m.errCode,
          err_msg: m.sendStatus === 3 ? '用户接收成功' : '用户接收失败',
          sms_size: '1',
          biz_id: m.bizId,
          out_id: m.outId,
        };
      });
    },
    reply(phone, content, sequenceId) {
      return [
        {
          phone_number: phone,
          send_time: '2026-11-30 10:05:00',
          content,
          sign_name: '清源',
          dest_code: '1234',
          sequence_id: sequenceId,
        },
      ];
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
