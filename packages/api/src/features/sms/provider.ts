// What the dispatcher needs from an SMS provider, and nothing more. Three implementations: Alibaba
// Cloud SMS (aliyun-provider.ts), Twilio (twilio-provider.ts) and the local outbox (outbox-provider.ts).
import type { SmsStatus } from '../../db/schema.ts';

export interface OutgoingSms {
  /** Our message id (sms_messages.id): Twilio gets it in the status callback URL. */
  messageId: number;
  to: string;
  body: string;
  idempotencyKey: string;
  /** 1 for the first try. */
  attempt: number;
  /** When the dispatcher claimed the message; a lookup after a crash searches from here on. */
  claimedAt: Date;
}

export interface SendAccepted {
  sid: string;
  /** Twilio answers 'queued' (or 'accepted' with a messaging service). */
  status: string;
}

/**
 * Why a send failed. transient: nothing was sent, try again later (rate limited, provider down).
 * permanent: nothing was sent and retrying cannot help (invalid number, unsubscribed).
 * unknown: the request may have reached the provider (timeout, connection reset after sending):
 * the message must not be resent blindly; it stays 'sending' until reconciled by lookup.
 */
export type SendErrorKind = 'transient' | 'permanent' | 'unknown';

export class SmsSendError extends Error {
  constructor(
    readonly kind: SendErrorKind,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface SmsProvider {
  readonly name: 'outbox' | 'twilio' | 'aliyun';
  /** Resolves when the provider accepted the message; rejects with SmsSendError. */
  send(message: OutgoingSms): Promise<SendAccepted>;
  /**
   * After a crash: did the provider accept this message already? Returns it if so. Throws when
   * the provider cannot be asked (then the message stays 'sending' and is asked again later).
   */
  lookup(message: OutgoingSms): Promise<SendAccepted | undefined>;
  close?(): Promise<void>;
}

/** A delivery receipt, from Twilio's status callback or the outbox's simulated carrier. */
export interface DeliveryReport {
  sid: string;
  /** Our message id when the provider echoes it (Twilio callback URL); a fallback to the sid. */
  messageId?: number | null;
  idempotencyKey?: string | null;
  status: SmsStatus;
  errorCode?: string | null;
  errorMessage?: string | null;
}

/** Twilio's MessageStatus values mapped to ours; undefined = not a state we record. */
export function statusFromProvider(status: string): SmsStatus | undefined {
  switch (status) {
    case 'delivered':
    case 'read':
      return 'delivered';
    case 'undelivered':
      return 'undelivered';
    case 'failed':
    case 'canceled':
      return 'failed';
    case 'sent':
      return 'sent';
    default:
      return undefined; // accepted, queued, sending, scheduled: nothing new for us
  }
}
