// Personal-data governance (issue 19): the access log (查阅记录) an admin or auditor reads, prints
// recorded before they happen, approvals for full numbers (审批) and the in-app inbox.
import { z } from 'zod';
import { ACCESS_ACTIONS } from './access-values.ts';

export { ACCESS_ACTIONS };
export type AccessAction = (typeof ACCESS_ACTIONS)[number];

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** Filters of the access log; from/to are Beijing-time days, both inclusive. */
export const AccessLogQuerySchema = z.object({
  user: z.string().trim().max(100).optional(),
  unit: z.string().trim().max(20).optional(),
  action: z.enum(ACCESS_ACTIONS).optional(),
  from: Day.optional(),
  to: Day.optional(),
  /** keyset: entries with a smaller id (newest first) */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AccessLogQuery = z.infer<typeof AccessLogQuerySchema>;

export const AccessLogEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  username: z.string(),
  role: z.string().nullable(),
  cityCode: z.string().nullable(),
  countyCode: z.string().nullable(),
  action: z.string(),
  route: z.string(),
  outcome: z.enum(['ok', 'failed', 'denied']),
  customerIds: z.array(z.string()),
  scope: z.record(z.string(), z.unknown()).nullable(),
  rowCount: z.number().nullable(),
  fileName: z.string().nullable(),
  ip: z.string().nullable(),
  note: z.string().nullable(),
});
export type AccessLogEntry = z.infer<typeof AccessLogEntrySchema>;

export const AccessLogPageSchema = z.object({
  items: z.array(AccessLogEntrySchema),
  /** pass as `before` for the next page; null at the end */
  nextBefore: z.string().nullable(),
});

/** One user's accesses on one Beijing-time day. */
export const AccessSummaryRowSchema = z.object({
  day: z.string(),
  username: z.string(),
  role: z.string().nullable(),
  views: z.number(),
  exports: z.number(),
  prints: z.number(),
  logins: z.number(),
  failedLogins: z.number(),
  total: z.number(),
});
export const AccessSummarySchema = z.object({ items: z.array(AccessSummaryRowSchema) });

/** What the web is about to print: recorded before window.print(). */
export const PrintBodySchema = z.object({
  page: z.enum(['dashboard']),
  /** what the printed page shows (unit, period…) */
  scope: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
});

// Approvals (审批)

export const AccessScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('unit'), unitCode: z.string().trim().min(1).max(20) }),
  z.object({
    kind: z.literal('customers'),
    customerIds: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).min(1).max(200),
  }),
  z.object({ kind: z.literal('worksheet_export') }),
]);
export type AccessScope = z.infer<typeof AccessScopeSchema>;

export const AccessRequestBodySchema = z.object({
  scope: AccessScopeSchema,
  reason: z.string().trim().min(4).max(500),
  /** how long the requester needs full numbers, in hours (at most 30 days) */
  hours: z.coerce.number().int().min(1).max(720),
});

export const GrantBodySchema = z.object({
  /** the time limit the approver grants, in hours (may be shorter than asked) */
  hours: z.coerce.number().int().min(1).max(720),
  note: z.string().trim().max(500).optional(),
});
export const RefuseBodySchema = z.object({ reason: z.string().trim().min(2).max(500) });

export const AccessRequestSchema = z.object({
  id: z.string(),
  requester: z.string(),
  requesterName: z.string(),
  scopeKind: z.enum(['unit', 'customers', 'worksheet_export']),
  unitCode: z.string().nullable(),
  unitName: z.string().nullable(),
  customerIds: z.array(z.string()),
  reason: z.string(),
  wantedHours: z.number(),
  status: z.enum(['pending', 'granted', 'refused', 'expired']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
  /** the caller may grant or refuse it */
  canDecide: z.boolean(),
});
export type AccessRequest = z.infer<typeof AccessRequestSchema>;
export const AccessRequestListSchema = z.object({ items: z.array(AccessRequestSchema) });
export const AccessRequestResponseSchema = z.object({ request: AccessRequestSchema });

export const ApproversSchema = z.object({
  items: z.array(z.object({ cityCode: z.string(), usernames: z.array(z.string()) })),
});
export const PutApproversBodySchema = z.object({
  cityCode: z.string().trim().min(1).max(20),
  usernames: z.array(z.string().trim().min(1).max(100)).max(20),
});

// The inbox

export const NotificationSchema = z.object({
  id: z.string(),
  kind: z.enum(['access_requested', 'access_granted', 'access_refused']),
  requestId: z.string().nullable(),
  /** who asked (access_requested) or who decided */
  actor: z.string(),
  createdAt: z.string(),
  isRead: z.boolean(),
});
export const NotificationListSchema = z.object({
  items: z.array(NotificationSchema),
  unread: z.number(),
});
export const MarkReadBodySchema = z.object({
  ids: z.array(z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER)).max(200).optional(),
});

export type AccessLogPage = z.infer<typeof AccessLogPageSchema>;
export type AccessSummary = z.infer<typeof AccessSummarySchema>;
export type AccessRequestList = z.infer<typeof AccessRequestListSchema>;
export type AccessRequestResponse = z.infer<typeof AccessRequestResponseSchema>;
export type NotificationList = z.infer<typeof NotificationListSchema>;
