import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import {
  CustomerDetailSchema,
  CustomerListQuerySchema,
  CustomerPageSchema,
} from '@qingyuan/contract/customers';
import { getCustomer, listCustomers } from './service.ts';
import { fromRequest } from '../access-log/record.ts';

export const customerRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/',
    {
      config: { access: ALL_ROLES },
      preHandler: app.limit('search'),
      schema: {
        tags: ['customers'],
        querystring: CustomerListQuerySchema,
        response: { 200: CustomerPageSchema },
      },
    },
    async (req) =>
      listCustomers(db.kysely, principalOf(req), req.query, { ...fromRequest(req), at: clock() }),
  );

  app.get(
    '/:id',
    {
      config: { access: ALL_ROLES },
      schema: {
        tags: ['customers'],
        params: z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }),
        response: { 200: CustomerDetailSchema },
      },
    },
    async (req) =>
      getCustomer(db.kysely, principalOf(req), req.params.id, { ...fromRequest(req), at: clock() }),
  );
};
