import { useEffect } from 'react';
import { useApiQuery } from '../../../lib/use-api-query.ts';
import { listLoads } from '../api/loads-api.ts';

const POLL_MS = 3000;

/** Past loads; refreshes every few seconds while any load is still running. */
export function useLoads() {
  const query = useApiQuery((signal) => listLoads(signal), []);
  const hasRunning = query.data?.items.some((batch) => batch.status === 'running') ?? false;
  const { reload } = query;
  useEffect(() => {
    if (!hasRunning) return;
    const timer = window.setTimeout(reload, POLL_MS);
    return () => window.clearTimeout(timer);
  }, [hasRunning, reload, query.data]);
  return query;
}
