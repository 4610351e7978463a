// The change feed back to the marketing system (回写). Shapes come from the shared contract.
import type { AckResult, WritebackSummary } from '@qingyuan/contract/writeback';
import { apiRequest } from '../../../lib/api-client.ts';

export type { OutboundChange, WritebackCity } from '@qingyuan/contract/writeback';

export function writebackSummary(signal?: AbortSignal): Promise<WritebackSummary> {
  return apiRequest<WritebackSummary>('/api/v1/changes/summary', { signal });
}

/** A plain link: the browser downloads the next change file with the session cookie. */
export function changeFileUrl(format: 'xlsx' | 'csv', unit?: string): string {
  const params = new URLSearchParams({ format });
  if (unit) params.set('unit', unit);
  return `/api/v1/changes/file?${params}`;
}

/** The marketing system's acknowledgement file (CSV id,status[,reason]), sent as its text. */
export async function uploadAck(file: File): Promise<AckResult> {
  return apiRequest<AckResult>('/api/v1/changes/ack', { method: 'POST', body: { csv: await file.text() } });
}
