import {
  ExportQuerySchema,
  WeeklyListQuerySchema,
  WeeklyListSchema,
  WeeklyPreviewSchema,
  WeeklySendResultSchema,
} from '@qingyuan/contract/reports';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { isoWeekOf } from '../campaign/periods.ts';
import { listWeeklyReports, previewWeeklyReports, sendWeeklyReports } from './weekly.ts';
import { buildReportWorkbook } from './xlsx.ts';

export const reportRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  const tags = ['reports'];
  app.get(
    '/weekly/preview',
    {
      config: { access: ['admin', 'coordinator'] },
      schema: { tags, response: { 200: WeeklyPreviewSchema } },
    },
    async (req) => previewWeeklyReports(db, principalOf(req), clock()),
  );
  app.post(
    '/weekly/send',
    {
      config: { access: ['admin', 'coordinator'] },
      schema: {
        tags,
        response: { 200: WeeklySendResultSchema },
      },
    },
    async () => sendWeeklyReports(db, clock()),
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
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(buffer);
    },
  );
};
