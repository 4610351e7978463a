// Twilio through its official SDK. Auth, form encoding, paging and error parsing stay the SDK's;
// tests (and a staging setup) point it at a local fake server with TWILIO_API_BASE_URL through a
// RequestClient that only rewrites the request URL.
import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import { SmsSendError, type OutgoingSms, type SendAccepted, type SmsProvider } from './provider.ts';

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  messagingServiceSid?: string;
  from?: string;
  /** Our public base URL; status callbacks go to <base>/api/v1/sms/twilio/status?m=<message id>. */
  publicUrl: string;
  /** Replaces https://<any>.twilio.com in every request (tests, staging). */
  apiBaseUrl?: string;
  timeoutMs?: number;
}

/** An httpClient for the SDK that sends every request to `base` instead of Twilio. */
export class RedirectingRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: string,
    opts?: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(opts);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const uri = opts.uri.replace(/^https:\/\/[^/]+/, this.base.replace(/\/$/, ''));
    return super.request<TData>({ ...opts, uri });
  }
}

export const STATUS_CALLBACK_PATH = '/api/v1/sms/twilio/status';
export const INBOUND_PATH = '/api/v1/sms/twilio/inbound';

export function statusCallbackUrl(publicUrl: string, messageId: number): string {
  return `${publicUrl.replace(/\/$/, '')}${STATUS_CALLBACK_PATH}?m=${messageId}`;
}

/** Twilio error codes that no retry can fix. */
const PERMANENT_CODES = new Set([21211, 21408, 21606, 21610, 21612, 21614, 21617, 21602, 21604, 30004]);

/** Network errors that prove the request never reached Twilio. */
const NOT_SENT_ERRORS = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

export function classifyTwilioError(err: unknown): SmsSendError {
  const e = err as { status?: number; code?: number | string; message?: string };
  const message = e.message ?? String(err);
  if (typeof e.status === 'number') {
    const code = typeof e.code === 'number' ? e.code : e.status;
    if (e.status === 429 || code === 20429 || e.status >= 500)
      return new SmsSendError('transient', String(code), message);
    if (PERMANENT_CODES.has(code) || (e.status >= 400 && e.status !== 408))
      return new SmsSendError('permanent', String(code), message);
    return new SmsSendError('unknown', String(code), message);
  }
  if (typeof e.code === 'string' && NOT_SENT_ERRORS.has(e.code))
    return new SmsSendError('transient', e.code, message);
  // a timeout or a reset after the request left: Twilio may have created the message
  return new SmsSendError('unknown', typeof e.code === 'string' ? e.code : 'network', message);
}

export function createTwilioProvider(s: TwilioSettings): SmsProvider {
  const httpClient = s.apiBaseUrl
    ? new RedirectingRequestClient(s.apiBaseUrl, { timeout: s.timeoutMs ?? 30_000 })
    : new twilio.RequestClient({ timeout: s.timeoutMs ?? 30_000 });
  const client = twilio(s.accountSid, s.authToken, { httpClient });
  const sender = s.messagingServiceSid ? { messagingServiceSid: s.messagingServiceSid } : { from: s.from! };

  return {
    name: 'twilio',
    async send(m: OutgoingSms): Promise<SendAccepted> {
      try {
        const msg = await client.messages.create({
          to: m.to,
          body: m.body,
          ...sender,
          statusCallback: statusCallbackUrl(s.publicUrl, m.messageId),
        });
        return { sid: msg.sid, status: msg.status };
      } catch (err) {
        throw classifyTwilioError(err);
      }
    },
    // Twilio's Messages API takes no idempotency key. After a crash we look for a message to the
    // same number with the same text created since shortly before our claim: the text of a
    // sampling SMS carries the customer number, so it is unique in practice. See README.md.
    async lookup(m: OutgoingSms): Promise<SendAccepted | undefined> {
      const since = m.claimedAt.getTime() - 5 * 60_000;
      const recent = await client.messages.list({ to: m.to, limit: 50 });
      const hit = recent.find((r) => r.body === m.body && (r.dateCreated?.getTime() ?? 0) >= since);
      return hit ? { sid: hit.sid, status: hit.status } : undefined;
    },
  };
}

/** The signature Twilio would send for a request to `url` with form `params` (tests, the fake server). */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  return twilio.getExpectedTwilioSignature(authToken, url, params);
}

export function isValidTwilioSignature(
  authToken: string,
  signature: string | undefined,
  url: string,
  params: Record<string, string>,
): boolean {
  if (!signature) return false;
  return twilio.validateRequest(authToken, signature, url, params);
}
