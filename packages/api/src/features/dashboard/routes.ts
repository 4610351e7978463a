import {
  GateQuerySchema,
  GateSchema,
  KpisSchema,
  QualitySchema,
  RankingQuerySchema,
  RankingSchema,
  RoundTripSchema,
  TrendQuerySchema,
  TrendSchema,
  UnitQuerySchema,
  WorkStatusSchema,
} from '@qingyuan/contract/dashboard';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { ALL_ROLES } from '../auth/principal.ts';
import { getRoundTrip } from './round-trip.ts';
import { getEntryGate, getKpis, getQuality, getRanking, getTrend, getWorkReportStatus } from './service.ts';

export const dashboardRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  const tags = ['dashboard'];
  const config = { access: ALL_ROLES };
  app.get(
    '/kpis',
    { config, schema: { tags, querystring: UnitQuerySchema, response: { 200: KpisSchema } } },
    async (req) => getKpis(db, principalOf(req), req.query.unit, clock()),
  );
  app.get(
    '/ranking',
    { config, schema: { tags, querystring: RankingQuerySchema, response: { 200: RankingSchema } } },
    async (req) => getRanking(db, principalOf(req), req.query.unit, clock(), req.query.period),
  );
  app.get(
    '/trend',
    {
      config,
      schema: {
        tags,
        querystring: TrendQuerySchema,
        response: { 200: TrendSchema },
      },
    },
    async (req) => getTrend(db, principalOf(req), req.query.unit, req.query.weeks, clock(), req.query.period),
  );
  app.get(
    '/round-trip',
    { config, schema: { tags, querystring: UnitQuerySchema, response: { 200: RoundTripSchema } } },
    async (req) => getRoundTrip(db, principalOf(req), req.query.unit, clock()),
  );
  app.get(
    '/quality',
    { config, schema: { tags, querystring: UnitQuerySchema, response: { 200: QualitySchema } } },
    async (req) => getQuality(db, principalOf(req), req.query.unit, clock()),
  );
  app.get(
    '/entry-gate',
    {
      config,
      schema: {
        tags,
        querystring: GateQuerySchema,
        response: { 200: GateSchema },
      },
    },
    async (req) => getEntryGate(db, principalOf(req), req.query.unit, clock(), req.query.days),
  );
  app.get(
    '/work-reports',
    { config, schema: { tags, querystring: UnitQuerySchema, response: { 200: WorkStatusSchema } } },
    async (req) => getWorkReportStatus(db, principalOf(req), req.query.unit, clock()),
  );
};
