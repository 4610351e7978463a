// A local stand-in for api.twilio.com's Messages API, answered the way the real one answers, so
// the official SDK is exercised for real (auth, form encoding, JSON, error parsing, paging):
// - POST /2010-04-01/Accounts/{AC}/Messages.json → 201 Message resource (sid SM…, status queued)
//   or Twilio's error JSON {code, message, more_info, status};
// - GET  …/Messages.json?To=… (list, newest first) and …/Messages/{SM}.json;
// - deliver(sid, status): posts the status callback to the message's StatusCallback URL, signed
//   with the `sign` function the test passes (the SDK's own helper), as Twilio would.
// It records every create request, so a test counts how often each message was really sent.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface FakeMessage {
  sid: string;
  to: string;
  from: string | null;
  messaging_service_sid: string | null;
  body: string;
  status: string;
  status_callback: string | null;
  date_created: string;
  error_code: number | null;
  error_message: string | null;
}

export interface FakeError {
  status: number;
  code: number;
  message: string;
}

/** Twilio's real answers for a few numbers: the codes the dispatcher must tell apart. */
export const TWILIO_ERRORS = {
  invalidNumber: (to: string): FakeError => ({
    status: 400,
    code: 21211,
    message: `The 'To' number ${to} is not a valid phone number.`,
  }),
  unsubscribed: (): FakeError => ({
    status: 400,
    code: 21610,
    message: 'Attempt to send to unsubscribed recipient',
  }),
  tooManyRequests: (): FakeError => ({ status: 429, code: 20429, message: 'Too Many Requests' }),
  serverError: (): FakeError => ({ status: 503, code: 20503, message: 'Service Unavailable' }),
};

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  /** Signs callbacks: (url, params) → X-Twilio-Signature. */
  sign?: (url: string, params: Record<string, string>) => string;
  /** Decide an answer per create request (n = how many creates this number has had, from 1). */
  reply?: (params: Record<string, string>, n: number) => FakeError | undefined;
  /** Delay every create by this many ms (to kill a client mid-flight). */
  delayMs?: number;
  /** How callbacks travel (default: fetch); a test may hand them to app.inject instead. */
  post?: (url: string, headers: Record<string, string>, body: string) => Promise<number>;
  /** Twilio's clock, for date_created: the test's clock (default: the real time, for a child process's). */
  clock?: () => Date;
}

const fetchPost = async (url: string, headers: Record<string, string>, body: string) =>
  (await fetch(url, { method: 'POST', headers, body })).status;

const page = (messages: object[], uri: string) => ({
  messages,
  end: messages.length - 1,
  first_page_uri: uri,
  next_page_uri: null,
  page: 0,
  page_size: messages.length,
  previous_page_uri: null,
  start: 0,
  uri,
});

async function readForm(req: IncomingMessage): Promise<Record<string, string>> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return Object.fromEntries(new URLSearchParams(text));
}

