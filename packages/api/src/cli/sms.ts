// `pnpm cli sms dispatch` and `pnpm cli sms send-plan`: thin wrappers over the SMS services.
import { parseArgs } from 'node:util';
import { stopwatch, systemClock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db.ts';
import { deliverDueReceipts } from '../features/sms/outbox-provider.ts';
import { createDispatcher, createSmsProvider, startSmsRuntime } from '../features/sms/runtime.ts';
import { sendSamplingPlan } from '../features/sms/send-plan.ts';
import { DEFAULT_SAMPLING_TEMPLATE } from '../features/sms/template.ts';

const log = (message: string, detail?: object) => console.error(message, detail ?? '');

export async function smsCommand(db: Db, config: Config, sub: string | undefined, args: string[]) {
  if (sub === 'dispatch') {
    const { values } = parseArgs({ args, options: { 'until-empty': { type: 'boolean' } } });
    if (values['until-empty']) return dispatchUntilEmpty(db, config);
    const runtime = startSmsRuntime(db, config, systemClock, log);
    console.error(`短信发送中 / dispatching SMS (${runtime.provider.name}); Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await runtime.stop();
    return;
  }
  if (sub === 'send-plan') {
    const { values } = parseArgs({
      args,
      options: { plan: { type: 'string' }, template: { type: 'string' } },
    });
    if (!values.plan) throw new Error('usage: pnpm cli sms send-plan --plan ID [--template TEXT]');
    const r = await sendSamplingPlan(
      db,
      Number(values.plan),
      values.template ?? config.SMS_SAMPLING_TEMPLATE ?? DEFAULT_SAMPLING_TEMPLATE,
      null,
      systemClock(),
    );
    console.log(
      `计划 plan ${r.planId}: ${r.members} 人 members, 新入队 queued ${r.queued}, 已在队列 already queued ${r.alreadyQueued}, 跳过 skipped ${r.skipped.length}`,
    );
    return;
  }
  throw new Error('usage: pnpm cli sms dispatch [--until-empty] | pnpm cli sms send-plan --plan ID');
}

async function dispatchUntilEmpty(db: Db, config: Config) {
  const provider = createSmsProvider(db, config, systemClock);
  const dispatcher = createDispatcher(db, config, provider, { log, clock: systemClock });
  const totals = await dispatcher.runUntilIdle((_, t) =>
    console.error(`sms: sent ${t.sent} failed ${t.failed} retrying ${t.retrying} unknown ${t.unknown}`),
  );
  // the outbox's receipts arrive within ~1.2 s of sending: wait for them, as a carrier's would come
  if (provider.name === 'outbox') {
    const waited = stopwatch();
    while (waited() < 3) {
      await deliverDueReceipts(db.kysely, systemClock());
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  console.log(
    `短信 SMS: 发送 sent ${totals.sent}, 失败 failed ${totals.failed}, 待重试 retrying ${totals.retrying}, 核对 reconciled ${totals.reconciled}, 重新入队 requeued ${totals.requeued}${totals.idle === 'window' ? ' — 不在发送时段 / outside the sending window' : ''}`,
  );
}
