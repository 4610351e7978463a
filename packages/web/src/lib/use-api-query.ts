import { useCallback, useEffect, useState } from 'react';
import { isAbortError } from './api-client.ts';

export type QueryState<T> = {
  data: T | undefined;
  error: unknown;
  isLoading: boolean;
  /** Fetch again with the same arguments (after an upload, or from a "retry" button). */
  reload: () => void;
};

/**
 * Runs `load` whenever one of `deps` changes, aborting the previous request so a slow answer for
 * an old search never overwrites a newer one. Keeps the previous data while reloading, so tables
 * do not flash empty between pages.
 */
export function useApiQuery<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: readonly unknown[],
): QueryState<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [isLoading, setIsLoading] = useState(true);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setIsLoading(true);
    setError(undefined);
    load(controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setData(result);
        setIsLoading(false);
      },
      (cause: unknown) => {
        if (controller.signal.aborted || isAbortError(cause)) return;
        setError(cause);
        setIsLoading(false);
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; `deps` says when its inputs really changed.
  }, [...deps, generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  return { data, error, isLoading, reload };
}
