import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { startGateCounter } from './counter.ts';
import { GateBodySchema, GateResponseSchema } from '@qingyuan/contract/entry-gate';
import { checkAtGate } from './service.ts';

export const entryGateRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  const counter = startGateCounter(db.kysely, app.log);
  app.addHook('onClose', () => counter.close());

  app.post(
    '/',
    {
      config: { access: ['integration', 'admin', 'coordinator'] },
      schema: { tags: ['entry-gate'], body: GateBodySchema, response: { 200: GateResponseSchema } },
    },
    async (req) => checkAtGate(db, principalOf(req), req.body, clock(), counter),
  );
};
