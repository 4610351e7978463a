// Approvals for full numbers (审批) and the in-app inbox. Anyone signed in may be an approver
// (admins, and the users configured per city), so the decide routes are open to every staff
// role and the service checks who may decide which request.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import {
  AccessRequestBodySchema,
  AccessRequestListSchema,
  AccessRequestResponseSchema,
  ApproversSchema,
  GrantBodySchema,
  MarkReadBodySchema,
  NotificationListSchema,
  PutApproversBodySchema,
  RefuseBodySchema,
} from '@qingyuan/contract/access';
import { fromRequest } from '../access-log/record.ts';
import {
  decide,
  listApprovers,
  listNotifications,
  listRequests,
  markNotificationsRead,
  requestUnmasked,
  setApprovers,
} from './service.ts';

const IdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const EVERYONE = [...ALL_ROLES, 'auditor'] as const;
const tags = ['access'];

export const accessRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  app.post(
    '/requests',
    {
      config: { access: ['coordinator', 'city_member'] },
      schema: { tags, body: AccessRequestBodySchema, response: { 200: AccessRequestResponseSchema } },
    },
    async (req) =>
      requestUnmasked(db.kysely, principalOf(req), req.body, { ...fromRequest(req), at: clock() }),
  );

  app.get(
    '/requests',
    {
      config: { access: EVERYONE },
      schema: { tags, response: { 200: AccessRequestListSchema } },
    },
    async (req) => listRequests(db.kysely, principalOf(req), clock()),
  );

  app.post(
    '/requests/:id/grant',
    {
      config: { access: ALL_ROLES },
      schema: {
        tags,
        params: IdParams,
        body: GrantBodySchema,
        response: { 200: AccessRequestResponseSchema },
      },
    },
    async (req) =>
      decide(
        db.kysely,
        principalOf(req),
        req.params.id,
        { grant: true, hours: req.body.hours, note: req.body.note },
        { ...fromRequest(req), at: clock() },
      ),
  );

  app.post(
    '/requests/:id/refuse',
    {
      config: { access: ALL_ROLES },
      schema: {
        tags,
        params: IdParams,
        body: RefuseBodySchema,
        response: { 200: AccessRequestResponseSchema },
      },
    },
    async (req) =>
      decide(
        db.kysely,
        principalOf(req),
        req.params.id,
        { grant: false, reason: req.body.reason },
        { ...fromRequest(req), at: clock() },
      ),
  );

  app.get(
    '/approvers',
    { config: { access: ['admin'] }, schema: { tags, response: { 200: ApproversSchema } } },
    async () => listApprovers(db.kysely),
  );

  app.put(
    '/approvers',
    {
      config: { access: ['admin'] },
      schema: { tags, body: PutApproversBodySchema, response: { 200: ApproversSchema } },
    },
    async (req) => setApprovers(db.kysely, principalOf(req), req.body, clock()),
  );

  app.get(
    '/notifications',
    { config: { access: EVERYONE }, schema: { tags, response: { 200: NotificationListSchema } } },
    async (req) => listNotifications(db.kysely, principalOf(req)),
  );

  app.post(
    '/notifications/read',
    { config: { access: EVERYONE }, schema: { tags, body: MarkReadBodySchema } },
    async (req, reply) => {
      await markNotificationsRead(db.kysely, principalOf(req), req.body.ids, clock());
      return reply.code(204).send();
    },
  );
};
