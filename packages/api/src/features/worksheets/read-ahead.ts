// The export's pages, read ahead of the writer: every station's keyset pages in order, with up to
// `ahead` pages fetched (or being fetched) and not yet taken. The database moves on to the next
// page, and at a station's end to the next station's first, while the rows of the pages before
// are built and written, instead of waiting for them to be taken.

export interface PageOf<S> {
  station: S;
  /** The station has no more pages after this one (it was short, or empty). */
  last: boolean;
}

export interface PageReader<S, R> {
  /** The pages one by one, in order; undefined after the last station's last page. */
  take(): Promise<(R & PageOf<S>) | undefined>;
  /**
   * Fetches nothing more, and resolves once no fetch is in flight: the caller's transaction may
   * end then (a fetch started after it would run outside it).
   */
  close(): Promise<void>;
}

/**
 * `fetch(station, afterId)` reads one page of at most `pageSize` rows, ordered by id. A failed
 * fetch fails its take, and nothing more is fetched.
 */
export function readAhead<S, R extends { page: readonly { id: number }[] }>(
  stations: readonly S[],
  pageSize: number,
  ahead: number,
  fetch: (station: S, afterId: number) => Promise<R>,
): PageReader<S, R> {
  const ready: Promise<R & PageOf<S>>[] = [];
  let index = 0;
  let after = 0;
  let fetching = false;
  let stopped = false;
  const pump = () => {
    if (fetching || stopped || ready.length >= ahead || index >= stations.length) return;
    fetching = true;
    const station = stations[index]!;
    const next = fetch(station, after).then(
      (got) => {
        const last = got.page.length < pageSize;
        if (last) [index, after] = [index + 1, 0];
        else after = got.page[got.page.length - 1]!.id;
        fetching = false;
        pump();
        return { ...got, station, last };
      },
      (err: unknown) => {
        stopped = true;
        fetching = false;
        throw err;
      },
    );
    next.catch(() => {}); // taken in turn; not an unhandled rejection meanwhile
    ready.push(next);
  };
  pump();
  return {
    take() {
      const next = ready.shift();
      pump();
      return next ?? Promise.resolve(undefined);
    },
    async close() {
      stopped = true;
      await Promise.allSettled(ready);
    },
  };
}
