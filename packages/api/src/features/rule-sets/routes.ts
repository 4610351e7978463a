import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import { previewRuleSet } from './preview.ts';
import {
  ActivateBodySchema,
  ActivateResponseSchema,
  NewRuleSetBodySchema,
  PreviewBodySchema,
  PreviewSchema,
  RuleSetDetailSchema,
  RuleSetListSchema,
  VersionParamsSchema,
} from '@qingyuan/contract/rule-sets';
import { activateRuleSet, createRuleSet, getRuleSet, listRuleSets } from './service.ts';

const EDITORS = ['admin', 'coordinator'] as const;

export const ruleSetRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/',
    {
      config: { access: ALL_ROLES },
      schema: { tags: ['rule-sets'], response: { 200: RuleSetListSchema } },
    },
    async () => ({ items: await listRuleSets(db, clock()) }),
  );

  app.get(
    '/:version',
    {
      config: { access: ALL_ROLES },
      schema: { tags: ['rule-sets'], params: VersionParamsSchema, response: { 200: RuleSetDetailSchema } },
    },
    async (req) => getRuleSet(db, req.params.version, clock()),
  );

  app.post(
    '/',
    {
      config: { access: EDITORS },
      schema: { tags: ['rule-sets'], body: NewRuleSetBodySchema, response: { 200: RuleSetDetailSchema } },
    },
    async (req) => createRuleSet(db, principalOf(req), req.body.document, req.body.note, clock()),
  );

  app.post(
    '/:version/preview',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['rule-sets'],
        params: VersionParamsSchema,
        body: PreviewBodySchema.default({ sampleSize: 20_000 }),
        response: { 200: PreviewSchema },
      },
    },
    async (req) => previewRuleSet(db, req.params.version, req.body.sampleSize, clock()),
  );

  app.post(
    '/:version/activate',
    {
      config: { access: EDITORS },
      schema: {
        tags: ['rule-sets'],
        params: VersionParamsSchema,
        // optional: older clients post no body
        body: ActivateBodySchema.nullish(),
        response: { 200: ActivateResponseSchema },
      },
    },
    async (req) => {
      const result = await activateRuleSet(
        db,
        principalOf(req),
        req.params.version,
        clock(),
        req.body?.fullRun ?? false,
      );
      if (result.fullRunId) app.jobs.kick('validation');
      return result;
    },
  );
};
