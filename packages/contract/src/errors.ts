// The codes the API answers errors with ({ error: { code, message, details? } }). The web
// translates each one (errors.<code> in its i18n files, zh-CN first), so this list is the whole
// vocabulary: adding a code here makes the web's typecheck and i18n test ask for its text.
// No zod in this file: the web needs the list at run time and must not pull zod in for it.
export const ERROR_CODES = [
  'unauthenticated',
  'forbidden',
  'not_found',
  'invalid_credentials',
  'validation_failed',
  'conflict',
  'payload_too_large',
  'unsupported_file',
  'unsupported_media_type',
  'too_many_requests',
  /** The run's findings were dropped by the findings retention; its summary is kept. */
  'findings_pruned',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
