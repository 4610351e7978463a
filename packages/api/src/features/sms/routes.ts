// SMS routes: send a sampling plan, watch its delivery, Twilio's signed webhooks and Aliyun's
// token-guarded pushes.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { recordView } from '../access-log/views.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import { handleAliyunReplies, handleAliyunReports } from './aliyun-receipts.ts';
import { listOpenReplies, recordReplyCorrection, recordReplyNoAction } from './replies.ts';
import {
  PlanParamsSchema,
  ReplyCorrectionBodySchema,
  ReplyDecisionSchema,
  ReplyNoActionBodySchema,
  ReplyParamsSchema,
  ReplyReviewListSchema,
  PlanStatsSchema,
  SendPlanBodySchema,
  SendPlanResultSchema,
  TemplateInfoSchema,
} from '@qingyuan/contract/sms';
import { StatusQuerySchema, TwilioFormSchema } from './schemas.ts';
import { sendSamplingPlan } from './send-plan.ts';
import { getPlanSmsStats } from './stats.ts';
import { DEFAULT_SAMPLING_TEMPLATE, PLACEHOLDERS } from './template.ts';
import { assertSignedByTwilio, handleInbound, handleStatusCallback } from './webhooks.ts';

const SENDERS = ['admin', 'coordinator'] as const;
const READERS = ['admin', 'coordinator', 'manager', 'city_member'] as const;

