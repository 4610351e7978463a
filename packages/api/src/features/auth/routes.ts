import { LoginBodySchema, UserResponseSchema } from '@qingyuan/contract/auth';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf, SESSION_COOKIE } from '../../plugins/auth.ts';
import { ALL_ROLES } from './principal.ts';
import { login, logout, toUserDto, withApprovals } from './service.ts';
import { fromRequest } from '../access-log/record.ts';

export const authRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, config, clock }) => {
  app.post(
    '/login',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        body: LoginBodySchema,
        response: { 200: UserResponseSchema },
      },
    },
    async (req, reply) => {
      const { token, principal } = await login(
        db.kysely,
        req.body.username,
        req.body.password,
        config.SESSION_TTL_HOURS,
        clock(),
        { after: config.LOGIN_LOCKOUT_AFTER, baseSeconds: config.LOGIN_LOCKOUT_SECONDS },
        fromRequest(req),
      );
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: config.COOKIE_SECURE,
        path: '/',
        // a lifetime, not an instant: the browser's clock need not agree with ours (the session
        // row's expires_at, from our clock, is what decides)
        maxAge: config.SESSION_TTL_HOURS * 3600,
      });
      const viewer = await withApprovals(db.kysely, principal, clock(), config.UNMASKED_ACCESS);
      return { user: await toUserDto(db.kysely, viewer) };
    },
  );

  app.post('/logout', { config: { access: 'public' }, schema: { tags: ['auth'] } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await logout(db.kysely, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get(
    '/me',
    {
      config: { access: [...ALL_ROLES, 'auditor'] },
      schema: { tags: ['auth'], response: { 200: UserResponseSchema } },
    },
    async (req) => ({ user: await toUserDto(db.kysely, principalOf(req)) }),
  );
};
