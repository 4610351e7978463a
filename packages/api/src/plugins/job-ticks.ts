// Scheduled jobs fire once per tick across every process that runs them. node-cron asks a
// RunCoordinator before each scheduled firing (`distributed: true`) with the key
// '<task name>:<ISO instant of the tick>'; this one answers yes only to the process whose insert of
// that key into job_ticks wins. A manual `task.execute()` does not ask (tests, a send by hand).
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import type { RunCoordinator } from 'node-cron';
import type { Clock } from '../clock.ts';
import type { Database } from '../db/schema.ts';

/** Who claimed a tick: enough to find the process in the logs. */
export const processName = () => `${hostname()}:${process.pid}`;

/** True when this call claimed the tick; false when another process (or an earlier call) had it. */
export async function claimTick(db: Kysely<Database>, key: string, now: Date, owner = processName()) {
  const row = await db
    .insertInto('job_ticks')
    .values({ tick_key: key, claimed_by: owner, claimed_at: now })
    .onConflict((oc) => oc.column('tick_key').doNothing())
    .returning('tick_key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function finishTick(db: Kysely<Database>, key: string, now: Date) {
  await db.updateTable('job_ticks').set({ finished_at: now }).where('tick_key', '=', key).execute();
}

/** The key node-cron gives a tick of the task named `name` at `at`: a catch-up claims the same. */
export const tickKey = (name: string, at: Date) => `${name}:${at.toISOString()}`;

/** For node-cron tasks created with `{ name, distributed: true, runCoordinator }`. */
export function tickCoordinator(db: Kysely<Database>, clock: Clock): RunCoordinator {
  return {
    shouldRun: (key) => claimTick(db, key, clock()),
    onComplete: (key) => finishTick(db, key, clock()),
  };
}
