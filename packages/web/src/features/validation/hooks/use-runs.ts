import { useEffect, useMemo, useState } from 'react';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { isRunActive, listRuns, type Run } from '../api/validation-api.ts';

// Progress moves fast (tens of thousands of rows a second): poll often while something runs.
const POLL_MS = 1500;

/**
 * Runs in the user's region, newest first; refreshes while any run is queued or running. A run
 * just started shows at once (from the start request's answer) until the list carries it: the
 * list may take seconds to answer while the server is busy starting the run.
 */
export function useRuns() {
  const query = useApiQuery((signal) => listRuns(signal), []);
  const [started, setStarted] = useState<Run | null>(null);
  const listed = query.data?.items;
  const items = useMemo(() => {
    const list = listed ?? [];
    if (!started || list.some((run) => run.id === started.id)) return list;
    return [started, ...list];
  }, [listed, started]);
  const hasActive = items.some(isRunActive);
  // the run this page started, while it is still queued or running
  const startedRun = started ? items.find((run) => run.id === started.id) : undefined;
  const isStartedRunActive = startedRun !== undefined && isRunActive(startedRun);
  const { reload } = query;
  useEffect(() => {
    if (!hasActive) return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [hasActive, reload, query.data]);
  return {
    ...query,
    items,
    hasLoaded: query.data !== undefined || started !== null,
    isStartedRunActive,
    showStarted: setStarted,
  };
}
