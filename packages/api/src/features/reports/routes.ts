import {
  ExportQuerySchema,
  WeeklyListQuerySchema,
  WeeklyListSchema,
  WeeklyPreviewSchema,
  WeeklySendBodySchema,
  WeeklySendResultSchema,
} from '@qingyuan/contract/reports';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { recordDownload } from '../access-log/views.ts';
import { principalOf } from '../../plugins/auth.ts';
import { AppError } from '../../errors.ts';
import { isBeforeCutOff, weekCutOff } from '../campaign/cut-off.ts';
import { isoWeekOf } from '../campaign/periods.ts';
import { listWeeklyReports, previewWeeklyReports, sendWeeklyReports } from './weekly.ts';
import { buildReportWorkbook } from './xlsx.ts';

export const reportRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock, config }) => {
  const tags = ['reports'];
  app.get(
    '/weekly/preview',
    {
      config: { access: ['admin', 'coordinator'] },
      schema: { tags, response: { 200: WeeklyPreviewSchema } },
    },
    async (req) => previewWeeklyReports(db, principalOf(req), clock(), config.CAMPAIGN_WEEKLY_CRON),
  );
  app.post(
    '/weekly/send',
    {
      config: { access: ['admin', 'coordinator'] },
      schema: {
        tags,
        body: WeeklySendBodySchema,
        response: { 200: WeeklySendResultSchema },
      },
    },
    async (req) => {
      const now = clock();
      // before the cut-off the figures are not the week's yet: send only when asked to, and say so
      const isEarly = isBeforeCutOff(config.CAMPAIGN_WEEKLY_CRON, now);
      if (isEarly && !req.body?.early)
        throw new AppError(
          'conflict',
          '尚未到本周截止时间，确认以当前数据立即发送？ / Before the weekly cut-off: send now with figures as of now?',
          { reason: 'before_cut_off', cutOffAt: weekCutOff(config.CAMPAIGN_WEEKLY_CRON, isoWeekOf(now)) },
        );
      return sendWeeklyReports(db, now, {
        timing: isEarly ? 'early' : 'on_time',
        includeSimulated: config.DEMO_DATA === 'on',
      });
    },
  );
  app.get(
    '/weekly',
    {
      config: { access: ['admin', 'coordinator', 'manager'] },
      schema: {
        tags,
        querystring: WeeklyListQuerySchema,
        response: { 200: WeeklyListSchema },
      },
    },
    async (req) => {
      const now = clock();
      return listWeeklyReports(db, principalOf(req), req.query.week ?? isoWeekOf(now), now);
    },
  );
  app.get(
    '/export.xlsx',
    {
      config: {
        access: ['admin', 'coordinator', 'city_member', 'manager'],
      },
      preHandler: app.limit('download'),
      schema: {
        tags,
        querystring: ExportQuerySchema,
      },
    },
    async (req, reply) => {
      const { buffer, fileName } = await buildReportWorkbook(
        db,
        principalOf(req),
        req.query.kind,
        req.query.period,
        clock(),
      );
      await recordDownload(db.kysely, req, clock(), {
        scope: { kind: 'report', report: req.query.kind, period: req.query.period ?? null },
        file: fileName,
      });
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(buffer);
    },
  );
};
