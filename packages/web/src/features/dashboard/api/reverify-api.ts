// Re-verification due counts per station (复核到期), kept by the monitoring feature's weekly job.
import type { DueList } from '@qingyuan/contract/monitoring';
import { apiRequest } from '../../../lib/api-client.ts';

export type { DueList } from '@qingyuan/contract/monitoring';

export const fetchDue = (unit: string | undefined, signal: AbortSignal) =>
  apiRequest<DueList>(`/api/v1/monitoring/due${unit ? `?unit=${encodeURIComponent(unit)}` : ''}`, { signal });
