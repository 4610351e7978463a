import { useCallback, useState } from 'react';
import { activateRuleSet, previewRuleSet, type Preview } from '../api/rule-sets-api.ts';

type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; version: number }
  | { status: 'done'; version: number; preview: Preview }
  | { status: 'error'; version: number; error: unknown };

/** Preview of one version against the active one; forgotten when another version is opened. */
export function usePreview() {
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const run = useCallback(async (version: number) => {
    setState({ status: 'loading', version });
    try {
      const preview = await previewRuleSet(version);
      setState({ status: 'done', version, preview });
    } catch (error) {
      setState({ status: 'error', version, error });
    }
  }, []);
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, reset };
}

type ActivateState = { status: 'idle' } | { status: 'activating' } | { status: 'error'; error: unknown };

export function useActivate(onActivated: (version: number) => void) {
  const [state, setState] = useState<ActivateState>({ status: 'idle' });
  const activate = useCallback(
    async (version: number, fullRun: boolean) => {
      setState({ status: 'activating' });
      try {
        await activateRuleSet(version, fullRun);
        setState({ status: 'idle' });
        onActivated(version);
      } catch (error) {
        setState({ status: 'error', error });
      }
    },
    [onActivated],
  );
  const reset = useCallback(() => setState({ status: 'idle' }), []);
  return { state, activate, reset };
}
