import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { recordDownload, recordView } from '../access-log/views.ts';
import { principalOf } from '../../plugins/auth.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import {
  FindingPageSchema,
  FindingQuerySchema,
  RunListSchema,
  RunResponseSchema,
  RunSummarySchema,
  StartRunBodySchema,
  SummaryQuerySchema,
} from '@qingyuan/contract/validation';
import {
  assertFindingsKept,
  findingsCsv,
  getRun,
  getSummary,
  listFindings,
  listRuns,
  startRun,
} from './service.ts';

const RUNNERS = ['admin', 'coordinator', 'city_member'] as const;
const IdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });

export const validationRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  app.post(
    '/runs',
    {
      config: { access: RUNNERS },
      schema: {
        tags: ['validation'],
        body: StartRunBodySchema.default({}),
        response: { 200: RunResponseSchema },
      },
    },
    async (req) => {
      const run = await startRun(db, principalOf(req), clock(), req.body.unitCode);
      // runs at once when this process runs jobs; otherwise a process that runs them takes it up
      app.jobs.kick('validation');
      return { run };
    },
  );

  app.get(
    '/runs',
    {
      config: { access: ALL_ROLES },
      schema: { tags: ['validation'], response: { 200: RunListSchema } },
    },
    async (req) => ({ items: await listRuns(db.kysely, principalOf(req), clock()) }),
  );

  app.get(
    '/runs/:id',
    {
      config: { access: ALL_ROLES },
      schema: { tags: ['validation'], params: IdParams, response: { 200: RunResponseSchema } },
    },
    async (req) => ({ run: await getRun(db.kysely, principalOf(req), req.params.id, clock()) }),
  );

  app.get(
    '/runs/:id/summary',
    {
      config: { access: ALL_ROLES },
      schema: {
        tags: ['validation'],
        params: IdParams,
        querystring: SummaryQuerySchema,
        response: { 200: RunSummarySchema },
      },
    },
    async (req) => getSummary(db.kysely, principalOf(req), req.params.id, req.query.level, clock()),
  );

  app.get(
    '/runs/:id/findings',
    {
      config: { access: ALL_ROLES },
      schema: {
        tags: ['validation'],
        params: IdParams,
        querystring: FindingQuerySchema,
        response: { 200: FindingPageSchema },
      },
    },
    async (req) => {
      const page = await listFindings(db.kysely, principalOf(req), req.params.id, req.query);
      await recordView(db.kysely, req, clock(), {
        scope: { kind: 'findings', runId: req.params.id, page: req.query.page },
        rowCount: page.items.length,
      });
      return page;
    },
  );

  app.get(
    '/runs/:id/findings.csv',
    {
      config: { access: ALL_ROLES },
      preHandler: app.limit('download'),
      schema: { tags: ['validation'], params: IdParams },
    },
    async (req, reply) => {
      const viewer = principalOf(req);
      await assertFindingsKept(db.kysely, viewer, req.params.id);
      await recordDownload(db.kysely, req, clock(), {
        scope: { kind: 'findings', runId: req.params.id },
        file: `findings-run-${req.params.id}.csv`,
      });
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="findings-run-${req.params.id}.csv"`);
      return reply.send(findingsCsv(db.kysely, viewer, req.params.id));
    },
  );
};