export async function startFakeTwilio(opts: FakeTwilioOptions) {
  const messages: FakeMessage[] = [];
  /** Every accepted or refused create, in order. */
  const creates: { params: Record<string, string>; status: number }[] = [];
  const perNumber = new Map<string, number>();
  const base = `/2010-04-01/Accounts/${opts.accountSid}`;
  const expectedAuth = `Basic ${Buffer.from(`${opts.accountSid}:${opts.authToken}`).toString('base64')}`;

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const error = (e: FakeError) =>
      send(e.status, {
        code: e.code,
        message: e.message,
        more_info: `https://www.twilio.com/docs/errors/${e.code}`,
        status: e.status,
      });
    if (req.headers.authorization !== expectedAuth)
      return error({ status: 401, code: 20003, message: 'Authenticate' });
    const url = new URL(req.url ?? '/', 'http://fake');
    if (req.method === 'POST' && url.pathname === `${base}/Messages.json`) {
      const params = await readForm(req);
      if (opts.delayMs) await new Promise((r) => setTimeout(r, opts.delayMs));
      const n = (perNumber.get(params.To ?? '') ?? 0) + 1;
      perNumber.set(params.To ?? '', n);
      const refusal = !params.To
        ? { status: 400, code: 21604, message: "A 'To' phone number is required." }
        : !params.Body
          ? { status: 400, code: 21602, message: 'Message body is required.' }
          : !/^\+?[1-9]\d{6,14}$/.test(params.To)
            ? TWILIO_ERRORS.invalidNumber(params.To)
            : opts.reply?.(params, n);
      creates.push({ params, status: refusal ? refusal.status : 201 });
      if (refusal) return error(refusal);
      const m: FakeMessage = {
        sid: `SM${randomBytes(16).toString('hex')}`,
        to: params.To!,
        from: params.From ?? null,
        messaging_service_sid: params.MessagingServiceSid ?? null,
        body: params.Body!,
        status: params.MessagingServiceSid ? 'accepted' : 'queued',
        status_callback: params.StatusCallback ?? null,
        date_created: (opts.clock ?? (() => new Date()))().toUTCString(),
        error_code: null,
        error_message: null,
      };
      messages.push(m);
      return send(201, resource(m));
    }
    if (req.method === 'GET' && url.pathname === `${base}/Messages.json`) {
      const to = url.searchParams.get('To');
      const size = Number(url.searchParams.get('PageSize') ?? 50);
      const hits = messages
        .filter((m) => !to || m.to === to)
        .reverse()
        .slice(0, size);
      return send(200, page(hits.map(resource), `${base}/Messages.json`));
    }
    const one = new RegExp(`^${base}/Messages/(SM[0-9a-f]{32})\\.json$`).exec(url.pathname);
    if (req.method === 'GET' && one) {
      const m = messages.find((x) => x.sid === one[1]);
      return m
        ? send(200, resource(m))
        : error({ status: 404, code: 20404, message: 'The requested resource was not found' });
    }
    error({ status: 404, code: 20404, message: 'The requested resource was not found' });
  });

  function resource(m: FakeMessage) {
    return {
      account_sid: opts.accountSid,
      api_version: '2010-04-01',
      body: m.body,
      date_created: m.date_created,
      date_sent: null,
      date_updated: m.date_created,
      direction: 'outbound-api',
      error_code: m.error_code,
      error_message: m.error_message,
      from: m.from,
      messaging_service_sid: m.messaging_service_sid,
      num_media: '0',
      num_segments: '1',
      price: null,
      price_unit: 'USD',
      sid: m.sid,
      status: m.status,
      subresource_uris: { media: `${base}/Messages/${m.sid}/Media.json` },
      to: m.to,
      uri: `${base}/Messages/${m.sid}.json`,
    };
  }

  async function signedPost(url: string, params: Record<string, string>, signature?: string | null) {
    const sig = signature === undefined ? opts.sign?.(url, params) : signature;
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
    if (sig) headers['x-twilio-signature'] = sig;
    return (opts.post ?? fetchPost)(url, headers, new URLSearchParams(params).toString());
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };

  return {
    url: `http://127.0.0.1:${port}`,
    messages,
    creates,
    /** Accepted creates per StatusCallback URL's `m` (our message id) — the exactly-once count. */
    sentCountByMessageId(): Map<string, number> {
      const counts = new Map<string, number>();
      for (const c of creates) {
        if (c.status !== 201) continue;
        const id = new URL(c.params.StatusCallback ?? 'http://x/').searchParams.get('m') ?? '';
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      return counts;
    },
    /** Moves a message to a status and posts the signed callback; returns the HTTP status we got. */
    async deliver(
      sid: string,
      status: string,
      errorCode?: number,
      signature?: string | null,
    ): Promise<number> {
      const m = messages.find((x) => x.sid === sid);
      if (!m?.status_callback) throw new Error(`no message ${sid} with a callback`);
      m.status = status;
      m.error_code = errorCode ?? null;
      const params: Record<string, string> = {
        AccountSid: opts.accountSid,
        ApiVersion: '2010-04-01',
        From: m.from ?? '',
        MessageSid: sid,
        MessageStatus: status,
        SmsSid: sid,
        SmsStatus: status,
        To: m.to,
        ...(errorCode ? { ErrorCode: String(errorCode) } : {}),
      };
      return signedPost(m.status_callback, params, signature);
    },
    /** A customer's reply, posted to our inbound webhook as Twilio would. */
    async inbound(url: string, from: string, body: string, signature?: string | null): Promise<number> {
      const sid = `SM${randomBytes(16).toString('hex')}`;
      const params = {
        AccountSid: opts.accountSid,
        ApiVersion: '2010-04-01',
        Body: body,
        From: from,
        MessageSid: sid,
        NumMedia: '0',
        SmsSid: sid,
        To: '+10000000000',
      };
      return signedPost(url, params, signature);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeTwilio = Awaited<ReturnType<typeof startFakeTwilio>>;
