// One validation run: read the scope's customers (one COPY on PostgreSQL, keyset pages on
// PGlite), check each page, and commit its findings and its share of the summary (unit_counts,
// finding_counts) together with the run's progress (last_customer_id, rows_done) in one
// transaction. A crash loses at most the page in flight; the next execution resumes after the
// last committed page, so no finding is written twice or missed. Cross-record checks (SQL) run on
// PostgreSQL in their own transaction beside the pages (they read the same customers, and the
// server has a core to spare while the pages are checked in JS); on PGlite, whose queries block
// the one thread anyway, in the final transaction. Their share of the summary is added in the
// final transaction, which marks the run completed.
import { CrossRecordSchema, type CustomerRecord, type Finding } from '@qingyuan/rules';
import type { BulkWriter, Cell, Db } from '../../db.ts';
import { chinaToday, compileVersion } from '../rule-sets/active.ts';
import { findRuleSet } from '../rule-sets/queries.ts';
import { inlineChecker, defaultWorkers, workerPoolChecker, type Checker } from './checker.ts';
import {
  insertCountedCrossRecordFindings,
  replaceCrossRecordFindings,
  crossRecordParams,
  type CrossRecordParams,
} from './cross-record.queries.ts';
import type { Clock } from '../../clock.ts';
import { regionOf, type Region } from '../auth/region.ts';
import { copyPageLoop } from './parallel.ts';
import { PageTally, type FindingTally, type StationTally } from './page-text.ts';
import * as q from './queries.ts';
import { findingCells, loadDivisions, toRecord, type Divisions } from './records.ts';

export interface RunOptions {
  pageSize?: number;
  /**
   * Worker threads for the checks; 0 = inline. Default: by the run's size and the cores (on
   * PostgreSQL one fewer than the cores, as the main thread checks pages too).
   */
  workers?: number;
  /** Overrides the rule set's cross-record thresholds (tests). */
  crossRecord?: CrossRecordParams;
  /** PostgreSQL: customer ids per COPY statement of the run's read (default 500,000). */
  segmentIds?: number;
  /** Stop after the page in flight (the run stays 'running' and resumes on the next start). */
  signal?: AbortSignal;
  /** Test hook: fail after this many pages committed in this execution, as a crash would. */
  failAfterPages?: number;
  /**
   * Test hook (PostgreSQL): start reading once every worker thread has started, so a small run's
   * pages are checked there too (otherwise this thread checks them all while the workers load).
   */
  waitForWorkers?: boolean;
  /** The run's time: its start and finish, and the "today" of date checks (an ID's birth date). */
  clock: Clock;
}

/** Another runner holds this run: leave its state alone. */
export class RunConflictError extends Error {}

interface Page {
  rows: q.CustomerPageRow[];
  records: CustomerRecord[];
}

async function readPage(
  db: Db,
  scope: Region,
  after: number,
  size: number,
  divisions: Divisions,
): Promise<Page> {
  const rows = await q.findCustomerPage(db.kysely, scope, after, size);
  return { rows, records: rows.map((r) => toRecord(r, divisions)) };
}

async function writePage(db: Db, runId: number, expectedAfter: number, page: Page, results: Finding[][]) {
  const cells: Cell[][] = [];
  const tally = new PageTally();
  page.rows.forEach((row, i) => {
    const found = results[i] ?? [];
    for (const f of found) cells.push(findingCells(runId, row, f));
    tally.add(String(row.id), row.city_code, row.county_code, row.station_code, found);
  });
  await commitPage(
    db,
    runId,
    expectedAfter,
    page.rows[page.rows.length - 1]!.id,
    page.rows.length,
    tally,
    (bulk) => bulk.write('findings', q.FINDING_COLUMNS, cells),
  );
}

/** One page's findings, its summary (per station, and per field × rule × severity) and the run's progress, in one transaction. */
export async function commitPage(
  db: Db,
  runId: number,
  expectedAfter: number,
  lastId: number,
  rows: number,
  summary: { stations: StationTally[]; counts: FindingTally[] },
  writeFindings: (bulk: BulkWriter) => Promise<void>,
) {
  await db.bulkTransaction(async (trx, bulk) => {
    const run = await q.lockRun(trx, runId);
    // Another runner moved this run on (or it was reset): writing would duplicate findings.
    if (run.status !== 'running' || run.last_customer_id !== expectedAfter)
      throw new RunConflictError(`run ${runId} was advanced by another runner`);
    await writeFindings(bulk);
    await q.addUnitCounts(trx, runId, summary.stations);
    await q.addFindingCounts(trx, runId, summary.counts);
    await q.advanceRun(trx, runId, lastId, rows);
  });
}

