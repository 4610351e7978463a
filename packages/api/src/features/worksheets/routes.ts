// HTTP adapters of the worksheets feature: export (download), upload → preview, rows, error
// workbook, commit, history, per-station progress. City teams and coordinators; every read is cut to the caller's region.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import { masker } from '../auth/masking.ts';
import { fromRequest } from '../access-log/record.ts';
import { recordDownload, recordView } from '../access-log/views.ts';
import { commitUpload } from './commit.ts';
import { writeErrorWorkbook } from './error-workbook.ts';
import { exportWorksheets, reExportWorksheets, XLSX } from './export.ts';
import { previewUpload } from './preview.ts';
import {
  CommitResultSchema,
  ExportListSchema,
  ExportScopeSchema,
  OutcomeSchema,
  StationProgressListSchema,
  UnitListSchema,
  UploadListSchema,
  UploadResponseSchema,
  UploadRowPageSchema,
} from '@qingyuan/contract/worksheets';
import {
  discardUpload,
  getUpload,
  getUploadSummary,
  listExportSummaries,
  listUnits,
  listUploadRows,
  listUploadSummaries,
} from './service.ts';
import { listStationProgress } from './stations.ts';

const TEAMS = ['admin', 'coordinator', 'city_member'] as const;
const IdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const tags = ['worksheets'];

const attachment = (name: string) =>
  `attachment; filename="${encodeURIComponent(name).replace(/%/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`;

/** Sends a file from a temporary folder and removes the folder once the response is done. */
function sendAndClean(reply: FastifyReply, dir: string, path: string, name: string, type: string) {
  const stream = createReadStream(path);
  const clean = () => void rm(dir, { recursive: true, force: true });
  stream.on('close', clean);
  stream.on('error', clean);
  return reply.header('content-type', type).header('content-disposition', attachment(name)).send(stream);
}

