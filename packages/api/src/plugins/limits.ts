// Per-user request limits (@fastify/rate-limit, registered in app.ts with global: false): a route
// opts in with `config: { access, ...limited(kind, max) }`. Each kind is one bucket per caller
// across all its routes (groupId), so ten download routes do not give ten times the allowance.
// The key is the caller (user or API token), not the address: behind a proxy every user would
// share one address. The check runs at preHandler, after onRequest has found the caller.
import type { FastifyRequest } from 'fastify';
import type { RateLimitOptions } from '@fastify/rate-limit';
import { tooManyRequests } from '../errors.ts';

export type LimitKind = 'search' | 'download' | 'webhook' | 'login';

const callerKey = (req: FastifyRequest) =>
  req.principal ? `${req.principal.kind}:${req.principal.id}` : `ip:${req.ip}`;

/** Route config for a limit of `max` requests a minute per caller, shared by every route of the kind. */
export function limited(kind: LimitKind, max: number): { rateLimit: RateLimitOptions } {
  return {
    rateLimit: {
      max,
      timeWindow: 60_000,
      groupId: kind,
      hook: kind === 'search' || kind === 'download' ? 'preHandler' : 'onRequest',
      keyGenerator: callerKey,
      errorResponseBuilder: () => tooManyRequests(),
    },
  };
}