/** Executes (or resumes) a run to completion; returns false when stopped early by the signal. */
export async function executeRun(db: Db, runId: number, opts: RunOptions): Promise<boolean> {
  const run = await q.markRunRunning(db.kysely, runId, opts.clock());
  if (!run) return true; // already completed
  const scope = regionOf(run);
  const pageSize = opts.pageSize ?? 5_000;
  let checker: Checker | undefined;
  const runRef = { id: runId, version: run.rule_set_version, scope };
  // Pages are counted into the summary as they are committed. Those of a resumed run's earlier
  // executions may have been committed by a version that left the counting to the end: its
  // summary is counted again from its findings (as re-validation's is).
  const resumed = run.rows_done > 0;
  const ruleSet = await findRuleSet(db.kysely, run.rule_set_version);
  const crossParams =
    opts.crossRecord ??
    crossRecordParams(
      CrossRecordSchema.parse(
        (ruleSet?.document as { crossRecord?: unknown } | undefined)?.crossRecord ?? {},
      ),
    );
  // Started at once, awaited before the final transaction; a failure fails the run like any other.
  const crossRecord =
    db.kind === 'postgres'
      ? db.kysely.transaction().execute((trx) => replaceCrossRecordFindings(trx, runRef, crossParams))
      : undefined;
  crossRecord?.catch(() => undefined); // observed below; never an unhandled rejection meanwhile
  try {
    const today = chinaToday(opts.clock());
    const workers =
      opts.workers ?? defaultWorkers((await q.findRun(db.kysely, runId))!.rows_total - run.rows_done);
    const divisions = await loadDivisions(db.kysely);
    let finished: boolean;
    if (db.copyOut) {
      // PostgreSQL: one COPY read, pages of text checked by worker threads and by this thread.
      const document = (await findRuleSet(db.kysely, run.rule_set_version))!.document;
      const init = { document, today, divisions: [...divisions], runId, scope };
      // This thread checks pages too: by default one worker fewer than the cores.
      const threads = opts.workers ?? (workers > 0 ? Math.max(1, workers - 1) : 0);
      finished = await copyPageLoop(db, init, run.last_customer_id, pageSize, threads, opts);
    } else {
      if (workers > 0) {
        const doc = (await findRuleSet(db.kysely, run.rule_set_version))!.document;
        checker = workerPoolChecker(doc, today, workers);
      } else {
        checker = inlineChecker(await compileVersion(db.kysely, run.rule_set_version, today));
      }
      finished = await pageLoop(db, runId, run.last_customer_id, scope, pageSize, divisions, checker, opts);
    }
    if (!finished) {
      await crossRecord; // stopped: let it finish rather than leave a transaction behind
      return false;
    }
    const crossCounted = await crossRecord;
    await db.bulkTransaction(async (trx) => {
      await q.lockRun(trx, runId);
      const cross = crossCounted ?? (await insertCountedCrossRecordFindings(trx, runRef, crossParams));
      if (resumed) await q.rebuildCounts(trx, runId);
      else await q.addCrossRecordCounts(trx, runId, cross);
      // a province run has checked every change committed before it started
      if (!scope.cityCode) await q.clearDirtySeenBy(trx, runId);
      await q.finishRun(trx, runId, 'completed', null, opts.clock());
    });
    return true;
  } catch (err) {
    await crossRecord?.catch(() => undefined);
    if (err instanceof RunConflictError) throw err;
    const message = String((err as Error).message ?? err).slice(0, 1000);
    await q.finishRun(db.kysely, runId, 'failed', message, opts.clock());
    throw err;
  } finally {
    await checker?.close();
  }
}

// Pipelined: while page k is written, page k+1 is checked and page k+2 read. Writes stay in order.
async function pageLoop(
  db: Db,
  runId: number,
  startAfter: number,
  scope: Region,
  pageSize: number,
  divisions: Divisions,
  checker: Checker,
  opts: RunOptions,
): Promise<boolean> {
  let after = startAfter;
  let page = await readPage(db, scope, after, pageSize, divisions);
  let writing: Promise<void> = Promise.resolve();
  let writeError: unknown;
  let committed = 0;
  while (page.rows.length > 0) {
    const nextAfter = page.rows[page.rows.length - 1]!.id;
    const [results, next] = await Promise.all([
      checker.check(page.records),
      readPage(db, scope, nextAfter, pageSize, divisions),
    ]);
    await writing;
    if (writeError) throw writeError;
    if (opts.failAfterPages !== undefined && committed >= opts.failAfterPages)
      throw new Error(`simulated crash after ${committed} pages`);
    if (opts.signal?.aborted) return false;
    const expected = after;
    writing = writePage(db, runId, expected, page, results).then(
      () => void committed++,
      (e: unknown) => void (writeError = e),
    );
    after = nextAfter;
    page = next;
  }
  await writing;
  if (writeError) throw writeError;
  return true;
}
