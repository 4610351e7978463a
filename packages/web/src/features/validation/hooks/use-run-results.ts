import { useApiQuery } from '../../../lib/use-api-query.ts';
import {
  getSummary,
  listFindings,
  type FindingFilter,
  type Run,
  type SummaryLevel,
} from '../api/validation-api.ts';

/** A completed run's summary at one level; `runId` null = nothing to load yet. */
export function useRunSummary(runId: string | null, level: SummaryLevel) {
  return useApiQuery(
    (signal) => (runId ? getSummary(runId, level, signal) : Promise.resolve(undefined)),
    [runId, level],
  );
}

export function useFindings(runId: string | null, filter: FindingFilter, page: number) {
  return useApiQuery(
    (signal) => (runId ? listFindings(runId, filter, page, signal) : Promise.resolve(undefined)),
    [runId, filter.field, filter.ruleId, filter.severity, filter.stationCode, page],
  );
}

/** City names come from the newest completed run over the whole region (there is no org-units API). */
export function useCityUnits(runs: Run[] | undefined) {
  const source =
    runs?.find((run) => run.status === 'completed' && run.cityCode === null) ??
    runs?.find((run) => run.status === 'completed');
  return useRunSummary(source?.id ?? null, 'city');
}
