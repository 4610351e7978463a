// Runs the pinned pnpm, whether or not one is installed: `npm start` / `npm test` on a machine
// that has only Node.js and npm must work. We prefer a matching global pnpm (fast), else npx.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pinned = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).packageManager.split('@')[1];
const args = process.argv.slice(2);
const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell: process.platform === 'win32' });
const hasPinned = probe.status === 0 && probe.stdout.trim() === pinned;
const [cmd, cmdArgs] = hasPinned ? ['pnpm', args] : ['npx', ['-y', `pnpm@${pinned}`, ...args]];
const run = spawnSync(cmd, cmdArgs, { stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
