// Child process of `pnpm bench changes`: writes the change file (CSV) with the real service against
// DATABASE_URL and reports its counts, seconds and its own peak RSS.
import { loadConfig } from '@qingyuan/api/config.ts';
import { createDb } from '@qingyuan/api/db.ts';
import { systemClock } from '@qingyuan/api/clock.ts';
import { PROVINCE } from '@qingyuan/api/features/auth/region.ts';
import { writeChangeFile } from '@qingyuan/api/features/writeback/file.ts';
import { maskerFor } from '@qingyuan/api/features/writeback/mask.ts';

const [out] = process.argv.slice(2) as [string];
const db = await createDb(loadConfig());
const started = performance.now();
const result = await writeChangeFile(db, out, {
  region: PROVINCE,
  format: 'csv',
  mask: maskerFor('operator'),
  userId: null,
  tokenId: null,
  now: systemClock(),
});
const seconds = (performance.now() - started) / 1000;
await db.close();
process.stdout.write(
  JSON.stringify({ result, seconds, peakRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n',
);
