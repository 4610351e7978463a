// Errors the API answers with. The code union lives in the shared contract, because the web
// translates every code (zh-CN first); the HTTP status of each code is the API's business. Every
// message we write is bilingual because CLI users and integrators see it raw.
import type { ErrorCode } from '@qingyuan/contract/errors';

export type { ErrorBody, ErrorCode } from '@qingyuan/contract/errors';

const statusOf: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  invalid_credentials: 401,
  validation_failed: 400,
  conflict: 409,
  payload_too_large: 413,
  unsupported_file: 415,
  unsupported_media_type: 415,
  too_many_requests: 429,
  findings_pruned: 410,
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

/** 429 for a per-user or per-address limit (plugins/limits.ts), in both languages. */
export const tooManyRequests = () =>
  new AppError('too_many_requests', '请求过于频繁，请稍后再试 / Too many requests, please try again later');
