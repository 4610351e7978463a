// /api/v1/conflicts: the 冲突处理 page — coordinators see the province, city teams their city.
import {
  ConflictListQuerySchema,
  ConflictPageSchema,
  ConflictSummarySchema,
  ResolveRequestSchema,
  ResolveResultSchema,
} from '@qingyuan/contract/conflicts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { maskerFor } from '../writeback/mask.ts';
import { recordView } from '../access-log/views.ts';
import { conflictSummary, listConflicts, resolveConflicts } from './service.ts';

const tags = ['conflicts'];
const TEAMS = ['admin', 'coordinator', 'city_member'] as const;

export const conflictRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/',
    {
      config: { access: TEAMS },
      schema: { tags, querystring: ConflictListQuerySchema, response: { 200: ConflictPageSchema } },
    },
    async (req) => {
      const viewer = principalOf(req);
      const page = await listConflicts(db.kysely, viewer, maskerFor(viewer), req.query, clock());
      await recordView(db.kysely, req, clock(), {
        scope: { kind: 'conflicts' },
        rowCount: page.items.length,
      });
      return page;
    },
  );

  app.get(
    '/summary',
    {
      config: { access: [...TEAMS, 'manager'] },
      schema: { tags, response: { 200: ConflictSummarySchema } },
    },
    async (req) => conflictSummary(db.kysely, principalOf(req).region, clock()),
  );

  app.post(
    '/resolve',
    {
      config: { access: TEAMS },
      schema: { tags, body: ResolveRequestSchema, response: { 200: ResolveResultSchema } },
    },
    async (req) => resolveConflicts(db, principalOf(req), req.body, clock()),
  );
};
