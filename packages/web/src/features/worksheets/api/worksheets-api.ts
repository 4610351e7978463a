// The worksheets API: export (a file download), upload → preview → commit, history. Shapes come
// from the shared contract.
import type {
  CommitResult,
  ExportList,
  ExportScopeInput,
  Outcome,
  StationProgressList,
  UnitList,
  UploadList,
  UploadResponse,
  UploadRowPage,
} from '@qingyuan/contract/worksheets';
import { apiRequest, toApiError } from '../../../lib/api-client.ts';

export type {
  ExportScope,
  ExportSummary,
  Outcome,
  StationProgress,
  Unit,
  UploadRowDto as UploadRow,
  UploadSummary,
} from '@qingyuan/contract/worksheets';

const BASE = '/api/v1/worksheets';

export const listUnits = (signal?: AbortSignal) => apiRequest<UnitList>(`${BASE}/units`, { signal });
export const listExports = (signal?: AbortSignal) => apiRequest<ExportList>(`${BASE}/exports`, { signal });
export const listStationProgress = (signal?: AbortSignal) =>
  apiRequest<StationProgressList>(`${BASE}/stations`, { signal });
export const listUploads = (signal?: AbortSignal) => apiRequest<UploadList>(`${BASE}/uploads`, { signal });

export function uploadWorksheet(file: File): Promise<UploadResponse> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiRequest(`${BASE}/uploads`, { method: 'POST', body: form });
}

export const listUploadRows = (id: string, outcomes: Outcome[] | null, signal?: AbortSignal) =>
  apiRequest<UploadRowPage>(
    `${BASE}/uploads/${encodeURIComponent(id)}/rows?limit=500${outcomes ? `&outcome=${outcomes.join(',')}` : ''}`,
    { signal },
  );

export const commitUpload = (id: string) =>
  apiRequest<CommitResult>(`${BASE}/uploads/${encodeURIComponent(id)}/commit`, { method: 'POST' });

export const discardUpload = (id: string) =>
  apiRequest<UploadResponse>(`${BASE}/uploads/${encodeURIComponent(id)}/discard`, { method: 'POST' });

export const errorWorkbookUrl = (id: string) => `${BASE}/uploads/${encodeURIComponent(id)}/errors.xlsx`;

/** The export answers with the file itself: fetch it as a blob and hand it to the browser as a download. */
export const downloadExport = (scope: ExportScopeInput) => download(`${BASE}/exports`, scope);

/** 重新下载: an earlier export made again from its stored scope (logged as a new export). */
export const downloadExportAgain = (id: string) =>
  download(`${BASE}/exports/${encodeURIComponent(id)}/again`, {});

async function download(url: string, body: object): Promise<{ fileName: string; rows: number }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    credentials: 'same-origin',
  });
  if (!response.ok) throw await toApiError(response);
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const fileName = encoded ? decodeURIComponent(encoded) : 'worksheet.xlsx';
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
  return { fileName, rows: Number(response.headers.get('x-export-rows') ?? 0) };
}
