// Authentication (session cookie or API bearer token) and per-route access control.
// Every /api route must declare `config.access`; an undeclared route fails at start-up.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { UnmaskedAccess } from '../features/auth/masking.ts';
import type { Access, Principal } from '../features/auth/principal.ts';
import { principalFromApiToken, principalFromSession } from '../features/auth/service.ts';

export const SESSION_COOKIE = 'qy_session';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface ApiRoute {
  method: string;
  url: string;
  access: Access;
}

/** Registers auth hooks; returns the table of API routes and who may call them, filled as routes register. */
export function registerAuth(
  app: FastifyInstance,
  db: Kysely<Database>,
  clock: () => Date,
  policy: UnmaskedAccess = 'role',
): ApiRoute[] {
  app.decorateRequest('principal', null);
  const routes: ApiRoute[] = [];

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/')) return;
    const access = route.config?.access;
    if (access === undefined)
      throw new Error(`route ${route.method} ${route.url} does not declare config.access`);
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const url = route.url.length > 1 ? route.url.replace(/\/$/, '') : route.url;
      if (!routes.some((r) => r.method === method && r.url === url)) routes.push({ method, url, access });
    }
  });

  app.addHook('onRequest', async (req) => {
    const access = req.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    req.principal = await resolvePrincipal(req, db, clock, policy);
    if (!req.principal) throw new AppError('unauthenticated', '请先登录 / Please log in');
    if (!access.includes(req.principal.role)) throw new AppError('forbidden', '无权访问 / Forbidden');
  });
  return routes;
}

async function resolvePrincipal(
  req: FastifyRequest,
  db: Kysely<Database>,
  clock: () => Date,
  policy: UnmaskedAccess,
) {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return principalFromApiToken(db, bearer, clock());
  const cookie = req.cookies[SESSION_COOKIE];
  return cookie ? principalFromSession(db, cookie, clock(), policy) : null;
}

/** The caller of a route that is not public: onRequest guarantees one. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('unauthenticated', '请先登录 / Please log in');
  return req.principal;
}
