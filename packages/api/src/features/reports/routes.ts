import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { isoWeekOf } from '../campaign/periods.ts';
import { listWeeklyReports, previewWeeklyReports, sendWeeklyReports } from './weekly.ts';
import { buildReportWorkbook } from './xlsx.ts';

const SmsStatus = z.string().nullable();
const PreviewSchema = z.object({
  week: z.string(),
  items: z.array(
    z.object({
      userId: z.number(),
      name: z.string(),
      cityCode: z.string().nullable(),
      phone: z.string().nullable(),
      body: z.string().nullable(),
      isStored: z.boolean(),
      smsStatus: SmsStatus,
    }),
  ),
});
const ListSchema = z.object({
  week: z.string(),
  items: z.array(
    z.object({
      userId: z.number(),
      name: z.string(),
      cityCode: z.string().nullable(),
      body: z.string(),
      createdAt: z.string(),
      smsStatus: SmsStatus,
      to: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
});

export const reportRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  const tags = ['reports'];
  app.get(
    '/weekly/preview',
    { config: { access: ['admin', 'coordinator'] }, schema: { tags, response: { 200: PreviewSchema } } },
    async (req) => previewWeeklyReports(db, principalOf(req), clock()),
  );
  app.post(
    '/weekly/send',
    {
      config: { access: ['admin', 'coordinator'] },
      schema: {
        tags,
        response: {
          200: z.object({ week: z.string(), stored: z.number(), queued: z.number(), skipped: z.number() }),
        },
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
        querystring: z.object({
          week: z
            .string()
            .regex(/^\d{4}-W\d{2}$/)
            .optional(),
        }),
        response: { 200: ListSchema },
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
      config: { access: ['admin', 'coordinator', 'city_member', 'manager'] },
      schema: {
        tags,
        querystring: z.object({
          kind: z.enum(['week', 'month']).default('week'),
          period: z
            .string()
            .regex(/^\d{4}-(W\d{2}|\d{2})$/)
            .optional(),
        }),
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
