// The access log's actions, apart from the schemas so the web can list them without bundling zod.
export const ACCESS_ACTIONS = [
  'login',
  'logout',
  'view',
  'export',
  'download',
  'print',
  'access_request',
  'access_grant',
  'access_refuse',
  'audit_view',
  'audit_export',
] as const;
