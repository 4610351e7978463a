// The 审计 routes: the access log for admins and auditors (read only: there is no route that
// changes it), its daily summary and CSV export, and the print record every role sends first.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import {
  AccessLogPageSchema,
  AccessLogQuerySchema,
  AccessSummarySchema,
  PrintBodySchema,
} from '@qingyuan/contract/access';
import { fromRequest } from './record.ts';
import { exportAccessLogCsv, listAccessLog, recordPrint, summarizeAccessLog } from './service.ts';

/** Who reads the access log: admins, and auditors (who see nothing else unmasked). */
export const AUDITORS = ['admin', 'auditor'] as const;
const tags = ['audit'];

export const auditRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/access-log',
    {
      config: { access: AUDITORS },
      schema: { tags, querystring: AccessLogQuerySchema, response: { 200: AccessLogPageSchema } },
    },
    async (req) => listAccessLog(db.kysely, req.query),
  );

  app.get(
    '/access-log/summary',
    {
      config: { access: AUDITORS },
      schema: { tags, querystring: AccessLogQuerySchema, response: { 200: AccessSummarySchema } },
    },
    async (req) => summarizeAccessLog(db.kysely, req.query),
  );

  app.get(
    '/access-log.csv',
    {
      config: { access: AUDITORS },
      preHandler: app.limit('download'),
      schema: { tags, querystring: AccessLogQuerySchema },
    },
    async (req, reply) => {
      const out = await exportAccessLogCsv(db.kysely, principalOf(req), req.query, {
        ...fromRequest(req),
        at: clock(),
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${out.fileName}"`)
        .header('x-export-rows', String(out.rows))
        .send(out.csv);
    },
  );

  app.post(
    '/prints',
    {
      config: { access: [...ALL_ROLES, 'auditor'] },
      schema: { tags, body: PrintBodySchema },
    },
    async (req, reply) => {
      await recordPrint(db.kysely, principalOf(req), req.body, { ...fromRequest(req), at: clock() });
      return reply.code(204).send();
    },
  );
};
