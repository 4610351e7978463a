// 系统管理 API (admins): users and API tokens. Every action is recorded in the access log, in the
// action's own transaction (users-admin.ts, tokens-admin.ts).
import {
  AdminUserListSchema,
  AdminUserSchema,
  ApiTokenListSchema,
  ApiTokenSchema,
  SetupCodeResponseSchema,
  TokenCreateBodySchema,
  TokenCreatedSchema,
  UserCreateBodySchema,
  UserUpdateBodySchema,
} from '@qingyuan/contract/admin';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { auditContext, recordAdminAction } from './admin-audit.ts';
import { announceTokensChanged } from './token-cache.ts';
import { createToken, listTokens, revokeToken } from './tokens-admin.ts';
import { createUser, listUsers, resetUser, updateUser } from './users-admin.ts';

const ADMIN = ['admin'] as const;
const IdParams = z.object({ id: z.coerce.number().int().positive() });

export const adminRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  const tags = ['admin'];
  app.get(
    '/users',
    { config: { access: ADMIN }, schema: { tags, response: { 200: AdminUserListSchema } } },
    async () => ({ items: await listUsers(db.kysely, clock()) }),
  );
  app.post(
    '/users',
    {
      config: { access: ADMIN },
      schema: { tags, body: UserCreateBodySchema, response: { 200: SetupCodeResponseSchema } },
    },
    async (req) => createUser(db.kysely, auditContext(req, clock), req.body, recordAdminAction),
  );
  app.put(
    '/users/:id',
    {
      config: { access: ADMIN },
      schema: { tags, params: IdParams, body: UserUpdateBodySchema, response: { 200: AdminUserSchema } },
    },
    async (req) =>
      updateUser(db.kysely, auditContext(req, clock), req.params.id, req.body, recordAdminAction),
  );
  app.post(
    '/users/:id/reset',
    {
      config: { access: ADMIN },
      schema: { tags, params: IdParams, response: { 200: SetupCodeResponseSchema } },
    },
    async (req) => resetUser(db.kysely, auditContext(req, clock), req.params.id, recordAdminAction),
  );
  app.get(
    '/tokens',
    { config: { access: ADMIN }, schema: { tags, response: { 200: ApiTokenListSchema } } },
    async () => ({ items: await listTokens(db.kysely, clock()) }),
  );
  app.post(
    '/tokens',
    {
      config: { access: ADMIN },
      schema: { tags, body: TokenCreateBodySchema, response: { 200: TokenCreatedSchema } },
    },
    async (req) => createToken(db.kysely, auditContext(req, clock), req.body, recordAdminAction),
  );
  app.post(
    '/tokens/:id/revoke',
    { config: { access: ADMIN }, schema: { tags, params: IdParams, response: { 200: ApiTokenSchema } } },
    async (req) => {
      const token = await revokeToken(db.kysely, auditContext(req, clock), req.params.id, recordAdminAction);
      await announceTokensChanged(db);
      return token;
    },
  );
};
