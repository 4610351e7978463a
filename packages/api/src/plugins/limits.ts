// Per-caller request limits on @fastify/rate-limit (registered in app.ts with global: false).
// One limiter per kind, shared by every route of that kind: ten download routes give a user one
// allowance, not ten (a route's own `config.rateLimit` would get a store of its own). The key is
// the caller (user or API token), else the address: behind a proxy every user would share one
// address. Routes take `preHandler: app.limit('download')` (after onRequest found the caller) or
// `onRequest: app.limit('webhook')` (before the body is read).
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Config } from '../config.ts';
import { tooManyRequests } from '../errors.ts';

export type LimitKind = 'search' | 'download' | 'webhook';

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared limiter of a kind, as a route hook. */
    limit(kind: LimitKind): onRequestHookHandler;
  }
}

const callerKey = (req: FastifyRequest) =>
  req.principal ? `${req.principal.kind}:${req.principal.id}` : `ip:${req.ip}`;

export function registerLimits(app: FastifyInstance, config: Config) {
  const perMinute: Record<LimitKind, number> = {
    search: config.SEARCH_RATE_PER_MINUTE,
    download: config.DOWNLOAD_RATE_PER_MINUTE,
    webhook: config.WEBHOOK_RATE_PER_MINUTE,
  };
  const limiters = new Map<LimitKind, onRequestHookHandler>();
  app.decorate('limit', (kind: LimitKind) => {
    let limiter = limiters.get(kind);
    if (!limiter) {
      limiter = app.rateLimit({
        max: perMinute[kind],
        timeWindow: 60_000,
        keyGenerator: callerKey,
        errorResponseBuilder: () => tooManyRequests(),
      });
      limiters.set(kind, limiter);
    }
    return limiter;
  });
}
