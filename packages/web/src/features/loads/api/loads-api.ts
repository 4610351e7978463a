import { apiRequest } from '../../../lib/api-client.ts';

export type LoadKind = 'customers' | 'org_units';
export type LoadStatus = 'running' | 'completed' | 'failed';

export type LoadBatch = {
  id: string;
  kind: LoadKind;
  fileName: string;
  status: LoadStatus;
  rowsTotal: number;
  rowsLoaded: number;
  rowsRejected: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  startedAt: string;
  finishedAt: string | null;
  userName: string | null;
};

const UPLOAD_PATHS: Record<LoadKind, string> = {
  customers: '/api/v1/loads/customers',
  org_units: '/api/v1/loads/org-units',
};

export function uploadLoad(kind: LoadKind, file: File): Promise<{ batch: LoadBatch }> {
  const form = new FormData();
  form.append('file', file, file.name);
  return apiRequest<{ batch: LoadBatch }>(UPLOAD_PATHS[kind], { method: 'POST', body: form });
}

export function listLoads(signal?: AbortSignal): Promise<{ items: LoadBatch[] }> {
  return apiRequest<{ items: LoadBatch[] }>('/api/v1/loads', { signal });
}

/** A plain link: the browser downloads it with the session cookie. */
export function errorFileUrl(batchId: string): string {
  return `/api/v1/loads/${encodeURIComponent(batchId)}/errors.csv`;
}
