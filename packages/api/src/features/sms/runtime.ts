// The SMS machinery a process runs: the provider chosen by config, the dispatcher, and for the
// outbox its simulated carrier's receipts. The server starts it in-process; `pnpm cli sms
// dispatch` runs it on its own. stop() finishes the batch in hand first.
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Db } from '../../db.ts';
import { withLock } from '../../db/coordination.ts';
import { SmsDispatcher } from './dispatcher.ts';
import { createOutboxProvider, deliverDueReceipts } from './outbox-provider.ts';
import type { SmsProvider } from './provider.ts';
import { createAliyunProvider, type AliyunProvider } from './aliyun-provider.ts';
import { pollAliyunReceipts } from './aliyun-receipts.ts';
import { createTwilioProvider } from './twilio-provider.ts';

type Log = (message: string, detail?: object) => void;

export function createSmsProvider(db: Db, config: Config, clock: Clock): SmsProvider {
  if (config.SMS_PROVIDER === 'twilio')
    return createTwilioProvider({
      accountSid: config.TWILIO_ACCOUNT_SID!,
      authToken: config.TWILIO_AUTH_TOKEN!,
      messagingServiceSid: config.TWILIO_MESSAGING_SERVICE_SID,
      from: config.TWILIO_FROM,
      publicUrl: config.SMS_PUBLIC_URL!,
      apiBaseUrl: config.TWILIO_API_BASE_URL,
    });
  if (config.SMS_PROVIDER === 'aliyun')
    return createAliyunProvider({
      accessKeyId: config.ALIYUN_ACCESS_KEY_ID!,
      accessKeySecret: config.ALIYUN_ACCESS_KEY_SECRET!,
      signName: config.ALIYUN_SMS_SIGN_NAME!,
      templateCode: config.ALIYUN_SMS_TEMPLATE_CODE!,
      templateParam: config.ALIYUN_SMS_TEMPLATE_PARAM,
      endpoint: config.ALIYUN_SMS_ENDPOINT,
    });
  return createOutboxProvider(db.kysely, { clock });
}

export function createDispatcher(
  db: Db,
  config: Config,
  provider: SmsProvider,
  opts: { log?: Log; clock: Clock },
) {
  return new SmsDispatcher(db.kysely, provider, {
    ratePerSecond: config.SMS_RATE_PER_SECOND,
    window: {
      startHour: config.SMS_WINDOW_START_HOUR,
      endHour: config.SMS_WINDOW_END_HOUR,
      timeZone: config.SMS_TIMEZONE,
    },
    maxAttempts: config.SMS_MAX_ATTEMPTS,
    retryBaseSeconds: config.SMS_RETRY_BASE_SECONDS,
    leaseSeconds: config.SMS_SENDING_LEASE_SECONDS,
    concurrency: provider.name === 'outbox' ? 500 : 16,
    log: opts.log,
    clock: opts.clock,
  });
}

/**
 * Receipts we must ask for: the outbox carrier's (simulated, every 250 ms) and Aliyun's by
 * QuerySendDetails (every ALIYUN_SMS_RECEIPT_POLL_SECONDS); a no-op loop for Twilio (it calls us).
 */
function receiptsLoop(db: Db, config: Config, provider: SmsProvider, clock: Clock, log?: Log) {
  const pollMs =
    provider.name === 'outbox'
      ? 250
      : provider.name === 'aliyun'
        ? config.ALIYUN_SMS_RECEIPT_POLL_SECONDS * 1000
        : 0;
  let stopped = pollMs === 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  // one process at a time asks for receipts: several would query the provider for the same messages
  const poll = () =>
    withLock(db.coordination, 'sms-receipts', () =>
      provider.name === 'aliyun'
        ? pollAliyunReceipts(db, provider as AliyunProvider, clock())
        : deliverDueReceipts(db.kysely, clock()),
    );
  const tick = () => {
    running = poll()
      .then(() => undefined)
      .catch((err: unknown) => log?.('sms receipts error', { err: String(err) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, pollMs);
      });
  };
  if (!stopped) tick();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}

export function startSmsRuntime(db: Db, config: Config, clock: Clock, log?: Log) {
  const provider = createSmsProvider(db, config, clock);
  const dispatcher = createDispatcher(db, config, provider, { log, clock });
  dispatcher.start();
  const stopReceipts = receiptsLoop(db, config, provider, clock, log);
  return {
    provider,
    dispatcher,
    async stop() {
      await dispatcher.stop();
      await stopReceipts();
      await provider.close?.();
    },
  };
}
