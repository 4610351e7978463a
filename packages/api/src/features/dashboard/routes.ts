import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import { getEntryGate, getKpis, getQuality, getRanking, getTrend, getWorkReportStatus } from './service.ts';

const Unit = z.object({ unit: z.string().min(1).max(20).optional() });
const Status = z.enum(['green', 'yellow', 'red']).nullable();
const Region = z.object({
  level: z.enum(['province', 'city', 'county']),
  code: z.string().nullable(),
  cityCode: z.string().nullable(),
  countyCode: z.string().nullable(),
});
const KpisSchema = z.object({
  region: Region,
  phase: z.enum(['deployment', 'pilot', 'rollout']),
  customers: z.number(),
  inScope: z.number(),
  verified: z.number(),
  inField: z.number(),
  unreachable: z.number(),
  completionPct: z.number(),
  expectedPct: z.number().nullable(),
  status: Status,
  smsSuccessRate: z.number().nullable(),
  smsFinished: z.number(),
  smsInterval: z.tuple([z.number(), z.number()]).nullable(),
  callErrorRate: z.number().nullable(),
  openErrors: z.number(),
});
const RankingSchema = z.object({
  periodKey: z.string().nullable(),
  cityCount: z.number().nullable(),
  items: z.array(
    z.object({
      level: z.enum(['province', 'city', 'county', 'station']),
      unitCode: z.string(),
      name: z.string(),
      cityCode: z.string().nullable(),
      inScope: z.number(),
      verified: z.number(),
      completionPct: z.number(),
      changePct: z.number().nullable(),
      rank: z.number().nullable(),
      rankChange: z.number().nullable(),
      expectedPct: z.number().nullable(),
      targetPct: z.number().nullable(),
      status: Status,
      liveCompletionPct: z.number().nullable(),
    }),
  ),
});
const TrendSchema = z.object({
  units: z.array(z.object({ code: z.string(), name: z.string() })),
  points: z.array(
    z.object({
      periodKey: z.string(),
      completionPct: z.number().nullable(),
      expectedPct: z.number().nullable(),
      values: z.record(z.string(), z.number()),
    }),
  ),
});
const Score = z.number().nullable();
const QualitySchema = z.object({
  periodKey: z.string().nullable(),
  items: z.array(
    z.object({
      cityCode: z.string(),
      name: z.string(),
      progress: Score,
      normativity: Score,
      timeliness: Score,
      quality: Score,
      sample: Score,
      score: z.number(),
      rank: z.number(),
      details: z.record(z.string(), z.number().nullable()),
    }),
  ),
});
const GateSchema = z.object({
  since: z.string(),
  items: z.array(
    z.object({
      stationCode: z.string(),
      name: z.string(),
      records: z.number(),
      withError: z.number(),
      failRate: z.number().nullable(),
    }),
  ),
});
const WorkStatusSchema = z.object({
  week: z.string(),
  dueAt: z.string(),
  items: z.array(
    z.object({
      cityCode: z.string(),
      name: z.string(),
      status: z.enum(['on_time', 'late', 'missing', 'pending']),
      submittedAt: z.string().nullable(),
    }),
  ),
});

export const dashboardRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  const tags = ['dashboard'];
  const config = { access: ALL_ROLES };
  app.get(
    '/kpis',
    { config, schema: { tags, querystring: Unit, response: { 200: KpisSchema } } },
    async (req) => getKpis(db, principalOf(req), req.query.unit, clock()),
  );
  app.get(
    '/ranking',
    { config, schema: { tags, querystring: Unit, response: { 200: RankingSchema } } },
    async (req) => getRanking(db, principalOf(req), req.query.unit, clock()),
  );
  app.get(
    '/trend',
    {
      config,
      schema: {
        tags,
        querystring: Unit.extend({ weeks: z.coerce.number().int().min(1).max(104).default(26) }),
        response: { 200: TrendSchema },
      },
    },
    async (req) => getTrend(db, principalOf(req), req.query.unit, req.query.weeks, clock()),
  );
  app.get(
    '/quality',
    { config, schema: { tags, querystring: Unit, response: { 200: QualitySchema } } },
    async (req) => getQuality(db, principalOf(req), req.query.unit, clock()),
  );
  app.get(
    '/entry-gate',
    {
      config,
      schema: {
        tags,
        querystring: Unit.extend({ days: z.coerce.number().int().min(1).max(366).default(30) }),
        response: { 200: GateSchema },
      },
    },
    async (req) => getEntryGate(db, principalOf(req), req.query.unit, clock(), req.query.days),
  );
  app.get(
    '/work-reports',
    { config, schema: { tags, querystring: Unit, response: { 200: WorkStatusSchema } } },
    async (req) => getWorkReportStatus(db, principalOf(req), req.query.unit, clock()),
  );
};
