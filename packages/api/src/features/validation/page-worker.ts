// Worker thread of a PostgreSQL run: checks the pages of COPY text the main thread hands it (as
// bytes, decoded here) and hands back the findings as COPY text with the per-station counts (page-text.ts). It has no
// database connection: the main thread reads the run's one COPY stream and commits every page.
import { parentPort, workerData } from 'node:worker_threads';
import { compileRuleSet } from '@qingyuan/rules';
import { checkPageBytes, type CheckedPage } from './page-text.ts';

export interface PageInit {
  document: unknown;
  today: string;
  divisions: [string, string][];
  runId: number;
}
export interface PageJob {
  seq: number;
  /** The page's COPY text as UTF-8, transferred (not copied) from the main thread. */
  bytes: Uint8Array;
}
export type PageResult = { seq: number; error?: string } & CheckedPage;
/** Posted once, when the worker has compiled the rules and takes pages. */
export interface PageWorkerReady {
  ready: true;
}

const init = workerData as PageInit;
const rules = compileRuleSet(init.document, { today: init.today });
const divisions = new Map(init.divisions);
parentPort!.postMessage({ ready: true } satisfies PageWorkerReady);

parentPort!.on('message', (job: PageJob) => {
  let result: PageResult;
  try {
    result = { seq: job.seq, ...checkPageBytes(job.bytes, rules, divisions, init.runId) };
  } catch (err) {
    result = { seq: job.seq, findings: '', stations: [], counts: [], error: String(err) };
  }
  parentPort!.postMessage(result);
});
