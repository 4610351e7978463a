import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import {
  DueListSchema,
  MonitoringSettingsSchema,
  OverviewSchema,
  RefreshResultSchema,
  RuleMovesSchema,
  SettingsHistorySchema,
  SettingsSavedSchema,
  TrendSchema,
  WeekQuerySchema,
} from '@qingyuan/contract/monitoring';
import { isoWeekOf } from '../campaign/periods.ts';
import { computeQualityWeek } from './compute.ts';
import { getDue, getOverview, getRuleMoves, getTrend } from './service.ts';
import { getMonitoringSettings, getSettingsHistory, setMonitoringSettings } from './settings.ts';

const COORDINATOR = ['admin', 'coordinator'] as const;
const UnitQuery = z.object({ unit: z.string().min(1).max(20).optional() });

export const monitoringRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  const tags = ['monitoring'];
  const config = { access: ALL_ROLES };
  app.get(
    '/overview',
    { config, schema: { tags, querystring: WeekQuerySchema, response: { 200: OverviewSchema } } },
    async (req) => getOverview(db, principalOf(req), req.query),
  );
  app.get(
    '/trend',
    { config, schema: { tags, querystring: UnitQuery, response: { 200: TrendSchema } } },
    async (req) => getTrend(db, principalOf(req), req.query.unit),
  );
  app.get(
    '/rules',
    { config, schema: { tags, querystring: WeekQuerySchema, response: { 200: RuleMovesSchema } } },
    async (req) => getRuleMoves(db, principalOf(req), req.query),
  );
  app.get(
    '/due',
    { config, schema: { tags, querystring: UnitQuery, response: { 200: DueListSchema } } },
    async (req) => getDue(db, principalOf(req), req.query.unit),
  );
  app.get('/settings', { config, schema: { tags, response: { 200: MonitoringSettingsSchema } } }, async () =>
    getMonitoringSettings(db.kysely),
  );
  app.put(
    '/settings',
    {
      config: { access: COORDINATOR },
      schema: { tags, body: MonitoringSettingsSchema, response: { 200: SettingsSavedSchema } },
    },
    async (req) => setMonitoringSettings(db, principalOf(req), req.body, clock()),
  );
  app.get(
    '/settings/history',
    { config: { access: COORDINATOR }, schema: { tags, response: { 200: SettingsHistorySchema } } },
    async () => getSettingsHistory(db.kysely),
  );
  app.post(
    '/refresh',
    { config: { access: COORDINATOR }, schema: { tags, response: { 200: RefreshResultSchema } } },
    async () => {
      const now = clock();
      return computeQualityWeek(db, isoWeekOf(now), now);
    },
  );
};
