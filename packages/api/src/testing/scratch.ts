// A scratch folder for one test's files (exports, uploads, a child process's data folder), removed
// when the test is done, passed or failed. Tests that made their own with mkdtemp left them in the
// temp folder: about a hundred a run, 41 GB on a developer's machine after a day of runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A new empty folder named `<prefix>-XXXXXX` in the temp folder, removed after this test. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
