// buildApp(config, deps): the whole application as one fastify instance, its background jobs
// included (plugins/jobs.ts, each off by config). The outside world (database, clock) comes in
// through deps so tests pass their own.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Config } from './config.ts';
import type { Db } from './db.ts';
import { AppError, type ErrorBody, type ErrorCode } from './errors.ts';
import { retentionRoutes } from './features/retention/routes.ts';
import { adminRoutes } from './features/auth/admin-routes.ts';
import { registerAuth, type ApiRoute } from './plugins/auth.ts';
import { listenForTokenChanges } from './features/auth/token-cache.ts';
import { jobsPlugin } from './plugins/jobs.ts';
import { registerLimits } from './plugins/limits.ts';
import { registerSecurity } from './plugins/security.ts';
import { authRoutes } from './features/auth/routes.ts';
import { customerRoutes } from './features/customers/routes.ts';
import { loadRoutes } from './features/loads/routes.ts';
import { ruleSetRoutes } from './features/rule-sets/routes.ts';
import { validationRoutes } from './features/validation/routes.ts';
import { entryGateRoutes } from './features/entry-gate/routes.ts';
import { smsRoutes } from './features/sms/routes.ts';
import { samplingRoutes } from './features/sampling/routes.ts';
import { callRoutes } from './features/calls/routes.ts';
import { campaignRoutes } from './features/campaign/routes.ts';
import { dashboardRoutes } from './features/dashboard/routes.ts';
import { reportRoutes } from './features/reports/routes.ts';
import { worksheetRoutes } from './features/worksheets/routes.ts';
import { writebackRoutes } from './features/writeback/routes.ts';
import { fieldRoutes } from './features/field/routes.ts';
import { conflictRoutes } from './features/conflicts/routes.ts';
import { monitoringRoutes } from './features/monitoring/routes.ts';
import { auditRoutes } from './features/access-log/routes.ts';
import { accessRoutes } from './features/access-requests/routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every /api route with its declared access: the scope tests walk this list. */
    apiRoutes: ApiRoute[];
  }
}

export interface AppDeps {
  db: Db;
  config: Config;
  clock: () => Date;
}

export async function buildApp(
  config: Config,
  deps: Omit<AppDeps, 'config'>,
  opts: FastifyServerOptions = {},
) {
  const app = Fastify({
    logger: { level: config.LOG_LEVEL },
    bodyLimit: 10 * 1024 * 1024,
    // a hop count as proxy-addr's function (fastify's types take only the other forms)
    trustProxy:
      typeof config.TRUST_PROXY === 'number'
        ? (
            (hops: number) => (_addr: string, i: number) =>
              i < hops
          )(config.TRUST_PROXY)
        : config.TRUST_PROXY,
    ...opts,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  setErrorHandling(app);

  await app.register(cookie);
  await registerSecurity(app, config);
  await app.register(rateLimit, { global: false });
  registerLimits(app, config);
  await app.register(multipart, {
    limits: { fileSize: config.UPLOAD_LIMIT_MB * 1024 * 1024, files: 1, fields: 10 },
  });
  await app.register(swagger, {
    openapi: { info: { title: '清源 Qingyuan API', version: '0.1.0' } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const apiRoutes = registerAuth(app, deps.db.kysely, deps.clock, config.UNMASKED_ACCESS);
  // a token revoked in another process (or by the CLI) is forgotten here at once
  const stopTokenListener = listenForTokenChanges(deps.db).catch((err: unknown) => {
    app.log.warn({ err }, 'tokens: cannot listen for revocations; cached tokens expire within 1 s');
    return () => undefined;
  });
  app.addHook('onClose', async () => (await stopTokenListener)());
  app.decorate('apiRoutes', apiRoutes);
  const all: AppDeps = { ...deps, config };
  // background work (validation runner, campaign scheduler, SMS dispatcher): started on ready
  await app.register(jobsPlugin, all);

  app.get('/healthz', { config: { access: 'public' } }, async () => {
    await deps.db.kysely.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
    return { ok: true, database: deps.db.kind };
  });
  await app.register(authRoutes, { prefix: '/api/v1/auth', ...all });
  await app.register(customerRoutes, { prefix: '/api/v1/customers', ...all });
  await app.register(loadRoutes, { prefix: '/api/v1/loads', ...all });
  await app.register(ruleSetRoutes, { prefix: '/api/v1/rule-sets', ...all });
  await app.register(validationRoutes, { prefix: '/api/v1/validation', ...all });
  await app.register(samplingRoutes, { prefix: '/api/v1/sampling', ...all });
  await app.register(entryGateRoutes, { prefix: '/api/v1/validate', ...all });
  await app.register(smsRoutes, { prefix: '/api/v1/sms', ...all });
  await app.register(callRoutes, { prefix: '/api/v1/calls', ...all });
  await app.register(campaignRoutes, { prefix: '/api/v1/campaign', ...all });
  await app.register(reportRoutes, { prefix: '/api/v1/reports', ...all });
  await app.register(monitoringRoutes, { prefix: '/api/v1/monitoring', ...all });
  await app.register(dashboardRoutes, { prefix: '/api/v1/dashboard', ...all });
  await app.register(worksheetRoutes, { prefix: '/api/v1/worksheets', ...all });
  await app.register(writebackRoutes, { prefix: '/api/v1/changes', ...all });
  await app.register(conflictRoutes, { prefix: '/api/v1/conflicts', ...all });
  await app.register(fieldRoutes, { prefix: '/api/v1/field', ...all });
  await app.register(retentionRoutes, { prefix: '/api/v1/retention', ...all });
  await app.register(adminRoutes, { prefix: '/api/v1/admin', ...all });
  await app.register(auditRoutes, { prefix: '/api/v1/audit', ...all });
  await app.register(accessRoutes, { prefix: '/api/v1/access', ...all });

  const hasWeb = await serveWeb(app, config);
  // Client-side routes: any unknown GET outside /api gets the web app's index.html.
  app.setNotFoundHandler((req, reply) => {
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.sendFile('index.html');
    return reply.code(404).send(errorBody('not_found', '未找到 / Not found'));
  });
  return app;
}

async function serveWeb(app: FastifyInstance, config: Config): Promise<boolean> {
  const dist = resolve(config.WEB_DIST || new URL('../../web/dist', import.meta.url).pathname);
  if (!existsSync(resolve(dist, 'index.html'))) {
    app.log.warn({ dist }, 'web app not built: run `pnpm build` to serve the UI');
    return false;
  }
  await app.register(fastifyStatic, { root: dist, wildcard: false });
  return true;
}

const errorBody = (code: ErrorCode, message: string, details?: unknown): ErrorBody => ({
  error: details === undefined ? { code, message } : { code, message, details },
});

const statusCodes: Record<number, ErrorCode> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_file',
  406: 'unsupported_file',
};

function setErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({ path: v.instancePath, message: v.message }));
      return reply.code(400).send(errorBody('validation_failed', '请求参数有误 / Invalid request', details));
    }
    if (err instanceof AppError)
      return reply.code(err.status).send(errorBody(err.code, err.message, err.details));
    const status = (err as { statusCode?: number }).statusCode ?? 500;
    if (status === 429)
      return reply
        .code(429)
        .send(
          errorBody(
            'too_many_requests',
            '请求过于频繁，请稍后再试 / Too many requests, please try again later',
          ),
        );
    if (status < 500 && statusCodes[status]) {
      return reply.code(status).send(errorBody(statusCodes[status], (err as Error).message));
    }
    req.log.error({ err }, 'unhandled error');
    return reply.code(500).send(errorBody('internal', '服务器内部错误 / Internal server error'));
  });
}
