import type { TFunction } from 'i18next';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/error-message.ts';

/**
 * Worksheet refusals carry a specific bilingual message from the server ("中文 / English"): which
 * column is missing, which limit was hit. Show the half in the user's language; else the generic text.
 */
export function serverMessage(t: TFunction, language: string, error: unknown): string {
  if (error instanceof ApiError && error.message.includes(' / ')) {
    const [zh, ...en] = error.message.split(' / ');
    return language.startsWith('zh') ? zh! : en.join(' / ');
  }
  return errorMessage(t, error);
}
