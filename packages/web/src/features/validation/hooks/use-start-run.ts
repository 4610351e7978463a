import { useCallback, useState } from 'react';
import { startRun, type Run } from '../api/validation-api.ts';

type StartState = { status: 'idle' } | { status: 'starting' } | { status: 'error'; error: unknown };

export function useStartRun(onStarted: (run: Run) => void) {
  const [state, setState] = useState<StartState>({ status: 'idle' });
  const start = useCallback(
    async (unitCode?: string) => {
      setState({ status: 'starting' });
      try {
        const { run } = await startRun(unitCode);
        setState({ status: 'idle' });
        onStarted(run);
      } catch (error) {
        setState({ status: 'error', error });
      }
    },
    [onStarted],
  );
  return { state, start };
}
