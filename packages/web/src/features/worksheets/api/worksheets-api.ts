import { ApiError, apiRequest } from '../../../lib/api-client.ts';

export type Unit = {
  code: string;
  name: string;
  level: 'city' | 'county' | 'station';
  parentCode: string | null;
};
export type Outcome = 'update' | 'unchanged' | 'conflict' | 'error' | 'blank';

export type ExportScope = {
  unitCode?: string;
  stationCodes?: string[];
  pilotOnly: boolean;
  findingsOnly: boolean;
  layout: 'sheets' | 'workbooks';
};

export type ExportSummary = {
  id: string;
  status: 'writing' | 'completed' | 'failed';
  rows: number;
  stations: number;
  fileName: string;
  scope: { label?: string } | null;
  createdAt: string;
  userName: string | null;
};

export type UploadSummary = {
  id: string;
  fileName: string;
  status: 'previewed' | 'committed';
  rowsTotal: number;
  rowsUpdate: number;
  rowsUnchanged: number;
  rowsConflict: number;
  rowsError: number;
  rowsBlank: number;
  rowsApplied: number;
  createdAt: string;
  committedAt: string | null;
  userName: string | null;
  duplicateOf: string | null;
};

export type UploadRow = {
  seq: number;
  sheet: string;
  rowNo: number;
  customerNo: string;
  outcome: Outcome;
  result: string | null;
  changes: Record<string, { old: string; new: string }>;
  currentValues: Record<string, string> | null;
  errors: { column: string; zh: string; en: string }[];
  note: string | null;
};

const BASE = '/api/v1/worksheets';

export const listUnits = (signal?: AbortSignal) => apiRequest<{ items: Unit[] }>(`${BASE}/units`, { signal });
export const listExports = (signal?: AbortSignal) =>
  apiRequest<{ items: ExportSummary[] }>(`${BASE}/exports`, { signal });
export const listUploads = (signal?: AbortSignal) =>
  apiRequest<{ items: UploadSummary[] }>(`${BASE}/uploads`, { signal });

export function uploadWorksheet(file: File): Promise<{ upload: UploadSummary }> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiRequest(`${BASE}/uploads`, { method: 'POST', body: form });
}

export const listUploadRows = (id: string, outcomes: Outcome[] | null, signal?: AbortSignal) =>
  apiRequest<{ items: UploadRow[]; total: number }>(
    `${BASE}/uploads/${encodeURIComponent(id)}/rows?limit=500${outcomes ? `&outcome=${outcomes.join(',')}` : ''}`,
    { signal },
  );

export const commitUpload = (id: string) =>
  apiRequest<{
    upload: UploadSummary;
    applied: number;
    conflicts: number;
    changedCustomers: number;
    alreadyCommitted: boolean;
  }>(`${BASE}/uploads/${encodeURIComponent(id)}/commit`, { method: 'POST' });

export const errorWorkbookUrl = (id: string) => `${BASE}/uploads/${encodeURIComponent(id)}/errors.xlsx`;

/** The export answers with the file itself: fetch it as a blob and hand it to the browser as a download. */
export async function downloadExport(scope: ExportScope): Promise<{ fileName: string; rows: number }> {
  const response = await fetch(`${BASE}/exports`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(scope),
    credentials: 'same-origin',
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as
      { error?: { code?: string; message?: string } } | undefined;
    throw new ApiError(
      response.status,
      (body?.error?.code ?? 'unknown') as never,
      body?.error?.message ?? '',
    );
  }
  const disposition = response.headers.get('content-disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  const fileName = encoded ? decodeURIComponent(encoded) : 'worksheet.xlsx';
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { fileName, rows: Number(response.headers.get('x-export-rows') ?? 0) };
}
