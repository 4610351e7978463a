// Small formatting helpers for runs and scores, shared by this feature's components.
import type { TFunction } from 'i18next';
import type { Run } from '../api/validation-api.ts';

export function formatEta(t: TFunction, seconds: number | null): string {
  if (seconds === null) return t('common.dash');
  if (seconds < 60) return t('validation.eta.seconds', { s: Math.max(1, Math.round(seconds)) });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('validation.eta.minutes', { m: minutes, s: Math.round(seconds % 60) });
  return t('validation.eta.hours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

export function formatPercent(value: number | null, language: string, digits = 1): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(language === 'en' ? 'en-US' : 'zh-CN', {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

export function progressOf(run: Run): number {
  if (run.status === 'completed') return 1;
  return run.rowsTotal > 0 ? Math.min(run.rowsDone / run.rowsTotal, 1) : 0;
}

/** Green from 95 %, amber from 85 %, red below: the thresholds the province reports use. */
export function scoreTone(score: number | null): 'good' | 'fair' | 'poor' | 'none' {
  if (score === null) return 'none';
  if (score >= 0.95) return 'good';
  if (score >= 0.85) return 'fair';
  return 'poor';
}

export function durationSeconds(run: Run): number | null {
  if (!run.startedAt || !run.finishedAt) return null;
  return Math.max(0, (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000);
}
