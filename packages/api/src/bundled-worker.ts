// Worker threads started from one bundled script instead of through tsx's loader. A worker does
// not inherit the parent's `--import tsx` hooks, so its .mjs entry registers them and imports the
// TypeScript through them: every module of its graph (the rules, zod, libphonenumber-js: ~100)
// resolved and transformed by message round trips to a hooks thread. A validation run's page
// worker took 1.0–1.5 CPU-seconds and 1.1–2 s to start that way, bundled 0.2–0.3 of each. The
// bundle is made once per process by esbuild — the transformer tsx itself runs, so the code is
// the same — as one CommonJS script kept in memory (nothing written to disk) and run with `eval`.
// Should bundling fail, or esbuild warn (import.meta is empty in a bundle: a module-relative URL
// would point nowhere), the worker starts through its tsx entry as before, with a warning.
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { build } from 'esbuild';

const bundles = new Map<string, Promise<string | undefined>>();

/** The entry module and everything it imports as one script; undefined when esbuild failed. */
export function bundleOf(entry: URL): Promise<string | undefined> {
  let code = bundles.get(entry.href);
  if (!code) {
    code = build({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: `node${process.versions.node.split('.')[0]}`,
      write: false,
      logLevel: 'silent',
    }).then(
      (result) => {
        const [warning] = result.warnings;
        if (warning === undefined) return result.outputFiles[0]!.text;
        const at = warning.location ? ` (${warning.location.file}:${warning.location.line})` : '';
        notBundled(entry, `${warning.text}${at}`);
        return undefined;
      },
      (err: unknown) => {
        notBundled(entry, String(err));
        return undefined;
      },
    );
    bundles.set(entry.href, code);
  }
  return code;
}

const notBundled = (entry: URL, why: string) =>
  process.emitWarning(`worker ${entry.pathname} not bundled, started through tsx: ${why}`);

/**
 * A worker thread running `entry` (a TypeScript module) from its bundle, or through `loader` (the
 * .mjs that registers tsx and imports the entry) when it could not be bundled.
 */
export async function startWorker(entry: URL, loader: URL, options: WorkerOptions): Promise<Worker> {
  const code = await bundleOf(entry);
  return code === undefined ? new Worker(loader, options) : new Worker(code, { ...options, eval: true });
}
