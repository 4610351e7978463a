import { LoginBodySchema, UserResponseSchema } from '@qingyuan/contract/auth';
import { ChangePasswordBodySchema, SetupPasswordBodySchema } from '@qingyuan/contract/admin';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf, SESSION_COOKIE } from '../../plugins/auth.ts';
import { ALL_ROLES } from './principal.ts';
import { login, logout, toUserDto, withApprovals } from './service.ts';
import { fromRequest } from '../access-log/record.ts';
import { auditContext, recordAdminAction } from './admin-audit.ts';
import { changeOwnPassword, setPasswordWithCode } from './passwords.ts';

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
      setSessionCookie(reply, token);
      const viewer = await withApprovals(db.kysely, principal, clock(), config.UNMASKED_ACCESS);
      return { user: await toUserDto(db.kysely, viewer) };
    },
  );

  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'lax',
      secure: config.COOKIE_SECURE,
      path: '/',
      // a lifetime, not an instant: the browser's clock need not agree with ours (the session
      // row's expires_at, from our clock, is what decides)
      maxAge: config.SESSION_TTL_HOURS * 3600,
    });

  // first login (or after a reset): the one-time code an admin handed over sets the password
  app.post(
    '/setup-password',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: { tags: ['auth'], body: SetupPasswordBodySchema, response: { 200: UserResponseSchema } },
    },
    async (req, reply) => {
      const { token, principal } = await setPasswordWithCode(
        db.kysely,
        req.body,
        {
          ttlHours: config.SESSION_TTL_HOURS,
          now: clock(),
          lockout: { after: config.LOGIN_LOCKOUT_AFTER, baseSeconds: config.LOGIN_LOCKOUT_SECONDS },
          ip: req.ip,
          route: 'POST /api/v1/auth/setup-password',
        },
        recordAdminAction,
      );
      setSessionCookie(reply, token);
      const viewer = await withApprovals(db.kysely, principal, clock(), config.UNMASKED_ACCESS);
      return { user: await toUserDto(db.kysely, viewer) };
    },
  );

  app.post(
    '/password',
    {
      config: { access: [...ALL_ROLES] },
      schema: { tags: ['auth'], body: ChangePasswordBodySchema, response: { 204: z.null() } },
    },
    async (req, reply) => {
      await changeOwnPassword(
        db.kysely,
        auditContext(req, clock),
        { ...req.body, sessionToken: req.cookies[SESSION_COOKIE] },
        recordAdminAction,
      );
      return reply.code(204).send(null);
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
