// Retention for admins: the policy, the dry run (what a run would anonymise now, per unit), the
// runs so far, and "run now". The nightly job (job.ts) runs the same service.
import {
  RetentionDryRunSchema,
  RetentionPolicySchema,
  RetentionPolicyUpdateSchema,
  RetentionRunListSchema,
  RetentionRunSchema,
} from '@qingyuan/contract/retention';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { auditContext, recordAdminAction } from '../auth/admin-audit.ts';
import { dryRun, getPolicy, listRuns, runRetention, updatePolicy } from './service.ts';

const ADMIN = ['admin'] as const;

export const retentionRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  const tags = ['retention'];
  app.get(
    '/policy',
    { config: { access: ADMIN }, schema: { tags, response: { 200: RetentionPolicySchema } } },
    async () => getPolicy(db.kysely),
  );
  app.put(
    '/policy',
    {
      config: { access: ADMIN },
      schema: { tags, body: RetentionPolicyUpdateSchema, response: { 200: RetentionPolicySchema } },
    },
    async (req) => updatePolicy(db.kysely, req.body, auditContext(req, clock), recordAdminAction),
  );
  app.get(
    '/dry-run',
    { config: { access: ADMIN }, schema: { tags, response: { 200: RetentionDryRunSchema } } },
    async () => dryRun(db.kysely, clock()),
  );
  app.get(
    '/runs',
    { config: { access: ADMIN }, schema: { tags, response: { 200: RetentionRunListSchema } } },
    async () => ({ items: await listRuns(db.kysely) }),
  );
  app.post(
    '/runs',
    { config: { access: ADMIN }, schema: { tags, response: { 200: RetentionRunSchema } } },
    async (req) =>
      runRetention(db, {
        trigger: 'manual',
        userId: principalOf(req).id,
        clock,
        audit: { ctx: auditContext(req, clock), record: recordAdminAction },
      }),
  );
};
