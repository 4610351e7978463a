import type { TFunction } from 'i18next';
import { ApiError } from './api-client.ts';

/** The user-facing text for any error: API codes are translated, never shown raw. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) return t(`errors.${error.code}`);
  return t('errors.unknown');
}
