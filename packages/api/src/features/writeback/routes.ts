// /api/v1/changes: the change feed (integrations page through it with ?after=), the change file
// for the 回写 page, acknowledgements, and the counts per city. All of it is cut to the caller's
// region (a city token sees its city) and masked by role.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AckRequestSchema,
  AckResultSchema,
  ChangeFeedQuerySchema,
  ChangeFeedSchema,
  ChangeFileQuerySchema,
  WritebackSummarySchema,
} from '@qingyuan/contract/writeback';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { principalOf } from '../../plugins/auth.ts';
import { resolveRegion } from '../auth/region.ts';
import { acknowledgeChanges, parseAckCsv } from './ack.ts';
import { listChanges, writebackSummary } from './feed.ts';
import { writeChangeFile } from './file.ts';
import { maskerFor } from './mask.ts';
import { fromRequest } from '../access-log/record.ts';
import { recordView } from '../access-log/views.ts';

const tags = ['changes'];
const FEED_READERS = ['admin', 'integration'] as const;
const ACKERS = ['admin', 'coordinator', 'integration'] as const;
const TEAMS = ['admin', 'coordinator', 'city_member', 'integration'] as const;

const attachment = (name: string) =>
  `attachment; filename="${encodeURIComponent(name).replace(/%/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** An acknowledgement as JSON items, or the CSV file's text (`id,status[,reason]`). */
const AckBodySchema = z.union([AckRequestSchema, z.object({ csv: z.string().min(1).max(10_000_000) })]);

export const writebackRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, clock }) => {
  app.get(
    '/',
    {
      config: { access: FEED_READERS },
      schema: { tags, querystring: ChangeFeedQuerySchema, response: { 200: ChangeFeedSchema } },
    },
    async (req) => {
      const viewer = principalOf(req);
      const page = await listChanges(db.kysely, viewer, maskerFor(viewer), req.query, clock());
      await recordView(db.kysely, req, clock(), {
        scope: { kind: 'change_feed', after: req.query.after ?? null },
        rowCount: page.items.length,
      });
      return page;
    },
  );

  app.post(
    '/ack',
    {
      config: { access: ACKERS },
      schema: { tags, body: AckBodySchema, response: { 200: AckResultSchema } },
    },
    async (req) => {
      const caller = principalOf(req);
      const items = 'csv' in req.body ? parseAckCsv(req.body.csv) : req.body.items;
      return acknowledgeChanges(db, items, { region: caller.region, by: caller.username }, clock());
    },
  );

  app.get(
    '/summary',
    {
      config: { access: TEAMS },
      schema: { tags, response: { 200: WritebackSummarySchema } },
    },
    async (req) => {
      const viewer = principalOf(req);
      return writebackSummary(db.kysely, viewer.region, maskerFor(viewer));
    },
  );

  app.get(
    '/file',
    {
      config: { access: TEAMS },
      schema: { tags, querystring: ChangeFileQuerySchema },
      // a download like the others: one per-user allowance (plugins/limits.ts)
      preHandler: app.limit('download'),
    },
    async (req, reply) => {
      const viewer = principalOf(req);
      const unit = await resolveRegion(db.kysely, viewer, req.query.unit);
      const now = clock();
      const dir = await mkdtemp(join(tmpdir(), 'qy-changes-'));
      const name = `changes-${unit.code ?? 'province'}-${now.toISOString().slice(0, 10)}.${req.query.format}`;
      const path = join(dir, name);
      try {
        const result = await writeChangeFile(db, path, {
          region: unit.region,
          afterId: req.query.after,
          format: req.query.format,
          mask: maskerFor(viewer),
          userId: viewer.kind === 'user' ? viewer.id : null,
          tokenId: viewer.kind === 'token' ? viewer.id : null,
          now,
          access: { actor: viewer, ...fromRequest(req), file: name },
        });
        const stream = createReadStream(path);
        const clean = () => void rm(dir, { recursive: true, force: true });
        stream.on('close', clean);
        stream.on('error', clean);
        return reply
          .header(
            'content-type',
            req.query.format === 'csv'
              ? 'text/csv; charset=utf-8'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header('content-disposition', attachment(name))
          .header('x-changes', String(result.changes))
          .header('x-customers', String(result.customers))
          .header('x-through-id', String(result.throughId))
          .send(stream);
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
    },
  );
};
