// Search text, page and the open customer live in the URL, so back/forward, reload and a copied
// link all show the same view.
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';

export function useCustomerSearchParams() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const pageParam = Number.parseInt(params.get('page') ?? '1', 10);
  const page = Number.isFinite(pageParam) && pageParam > 0 ? pageParam : 1;
  const selectedId = params.get('id');

  const update = useCallback(
    (next: { q?: string; page?: number; id?: string | null }) => {
      setParams((current) => {
        const result = new URLSearchParams(current);
        const set = (key: string, value: string | null | undefined) => {
          if (value === undefined) return;
          if (value === null || value === '') result.delete(key);
          else result.set(key, value);
        };
        set('q', next.q);
        set('page', next.page === undefined ? undefined : next.page === 1 ? null : String(next.page));
        set('id', next.id);
        return result;
      });
    },
    [setParams],
  );

  return { q, page, selectedId, update };
}
