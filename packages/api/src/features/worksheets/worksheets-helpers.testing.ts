// Shared by the worksheet tests: export through the API to a file, upload a file through the API.
import { readFile, writeFile } from 'node:fs/promises';
import type { buildTestApp } from '../../testing/test-app.ts';

type App = Awaited<ReturnType<typeof buildTestApp>>;

export async function exportTo(app: App, cookie: string, body: object, path: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/worksheets/exports',
    headers: { cookie },
    payload: body,
  });
  if (res.statusCode !== 200) throw new Error(`export failed: ${res.statusCode} ${res.body}`);
  await writeFile(path, res.rawPayload);
  return { exportId: Number(res.headers['x-export-id']), rows: Number(res.headers['x-export-rows']), res };
}

export function multipart(content: Buffer, filename = 'filled.xlsx') {
  const boundary = '----qyWorksheetBoundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    payload: Buffer.concat([head, content, tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export async function uploadBuffer(app: App, cookie: string, content: Buffer, filename?: string) {
  const { payload, contentType } = multipart(content, filename);
  return app.inject({
    method: 'POST',
    url: '/api/v1/worksheets/uploads',
    headers: { cookie, 'content-type': contentType },
    payload,
  });
}

export async function uploadFile(app: App, cookie: string, path: string) {
  return uploadBuffer(app, cookie, await readFile(path));
}
