import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { STAFF } from '../auth/principal.ts';
import {
  CampaignDtoSchema,
  CreatedCycleSchema,
  CustomerHistorySchema,
  CycleListSchema,
  CycleParamsSchema,
  CycleQuerySchema,
  NewCycleBodySchema,
  OkSchema,
  PhasesBodySchema,
  PilotBodySchema,
  SettingsSchema,
  SnapshotBodySchema,
  SnapshotResultSchema,
  SubmittedWorkReportSchema,
  TargetHistorySchema,
  TargetsBodySchema,
  TargetsResultSchema,
  WorkReportBodySchema,
  WorkReportListSchema,
} from '@qingyuan/contract/campaign';
import {
  getCampaign,
  getTargetHistory,
  setPhases,
  setPilotStations,
  setSettings,
  setTargets,
} from './service.ts';
import { isBeforeCutOff } from './cut-off.ts';
import { activateCycle, closeCycle, createCycle, customerHistory, listCycles } from './cycles.ts';
import { takeSnapshot } from './snapshot.ts';
import { listWorkReports, submitWorkReport } from './work-reports.ts';

const COORDINATOR = ['admin', 'coordinator'] as const;

export const campaignRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock, config }) => {
  const tags = ['campaign'];
  app.get(
    '/',
    {
      config: { access: STAFF },
      schema: { tags, querystring: CycleQuerySchema, response: { 200: CampaignDtoSchema } },
    },
    async (req) => getCampaign(db, principalOf(req), clock(), req.query.campaignId),
  );
  app.put(
    '/phases',
    {
      config: { access: COORDINATOR },
      schema: { tags, querystring: CycleQuerySchema, body: PhasesBodySchema, response: { 200: OkSchema } },
    },
    async (req) => {
      await setPhases(db, principalOf(req), req.body.phases, clock(), req.query.campaignId);
      return { ok: true as const };
    },
  );
  app.put(
    '/pilot-stations',
    {
      config: { access: COORDINATOR },
      schema: { tags, querystring: CycleQuerySchema, body: PilotBodySchema, response: { 200: OkSchema } },
    },
    async (req) => {
      await setPilotStations(db, principalOf(req), req.body.stationCodes, clock(), req.query.campaignId);
      return { ok: true as const };
    },
  );
  app.put(
    '/targets',
    {
      config: { access: COORDINATOR },
      schema: {
        tags,
        querystring: CycleQuerySchema,
        body: TargetsBodySchema,
        response: { 200: TargetsResultSchema },
      },
    },
    async (req) => setTargets(db, principalOf(req), req.body.targets, clock(), req.query.campaignId),
  );
  app.get(
    '/targets/history',
    {
      config: { access: STAFF },
      schema: { tags, querystring: CycleQuerySchema, response: { 200: TargetHistorySchema } },
    },
    async (req) => getTargetHistory(db, principalOf(req), clock(), req.query.campaignId),
  );
  app.put(
    '/settings',
    {
      config: { access: COORDINATOR },
      schema: { tags, querystring: CycleQuerySchema, body: SettingsSchema, response: { 200: OkSchema } },
    },
    async (req) => {
      await setSettings(db, principalOf(req), req.body, clock(), req.query.campaignId);
      return { ok: true as const };
    },
  );
  app.post(
    '/snapshots',
    {
      config: { access: COORDINATOR },
      schema: { tags, body: SnapshotBodySchema, response: { 200: SnapshotResultSchema } },
    },
    async (req) => {
      const now = clock();
      const isEarly = req.body.kind === 'week' && isBeforeCutOff(config.CAMPAIGN_WEEKLY_CRON, now);
      return takeSnapshot(db, req.body.kind, now, {
        timing: isEarly ? 'early' : 'on_time',
        includeSimulated: config.DEMO_DATA === 'on',
      });
    },
  );
  app.get(
    '/cycles',
    { config: { access: STAFF }, schema: { tags, response: { 200: CycleListSchema } } },
    async () => listCycles(db),
  );
  app.post(
    '/cycles',
    {
      config: { access: COORDINATOR },
      schema: { tags, body: NewCycleBodySchema, response: { 200: CreatedCycleSchema } },
    },
    async (req) => ({ id: await createCycle(db, principalOf(req), req.body.name, clock()) }),
  );
  app.post(
    '/cycles/:id/activate',
    {
      config: { access: COORDINATOR },
      schema: { tags, params: CycleParamsSchema, response: { 200: OkSchema } },
    },
    async (req) => {
      await activateCycle(db, principalOf(req), req.params.id, clock());
      return { ok: true as const };
    },
  );
  app.post(
    '/cycles/:id/close',
    {
      config: { access: COORDINATOR },
      schema: { tags, params: CycleParamsSchema, response: { 200: OkSchema } },
    },
    async (req) => {
      await closeCycle(db, principalOf(req), req.params.id, clock(), {
        includeSimulated: config.DEMO_DATA === 'on',
      });
      return { ok: true as const };
    },
  );
  app.get(
    '/customers/:id/verifications',
    {
      config: { access: STAFF },
      schema: { tags, params: CycleParamsSchema, response: { 200: CustomerHistorySchema } },
    },
    async (req) => customerHistory(db, principalOf(req), req.params.id),
  );
  app.get(
    '/work-reports',
    {
      config: { access: ['admin', 'coordinator', 'city_member', 'manager'] },
      schema: { tags, response: { 200: WorkReportListSchema } },
    },
    async (req) => listWorkReports(db, principalOf(req), clock()),
  );
  app.put(
    '/work-reports',
    {
      config: { access: ['city_member'] },
      schema: {
        tags,
        body: WorkReportBodySchema,
        response: { 200: SubmittedWorkReportSchema },
      },
    },
    async (req) => submitWorkReport(db, principalOf(req), req.body, clock()),
  );
};
