// Worker thread of the parallel run (PostgreSQL): reads its own keyset page over its own
// connection, checks it, and hands back only what the main thread writes — the findings as
// table rows and the per-station counts — so reading and parsing rows runs on every core.
import { parentPort, workerData } from 'node:worker_threads';
import { compileRuleSet } from '@qingyuan/rules';
import { createPostgres, type Cell } from '../../db.ts';
import type { Region } from '../auth/region.ts';
import * as q from './queries.ts';
import { checkPageRows } from './page-check.ts';

interface Init {
  document: unknown;
  today: string;
  url: string;
  divisions: [string, string][];
  runId: number;
  scope: Region;
}
export interface PageJob {
  seq: number;
  after: number;
  /** The page's last id, fixed when the page was handed out; undefined for the final page. */
  upTo?: number;
  limit: number;
}
export interface PageResult {
  seq: number;
  rows: number;
  lastId: number;
  cells: Cell[][];
  stations: { city: string; county: string; station: string; checked: number }[];
  error?: string;
}

const init = workerData as Init;
const rules = compileRuleSet(init.document, { today: init.today });
const divisions = new Map(init.divisions);
const db = createPostgres(init.url, 1);

parentPort!.on('message', async (job: PageJob) => {
  try {
    const rows = await q.findCustomerPage(db.kysely, init.scope, job.after, job.limit, job.upTo);
    const { cells, stations } = checkPageRows(rows, rules, divisions, init.runId);
    const result: PageResult = {
      seq: job.seq,
      rows: rows.length,
      lastId: job.upTo ?? rows[rows.length - 1]?.id ?? job.after,
      cells,
      stations,
    };
    parentPort!.postMessage(result);
  } catch (err) {
    parentPort!.postMessage({
      seq: job.seq,
      rows: 0,
      lastId: job.after,
      cells: [],
      stations: [],
      error: String(err),
    } satisfies PageResult);
  }
});
