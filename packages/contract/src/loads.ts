// Data loads: the customer master and the organisation tree, uploaded as files.
import { z } from 'zod';

export const LoadBatchSchema = z.object({
  id: z.string(),
  kind: z.enum(['customers', 'org_units']),
  fileName: z.string(),
  status: z.enum(['running', 'completed', 'failed']),
  rowsTotal: z.number(),
  rowsLoaded: z.number(),
  rowsRejected: z.number(),
  rowsInserted: z.number(),
  rowsUpdated: z.number(),
  rowsUnchanged: z.number(),
  /** full: the extract holds every customer (one it lacks is marked missing); delta: only changes */
  mode: z.enum(['full', 'delta']),
  /** fields where the source and our correction disagree: kept ours, a conflict for a person */
  rowsConflicts: z.number(),
  /** corrections the source now carries (源系统已确认) */
  rowsConfirmed: z.number(),
  /** customers we hold that a full extract lacked (listed, never deleted) */
  rowsMissing: z.number(),
  errorMessage: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  userName: z.string().nullable(),
});
export type LoadBatch = z.infer<typeof LoadBatchSchema>;
export type LoadKind = LoadBatch['kind'];
export type LoadStatus = LoadBatch['status'];
export type LoadMode = LoadBatch['mode'];

export const LoadBatchResponseSchema = z.object({ batch: LoadBatchSchema });
export type LoadBatchResponse = z.infer<typeof LoadBatchResponseSchema>;
export const LoadBatchListSchema = z.object({ items: z.array(LoadBatchSchema) });
export type LoadBatchList = z.infer<typeof LoadBatchListSchema>;
