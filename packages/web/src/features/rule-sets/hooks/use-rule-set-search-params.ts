// The open version and whether it is being edited live in the URL (?v=3&mode=edit).
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export function useRuleSetSearchParams() {
  const [params, setParams] = useSearchParams();
  const raw = Number.parseInt(params.get('v') ?? '', 10);
  const version = Number.isFinite(raw) && raw > 0 ? raw : null;
  const isEditing = params.get('mode') === 'edit';

  const update = useCallback(
    (next: { version?: number | null; isEditing?: boolean }) => {
      setParams((current) => {
        const result = new URLSearchParams(current);
        if (next.version !== undefined) {
          if (next.version === null) result.delete('v');
          else result.set('v', String(next.version));
        }
        if (next.isEditing !== undefined) {
          if (next.isEditing) result.set('mode', 'edit');
          else result.delete('mode');
        }
        return result;
      });
    },
    [setParams],
  );
  return { version, isEditing, update };
}
