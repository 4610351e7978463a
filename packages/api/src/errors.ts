// Errors the API answers with. Codes are a union the web translates (zh-CN first); every
// message we write is bilingual because CLI users and integrators see it raw.
export type ErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'invalid_credentials'
  | 'validation_failed'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_file'
  | 'internal';

const statusOf: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_credentials: 401,
  validation_failed: 400,
  conflict: 409,
  payload_too_large: 413,
  unsupported_file: 415,
  internal: 500,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = statusOf[code];
  }
}

export const notFound = (zh: string, en: string) =>
  new AppError('not_found', `未找到${zh} / ${en} not found`);
export const forbidden = () => new AppError('forbidden', '无权访问 / Forbidden');

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
