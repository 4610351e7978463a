import { useEffect } from 'react';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { isRunActive, listRuns } from '../api/validation-api.ts';

// Progress moves fast (tens of thousands of rows a second): poll often while something runs.
const POLL_MS = 1500;

/** Runs in the user's region, newest first; refreshes while any run is queued or running. */
export function useRuns() {
  const query = useApiQuery((signal) => listRuns(signal), []);
  const hasActive = query.data?.items.some(isRunActive) ?? false;
  const { reload } = query;
  useEffect(() => {
    if (!hasActive) return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [hasActive, reload, query.data]);
  return query;
}
