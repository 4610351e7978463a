// What a test can ask of the process's own files: those it holds open, and a temp directory of its
// own for libraries that write to os.tmpdir().
import { mkdtemp, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The files under `under` this process holds open (Linux: /proc/self/fd), deleted ones included. */
export async function openFilesUnder(under: string): Promise<string[]> {
  const links = await Promise.all(
    (await readdir('/proc/self/fd')).map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')),
  );
  return links.filter((l) => l.startsWith(under));
}

/**
 * Runs `fn` with os.tmpdir() pointing at a new directory under `parent` (the test file's own
 * process: vitest runs each file in a fork), and returns what is left in it once files removed
 * asynchronously have had their moment.
 */
export async function tempLeftBy(parent: string, fn: () => Promise<void>): Promise<string[]> {
  const previous = process.env.TMPDIR;
  const temp = await mkdtemp(join(parent, 'temp-'));
  process.env.TMPDIR = temp;
  try {
    await fn();
  } finally {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  }
  let left: string[] = [];
  for (let i = 0; i < 50; i++) {
    left = await readdir(temp);
    if (left.length === 0) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  return left;
}
