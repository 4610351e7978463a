import { describe, expect, it } from 'vitest';
import { readAhead } from './read-ahead.ts';

/** Stations of the given sizes, customer ids numbered across them; fetches resolve when told. */
function fakeDb(sizes: number[]) {
  let id = 0;
  const ids = sizes.map((n) => Array.from({ length: n }, () => ++id));
  const pending: { label: string; resolve: () => void; reject: (e: Error) => void }[] = [];
  const fetch = (station: number, after: number) =>
    new Promise<{ page: { id: number }[] }>((resolve, reject) =>
      pending.push({
        label: `${station}>${after}`,
        resolve: () =>
          resolve({
            page: ids[station]!.filter((i) => i > after)
              .slice(0, 5)
              .map((i) => ({ id: i })),
          }),
        reject,
      }),
    );
  /** Lets the oldest fetch in flight finish, and its callbacks run. */
  const step = async () => {
    pending.shift()!.resolve();
    await new Promise((r) => setImmediate(r));
  };
  /** Lets the fetches finish, those they start too, until none is in flight. */
  const settle = async () => {
    while (pending.length) await step();
  };
  return { fetch, pending, step, settle };
}

describe('readAhead', () => {
  it('gives every station its pages in order, short or empty last pages ending a station', async () => {
    const db = fakeDb([7, 0, 5, 3]);
    const { take } = readAhead([0, 1, 2, 3], 5, 2, db.fetch);
    const got: string[] = [];
    for (;;) {
      const next = take();
      await db.settle();
      const page = await next;
      if (!page) break;
      got.push(`${page.station}:${page.page.map((c) => c.id).join(',')}${page.last ? ' last' : ''}`);
    }
    expect(got).toEqual([
      '0:1,2,3,4,5',
      '0:6,7 last',
      '1: last',
      '2:8,9,10,11,12',
      '2: last', // a full page is followed by an empty one
      '3:13,14,15 last',
    ]);
  });

  it('fetches at most `ahead` pages before they are taken, one at a time', async () => {
    const db = fakeDb([20]);
    const { take } = readAhead([0], 5, 2, db.fetch);
    expect(db.pending.map((p) => p.label)).toEqual(['0>0']);
    await db.step(); // the first page is in: the second is fetched
    expect(db.pending.map((p) => p.label)).toEqual(['0>5']);
    await db.step(); // two pages wait to be taken: no third
    expect(db.pending).toEqual([]);
    expect((await take())!.page[0]!.id).toBe(1); // taking one makes room for the next
    expect(db.pending.map((p) => p.label)).toEqual(['0>10']);
  });

  it('fails the take of a failed page, and fetches nothing after it', async () => {
    const db = fakeDb([20]);
    const { take } = readAhead([0], 5, 2, db.fetch);
    const first = take();
    db.pending.shift()!.reject(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    await new Promise((r) => setImmediate(r));
    expect(db.pending).toEqual([]);
    await expect(take()).resolves.toBeUndefined();
  });

  it('closes: waits for the fetch in flight, and starts none after it', async () => {
    const db = fakeDb([20]);
    const reader = readAhead([0], 5, 2, db.fetch);
    let closed = false;
    const closing = reader.close().then(() => (closed = true));
    await new Promise((r) => setImmediate(r));
    expect(closed).toBe(false); // the first page is still being read
    await db.step();
    await closing;
    expect(db.pending).toEqual([]); // its arrival did not start the second
  });
});
