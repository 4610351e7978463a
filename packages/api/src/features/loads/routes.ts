import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { LoadBatchListSchema, LoadBatchResponseSchema } from '@qingyuan/contract/loads';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import type { LoadKind, LoadMode } from '../../db/schema.ts';
import { AppError } from '../../errors.ts';
import { principalOf } from '../../plugins/auth.ts';
import { masker } from '../auth/masking.ts';
import { recordDownload } from '../access-log/views.ts';
import { errorCsv, getBatch, listBatches, runLoad } from './service.ts';

const LOADERS = ['admin', 'coordinator'] as const;

/** The upload's `mode` field (or ?mode=): full unless it says delta. */
function loadMode(value: string | undefined): LoadMode {
  if (value === undefined || value === '' || value === 'full') return 'full';
  if (value === 'delta') return 'delta';
  throw new AppError(
    'validation_failed',
    `导入方式须为 full 或 delta / mode must be full or delta, not "${value}"`,
  );
}

/** Saves the uploaded file to a temporary folder (bounded by the upload limit), runs fn, cleans up. */
async function withUpload<T>(
  req: FastifyRequest,
  fn: (path: string, fileName: string, fields: Record<string, string>) => Promise<T>,
): Promise<T> {
  const file = await req.file();
  if (!file) throw new AppError('validation_failed', '请选择要上传的文件 / No file was uploaded');
  // form fields sent before the file (the web form puts them first)
  const fields: Record<string, string> = {};
  for (const [name, field] of Object.entries(file.fields))
    if (field && !Array.isArray(field) && field.type === 'field') fields[name] = String(field.value);
  const dir = await mkdtemp(join(tmpdir(), 'qy-upload-'));
  try {
    const path = join(dir, 'upload');
    await pipeline(file.file, createWriteStream(path));
    if (file.file.truncated) {
      throw new AppError('payload_too_large', '文件超过大小限制 / The file is larger than the upload limit');
    }
    return await fn(path, file.filename, fields);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const loadRoutes: FastifyPluginAsyncZod<AppDeps> = async (app, { db, config, clock }) => {
  for (const [path, kind] of [
    ['/customers', 'customers'],
    ['/org-units', 'org_units'],
  ] as [string, LoadKind][]) {
    app.post(
      path,
      {
        config: { access: LOADERS },
        schema: {
          tags: ['loads'],
          consumes: ['multipart/form-data'],
          response: { 200: LoadBatchResponseSchema },
        },
      },
      async (req) => {
        const user = principalOf(req);
        const { batch } = await withUpload(req, (file, name, fields) =>
          runLoad(db, {
            kind,
            mode: loadMode(fields.mode ?? (req.query as { mode?: string }).mode),
            path: file,
            fileName: name,
            userId: user.kind === 'user' ? user.id : null,
            now: clock(),
            xlsxLimits: {
              maxEntries: config.WORKSHEET_MAX_ENTRIES,
              maxUncompressedBytes: config.LOAD_MAX_UNZIPPED_MB * 2 ** 20,
            },
          }),
        );
        return { batch };
      },
    );
  }

  app.get(
    '/',
    {
      config: { access: LOADERS },
      schema: { tags: ['loads'], response: { 200: LoadBatchListSchema } },
    },
    async () => ({ items: await listBatches(db.kysely) }),
  );

  const IdParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
  app.get(
    '/:id',
    {
      config: { access: LOADERS },
      schema: { tags: ['loads'], params: IdParams, response: { 200: LoadBatchResponseSchema } },
    },
    async (req) => ({ batch: await getBatch(db.kysely, req.params.id) }),
  );

  app.get(
    '/:id/errors.csv',
    {
      config: { access: LOADERS },
      preHandler: app.limit('download'),
      schema: { tags: ['loads'], params: IdParams },
    },
    async (req, reply) => {
      const batch = await getBatch(db.kysely, req.params.id);
      await recordDownload(db.kysely, req, clock(), {
        scope: { loadBatchId: req.params.id },
        rowCount: batch.rowsRejected,
        file: `load-${req.params.id}-errors.csv`,
      });
      reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="load-${req.params.id}-errors.csv"`);
      return reply.send(errorCsv(db.kysely, req.params.id, masker(principalOf(req))));
    },
  );
};
