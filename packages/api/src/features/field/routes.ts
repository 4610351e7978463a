// HTTP adapters of field verification (现场核实): the station list, a station's customers, the live
// check of typed values and the entries a phone sends. City teams (and admins); all cut to the
// caller's region.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import {
  FieldCheckBodySchema,
  FieldCheckResponseSchema,
  FieldCustomerPageSchema,
  FieldCustomerQuerySchema,
  FieldEntryBodySchema,
  FieldEntryListSchema,
  FieldEntryResponseSchema,
  FieldStationListSchema,
} from '@qingyuan/contract/field';
import {
  checkFieldValues,
  listOwnEntries,
  listStationCustomers,
  listStations,
  saveFieldEntry,
} from './service.ts';

const FIELD_TEAM = ['admin', 'city_member'] as const;
const tags = ['field'];

export const fieldRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/stations',
    { config: { access: FIELD_TEAM }, schema: { tags, response: { 200: FieldStationListSchema } } },
    async (req) => listStations(db.kysely, principalOf(req)),
  );

  app.get(
    '/customers',
    {
      config: { access: FIELD_TEAM },
      schema: { tags, querystring: FieldCustomerQuerySchema, response: { 200: FieldCustomerPageSchema } },
    },
    async (req) => listStationCustomers(db.kysely, principalOf(req), req.query, clock()),
  );

  app.post(
    '/check',
    {
      config: { access: FIELD_TEAM },
      schema: { tags, body: FieldCheckBodySchema, response: { 200: FieldCheckResponseSchema } },
    },
    async (req) => checkFieldValues(db.kysely, principalOf(req), req.body, clock()),
  );

  app.post(
    '/entries',
    {
      config: { access: FIELD_TEAM },
      schema: { tags, body: FieldEntryBodySchema, response: { 200: FieldEntryResponseSchema } },
    },
    async (req) => saveFieldEntry(db, principalOf(req), req.body, clock()),
  );

  app.get(
    '/entries',
    { config: { access: FIELD_TEAM }, schema: { tags, response: { 200: FieldEntryListSchema } } },
    async (req) => listOwnEntries(db.kysely, principalOf(req), clock()),
  );
};
