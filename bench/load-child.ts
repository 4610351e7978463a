// Child process of `pnpm bench load`: runs the real loader on one file against DATABASE_URL and
// reports rows, seconds and its own peak RSS, so the figure is the loader's alone.
import { loadConfig } from '@qingyuan/api/config.ts';
import { createDb } from '@qingyuan/api/db.ts';
import { runLoad } from '@qingyuan/api/features/loads/service.ts';
import { systemClock } from '@qingyuan/api/clock.ts';

const [kind, file] = process.argv.slice(2) as ['customers' | 'org_units', string];
const db = await createDb(loadConfig());
const started = performance.now();
const { counts } = await runLoad(db, {
  kind: kind,
  path: file,
  fileName: file,
  userId: null,
  now: systemClock(),
});
const seconds = (performance.now() - started) / 1000;
await db.close();
process.stdout.write(
  JSON.stringify({ counts, seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n',
);
