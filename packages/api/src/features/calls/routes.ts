import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { recordView } from '../access-log/views.ts';
import { principalOf } from '../../plugins/auth.ts';
import { nextCall, releaseCall } from './queue.ts';
import { recordCallResult } from './record.ts';
import { callReport, listCallPlans } from './report.ts';
import {
  CallIdParamsSchema,
  CallPlansResponseSchema,
  CallResultBodySchema,
  CallResultResponseSchema,
  NextCallBodySchema,
  NextCallResponseSchema,
  ReleaseCallResponseSchema,
  ReportQuerySchema,
  ReportResponseSchema,
} from '@qingyuan/contract/calls';

const AGENTS = ['agent'] as const;
const READERS = ['admin', 'coordinator', 'city_member', 'manager', 'agent'] as const;
const REPORT_READERS = ['admin', 'coordinator', 'city_member', 'manager'] as const;

export const callRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock, config }) => {
  app.post(
    '/next',
    {
      config: { access: AGENTS },
      schema: { tags: ['calls'], body: NextCallBodySchema, response: { 200: NextCallResponseSchema } },
    },
    async (req) => {
      const next = await nextCall(
        db,
        principalOf(req),
        req.body.planId === undefined ? undefined : Number(req.body.planId),
        clock(),
        { leaseMinutes: config.CALL_LEASE_MINUTES },
      );
      // the agent holds this customer now: its numbers are shown in full (masking.ts)
      if (next.call) {
        const id = Number(next.call.customerId);
        await recordView(db.kysely, req, clock(), {
          customers: [{ id }],
          grants: { heldCustomerIds: new Set([id]) },
          scope: { callTaskId: next.call.id },
        });
      }
      return next;
    },
  );

  app.post(
    '/:id/result',
    {
      config: { access: AGENTS },
      schema: {
        tags: ['calls'],
        params: CallIdParamsSchema,
        body: CallResultBodySchema,
        response: { 200: CallResultResponseSchema },
      },
    },
    async (req) => recordCallResult(db, principalOf(req), req.params.id, req.body, clock()),
  );

  app.post(
    '/:id/release',
    {
      config: { access: AGENTS },
      schema: { tags: ['calls'], params: CallIdParamsSchema, response: { 200: ReleaseCallResponseSchema } },
    },
    async (req) => releaseCall(db, principalOf(req), req.params.id, clock()),
  );

  app.get(
    '/plans',
    {
      config: { access: READERS },
      schema: { tags: ['calls'], response: { 200: CallPlansResponseSchema } },
    },
    async (req) => listCallPlans(db.kysely, principalOf(req)),
  );

  app.get(
    '/report',
    {
      config: { access: REPORT_READERS },
      schema: { tags: ['calls'], querystring: ReportQuerySchema, response: { 200: ReportResponseSchema } },
    },
    async (req) =>
      callReport(db, principalOf(req), req.query.planId === undefined ? undefined : Number(req.query.planId)),
  );
};
