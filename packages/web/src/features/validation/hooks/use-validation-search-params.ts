// The open run, the drill-down path and the findings filters live in the URL, so reload, back and a
// copied link all show the same view.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import type { FindingFilter } from '../api/validation-api.ts';

export type ValidationParams = {
  runId: string | null;
  /** Drill-down in the summary: a city, then one of its counties. */
  city: string | null;
  county: string | null;
  filter: FindingFilter;
  page: number;
};

type Update = Partial<{
  runId: string | null;
  city: string | null;
  county: string | null;
  filter: Partial<FindingFilter>;
  page: number;
}>;

const FILTER_KEYS = { field: 'field', ruleId: 'rule', severity: 'severity', stationCode: 'station' } as const;

export function useValidationSearchParams() {
  const [params, setParams] = useSearchParams();
  const pageParam = Number.parseInt(params.get('page') ?? '1', 10);
  const value: ValidationParams = {
    runId: params.get('run'),
    city: params.get('city'),
    county: params.get('county'),
    filter: {
      field: params.get(FILTER_KEYS.field) ?? '',
      ruleId: params.get(FILTER_KEYS.ruleId) ?? '',
      severity: params.get(FILTER_KEYS.severity) ?? '',
      stationCode: params.get(FILTER_KEYS.stationCode) ?? '',
    },
    page: Number.isFinite(pageParam) && pageParam > 0 ? pageParam : 1,
  };

  const update = useCallback(
    (next: Update) => {
      setParams(
        (current) => {
          const result = new URLSearchParams(current);
          const set = (key: string, v: string | null | undefined) => {
            if (v === undefined) return;
            if (v === null || v === '') result.delete(key);
            else result.set(key, v);
          };
          set('run', next.runId);
          set('city', next.city);
          set('county', next.county);
          for (const [name, key] of Object.entries(FILTER_KEYS)) {
            set(key, next.filter?.[name as keyof FindingFilter]);
          }
          // Any change but paging itself starts the table again from page 1.
          set('page', next.page === undefined || next.page === 1 ? null : String(next.page));
          return result;
        },
        { replace: next.page === undefined && next.runId === undefined },
      );
    },
    [setParams],
  );

  return { ...value, update };
}