async function withUpload<T>(
  req: FastifyRequest,
  fn: (path: string, name: string) => Promise<T>,
): Promise<T> {
  const file = await req.file();
  if (!file) throw new AppError('validation_failed', '请选择要上传的文件 / No file was uploaded');
  const dir = await mkdtemp(join(tmpdir(), 'qy-worksheet-'));
  try {
    const path = join(dir, 'upload.xlsx');
    await pipeline(file.file, createWriteStream(path));
    if (file.file.truncated)
      throw new AppError('payload_too_large', '文件超过大小限制 / The file is larger than the upload limit');
    return await fn(path, file.filename);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const worksheetRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, config, clock }) => {
  app.get(
    '/units',
    {
      config: { access: TEAMS },
      schema: { tags, response: { 200: UnitListSchema } },
    },
    async (req) => ({ items: await listUnits(db.kysely, principalOf(req)) }),
  );

  app.post(
    '/exports',
    {
      config: { access: TEAMS },
      preHandler: app.limit('download'),
      schema: { tags, body: ExportScopeSchema },
    },
    async (req, reply) => {
      const dir = await mkdtemp(join(tmpdir(), 'qy-export-'));
      try {
        const out = await exportWorksheets(db, principalOf(req), req.body, {
          outDir: dir,
          secret: config.APP_SECRET,
          now: clock(),
          source: fromRequest(req),
        });
        reply.header('x-export-id', String(out.exportId)).header('x-export-rows', String(out.rows));
        return sendAndClean(reply, dir, out.path, out.fileName, out.contentType);
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
    },
  );

  app.post(
    '/exports/:id/again',
    {
      config: { access: TEAMS },
      preHandler: app.limit('download'),
      schema: { tags, params: IdParams },
    },
    async (req, reply) => {
      const dir = await mkdtemp(join(tmpdir(), 'qy-export-'));
      try {
        const out = await reExportWorksheets(db, principalOf(req), req.params.id, {
          outDir: dir,
          secret: config.APP_SECRET,
          now: clock(),
        });
        reply.header('x-export-id', String(out.exportId)).header('x-export-rows', String(out.rows));
        return sendAndClean(reply, dir, out.path, out.fileName, out.contentType);
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
    },
  );

  app.get(
    '/exports',
    {
      config: { access: TEAMS },
      schema: { tags, response: { 200: ExportListSchema } },
    },
    async (req) => ({ items: await listExportSummaries(db.kysely, principalOf(req)) }),
  );

  // 供电所进度: per station, the cycle's progress and the exports still out (who holds which file)
  app.get(
    '/stations',
    {
      config: { access: TEAMS },
      schema: { tags, response: { 200: StationProgressListSchema } },
    },
    async (req) => ({ items: await listStationProgress(db, principalOf(req), clock()) }),
  );

  app.post(
    '/uploads',
    {
      config: { access: TEAMS },
      schema: {
        tags,
        consumes: ['multipart/form-data'],
        response: { 200: UploadResponseSchema },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const id = await withUpload(req, (path, name) =>
        previewUpload(db, config, principal, path, { fileName: name, now: clock() }),
      );
      return { upload: await getUploadSummary(db.kysely, principal, id, clock()) };
    },
  );

  app.get(
    '/uploads',
    {
      config: { access: TEAMS },
      schema: { tags, response: { 200: UploadListSchema } },
    },
    async (req) => ({ items: await listUploadSummaries(db.kysely, principalOf(req), clock()) }),
  );

  app.get(
    '/uploads/:id',
    {
      config: { access: TEAMS },
      schema: { tags, params: IdParams, response: { 200: UploadResponseSchema } },
    },
    async (req) => ({ upload: await getUploadSummary(db.kysely, principalOf(req), req.params.id, clock()) }),
  );

  app.get(
    '/uploads/:id/rows',
    {
      config: { access: TEAMS },
      schema: {
        tags,
        params: IdParams,
        querystring: z.object({
          outcome: z
            .string()
            .regex(/^(update|unchanged|conflict|error|blank)(,(update|unchanged|conflict|error|blank))*$/)
            .optional()
            .transform((s) => (s ? (s.split(',') as z.infer<typeof OutcomeSchema>[]) : undefined)),
          after: z.coerce.number().int().min(0).default(0),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: UploadRowPageSchema },
      },
    },
    async (req) => {
      const page = await listUploadRows(db.kysely, principalOf(req), req.params.id, {
        outcomes: req.query.outcome,
        afterSeq: req.query.after,
        limit: req.query.limit,
      });
      await recordView(db.kysely, req, clock(), {
        scope: { kind: 'upload_rows', uploadId: req.params.id, after: req.query.after },
        rowCount: page.items.length,
      });
      return page;
    },
  );

  app.get(
    '/uploads/:id/errors.xlsx',
    {
      config: { access: TEAMS },
      preHandler: app.limit('download'),
      schema: { tags, params: IdParams },
    },
    async (req, reply) => {
      const viewer = principalOf(req);
      const upload = await getUpload(db.kysely, viewer, req.params.id);
      const dir = await mkdtemp(join(tmpdir(), 'qy-errors-'));
      const path = join(dir, 'errors.xlsx');
      try {
        const file = createWriteStream(path);
        const closed = once(file, 'close');
        await writeErrorWorkbook(db.kysely, upload, file, masker(viewer));
        await closed;
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
      const base = upload.file_name.replace(/\.xlsx$/i, '');
      const name = `${base}_错误说明.xlsx`;
      try {
        await recordDownload(db.kysely, req, clock(), { scope: { uploadId: upload.id }, file: name });
      } catch (err) {
        await rm(dir, { recursive: true, force: true });
        throw err;
      }
      return sendAndClean(reply, dir, path, name, XLSX);
    },
  );

  app.post(
    '/uploads/:id/commit',
    {
      config: { access: TEAMS },
      schema: {
        tags,
        params: IdParams,
        response: { 200: CommitResultSchema },
      },
    },
    async (req) => {
      const principal = principalOf(req);
      const now = clock();
      const result = await commitUpload(db, principal, req.params.id, now);
      return { ...result, upload: await getUploadSummary(db.kysely, principal, req.params.id, now) };
    },
  );

  app.post(
    '/uploads/:id/discard',
    {
      config: { access: TEAMS },
      schema: { tags, params: IdParams, response: { 200: UploadResponseSchema } },
    },
    async (req) => {
      const principal = principalOf(req);
      const now = clock();
      await discardUpload(db.kysely, principal, req.params.id, now);
      return { upload: await getUploadSummary(db.kysely, principal, req.params.id, now) };
    },
  );
};
