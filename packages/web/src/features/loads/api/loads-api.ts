// The data-loads API. Shapes come from the shared contract.
import type { LoadBatchList, LoadBatchResponse, LoadKind, LoadMode } from '@qingyuan/contract/loads';
import { apiRequest } from '../../../lib/api-client.ts';

export type { LoadBatch, LoadKind, LoadMode, LoadStatus } from '@qingyuan/contract/loads';

const UPLOAD_PATHS: Record<LoadKind, string> = {
  customers: '/api/v1/loads/customers',
  org_units: '/api/v1/loads/org-units',
};

export function uploadLoad(kind: LoadKind, file: File, mode: LoadMode = 'full'): Promise<LoadBatchResponse> {
  const form = new FormData();
  // a field before the file: the server reads the fields sent ahead of it
  form.append('mode', mode);
  form.append('file', file, file.name);
  return apiRequest<LoadBatchResponse>(UPLOAD_PATHS[kind], { method: 'POST', body: form });
}

export function listLoads(signal?: AbortSignal): Promise<LoadBatchList> {
  return apiRequest<LoadBatchList>('/api/v1/loads', { signal });
}

/** A plain link: the browser downloads it with the session cookie. */
export function errorFileUrl(batchId: string): string {
  return `/api/v1/loads/${encodeURIComponent(batchId)}/errors.csv`;
}
