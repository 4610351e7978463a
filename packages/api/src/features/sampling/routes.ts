import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import {
  NewPlanBodySchema,
  PlanDetailSchema,
  PlanListQuerySchema,
  PlanListSchema,
  PlanParamsSchema,
} from '@qingyuan/contract/sampling';
import { createSamplingPlan, getSamplingPlan, listSamplingPlans } from './service.ts';

/** Plans are drawn by the province; managers and agents read them (an agent works a call plan). */
const PLANNERS = ['admin', 'coordinator'] as const;
const READERS = ['admin', 'coordinator', 'manager', 'agent', 'city_member'] as const;

export const samplingRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/plans',
    {
      config: { access: READERS },
      schema: {
        tags: ['sampling'],
        querystring: PlanListQuerySchema,
        response: { 200: PlanListSchema },
      },
    },
    async (req) => ({ items: await listSamplingPlans(db, principalOf(req), req.query.kind) }),
  );

  app.post(
    '/plans',
    {
      config: { access: PLANNERS },
      schema: { tags: ['sampling'], body: NewPlanBodySchema, response: { 200: PlanDetailSchema } },
    },
    async (req) => createSamplingPlan(db, principalOf(req), req.body, clock()),
  );

  app.get(
    '/plans/:id',
    {
      config: { access: READERS },
      schema: { tags: ['sampling'], params: PlanParamsSchema, response: { 200: PlanDetailSchema } },
    },
    async (req) => getSamplingPlan(db, principalOf(req), req.params.id),
  );
};