export const smsRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, config, clock }) => {
  // Twilio posts form-encoded bodies; only these routes (this plugin) read them.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  const template = config.SMS_SAMPLING_TEMPLATE ?? DEFAULT_SAMPLING_TEMPLATE;
  // Anyone can post to the webhooks: a body of a few KB (Twilio's are well under 2 KB), a rate
  // per address, checked before the body is read.
  const webhookLimits = { bodyLimit: config.WEBHOOK_BODY_LIMIT_KB * 1024, onRequest: app.limit('webhook') };
  const webhook = { authToken: config.TWILIO_AUTH_TOKEN, publicUrl: config.SMS_PUBLIC_URL };
  /** Refuses (403, logged and recorded) a webhook call that Twilio did not sign. */
  const assertFromTwilio = async (
    req: FastifyRequest<{ Body: z.infer<typeof TwilioFormSchema> }>,
    what: string,
  ) => {
    try {
      await assertSignedByTwilio(
        db,
        webhook,
        {
          url: req.url,
          signature: req.headers['x-twilio-signature'] as string | undefined,
          params: req.body,
          ip: req.ip,
        },
        clock(),
      );
    } catch (err) {
      req.log.warn(
        { path: req.routeOptions.url, ip: req.ip, sid: req.body.MessageSid },
        `twilio ${what} refused: bad signature`,
      );
      throw err;
    }
  };

  app.get(
    '/template',
    { config: { access: READERS }, schema: { tags: ['sms'], response: { 200: TemplateInfoSchema } } },
    async () => ({
      template,
      placeholders: [...PLACEHOLDERS],
      provider: config.SMS_PROVIDER,
      window: {
        startHour: config.SMS_WINDOW_START_HOUR,
        endHour: config.SMS_WINDOW_END_HOUR,
        timeZone: config.SMS_TIMEZONE,
      },
      ratePerSecond: config.SMS_RATE_PER_SECOND,
    }),
  );

  app.post(
    '/plans/:id/send',
    {
      config: { access: SENDERS },
      schema: {
        tags: ['sms'],
        params: PlanParamsSchema,
        body: SendPlanBodySchema,
        response: { 200: SendPlanResultSchema },
      },
    },
    async (req) => {
      const p = principalOf(req);
      return sendSamplingPlan(
        db,
        req.params.id,
        req.body?.template ?? template,
        p.kind === 'user' ? p.id : null,
        clock(),
      );
    },
  );

  app.get(
    '/plans/:id/stats',
    {
      config: { access: READERS },
      schema: { tags: ['sms'], params: PlanParamsSchema, response: { 200: PlanStatsSchema } },
    },
    async (req) => getPlanSmsStats(db, principalOf(req), req.params.id),
  );

  app.post(
    '/twilio/status',
    {
      config: { access: 'public', isSignedWebhook: true },
      ...webhookLimits,
      schema: { tags: ['sms'], body: TwilioFormSchema, querystring: StatusQuerySchema },
    },
    async (req, reply) => {
      await assertFromTwilio(req, 'status callback');
      await handleStatusCallback(db, req.body, req.query.m, clock());
      return reply.code(204).send();
    },
  );

  app.post(
    '/twilio/inbound',
    {
      config: { access: 'public', isSignedWebhook: true },
      ...webhookLimits,
      schema: { tags: ['sms'], body: TwilioFormSchema, response: { 200: z.string() } },
    },
    async (req, reply) => {
      await assertFromTwilio(req, 'inbound SMS');
      await handleInbound(db, req.body, clock());
      // empty TwiML: no automatic answer to the customer
      return reply.type('text/xml').send('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    },
  );

  // The reply review queue: the city team reads replies that are not a plain 1/2 and decides.
  const REVIEWERS = ['admin', 'coordinator', 'city_member'] as const;
  app.get(
    '/replies',
    {
      config: { access: READERS },
      schema: { tags: ['sms'], response: { 200: ReplyReviewListSchema } },
    },
    async (req) => {
      const list = await listOpenReplies(db, principalOf(req), clock(), config.SMS_REPLY_STALE_DAYS);
      await recordView(db.kysely, req, clock(), {
        customers: list.items.map((i) => ({ id: i.customer.id, unit: { cityCode: i.cityCode } })),
        scope: { kind: 'sms_replies' },
      });
      return list;
    },
  );
  app.post(
    '/replies/:id/correction',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['sms'],
        params: ReplyParamsSchema,
        body: ReplyCorrectionBodySchema,
        response: { 200: ReplyDecisionSchema },
      },
    },
    async (req) => recordReplyCorrection(db, principalOf(req), req.params.id, req.body, clock()),
  );
  app.post(
    '/replies/:id/no-action',
    {
      config: { access: REVIEWERS },
      schema: {
        tags: ['sms'],
        params: ReplyParamsSchema,
        body: ReplyNoActionBodySchema,
        response: { 200: ReplyDecisionSchema },
      },
    },
    async (req) => recordReplyNoAction(db, principalOf(req), req.params.id, req.body.note, clock()),
  );

  // Aliyun's HTTP push (receipts: SmsReport, replies: SmsUp) is not signed: the URL carries our
  // secret (?token=ALIYUN_SMS_CALLBACK_TOKEN), configured in the console's 通用配置 → HTTP 批量推送.
  const aliyunReply = { code: 0, msg: '成功' } as const;
  // rate-limited like Twilio's; a push is a batch of records (up to ~100), so 16× the body limit
  const aliyunLimits = {
    bodyLimit: config.WEBHOOK_BODY_LIMIT_KB * 1024 * 16,
    onRequest: app.limit('webhook'),
  };
  app.post(
    '/aliyun/report',
    {
      config: { access: 'public' },
      ...aliyunLimits,
      schema: { tags: ['sms'], querystring: AliyunTokenSchema, body: z.array(AliyunReportSchema) },
    },
    async (req) => {
      assertAliyunToken(config.ALIYUN_SMS_CALLBACK_TOKEN, req.query.token);
      await handleAliyunReports(db, req.body, clock());
      return aliyunReply;
    },
  );
  app.post(
    '/aliyun/reply',
    {
      config: { access: 'public' },
      ...aliyunLimits,
      schema: { tags: ['sms'], querystring: AliyunTokenSchema, body: z.array(AliyunReplySchema) },
    },
    async (req) => {
      assertAliyunToken(config.ALIYUN_SMS_CALLBACK_TOKEN, req.query.token);
      await handleAliyunReplies(db, req.body, clock());
      return aliyunReply;
    },
  );
};

const AliyunTokenSchema = z.object({ token: z.string().optional() });
const AliyunReportSchema = z.object({
  phone_number: z.string(),
  success: z.boolean(),
  biz_id: z.string(),
  out_id: z.string().nullish(),
  err_code: z.string().nullish(),
  err_msg: z.string().nullish(),
});
const AliyunReplySchema = z.object({
  phone_number: z.string(),
  content: z.string(),
  sequence_id: z.union([z.number(), z.string()]),
});

function assertAliyunToken(expected: string | undefined, got: string | undefined) {
  const a = Buffer.from(expected ?? '');
  const b = Buffer.from(got ?? '');
  if (!expected || a.length !== b.length || !timingSafeEqual(a, b))
    throw new AppError('forbidden', '回调令牌无效 / invalid or missing callback token');
}
