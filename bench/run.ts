// `pnpm bench <name> [args]`: runs bench/<name>.ts and writes what it returns to
// bench/results/<name>.json (with the machine and the date), and prints it. A run with arguments
// (another size, say) writes bench/results/<name>--<args>.json instead, so it never replaces the
// figure measured at the target's size. A module may name its own file (`resultName(args)`).
// Each bench module exports `default async function (args: string[]): Promise<BenchResult>`.
import { writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import os from 'node:os';

export type BenchResult = Record<string, unknown>;

const [name, ...args] = process.argv.slice(2);
const available = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'util.ts'].includes(f) && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''));
if (!name || !available.includes(name)) {
  console.error(`usage: pnpm bench <${available.join('|')}> [args]`);
  process.exit(2);
}
const mod = (await import(`./${name}.ts`)) as {
  default: (args: string[]) => Promise<BenchResult>;
  resultName?: (args: string[]) => string;
};
const result = await mod.default(args);
const record = {
  bench: name,
  args,
  at: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  },
  result,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = (mod.resultName?.(args) ?? (args.length ? `${name}--${args.join('-')}` : name)).replace(
  /[^\w.-]+/g,
  '_',
);
writeFileSync(new URL(`./results/${file}.json`, import.meta.url), JSON.stringify(record, null, 2) + '\n');
console.log(JSON.stringify(record.result, null, 2));
process.exit(0);
