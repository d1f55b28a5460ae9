/**
 * Bundles the peer's engine side as the app ships it (main/shell/bundle-options.mjs): plain Node running one
 * CommonJS file, the history thread's bundle beside it — not the TypeScript loader the tests run under, which adds
 * its own memory (in the engine's thread and in the history thread) and would be charged to the engine.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { nodeBundleOptions } from '../../../main/shell/bundle-options.mjs';

/** Inside the repository, so the bundle's libraries resolve from its node_modules. */
const OUT_DIR = fileURLToPath(new URL('../../.artifacts/bench/peer-engine/', import.meta.url));

/** Builds the engine poller and its history thread; returns the poller bundle's path. */
export async function bundleEnginePoller(): Promise<string> {
  const outfile = `${OUT_DIR}engine-poller.cjs`;
  await Promise.all([
    build({ ...nodeBundleOptions, entryPoints: [fileURLToPath(new URL('./engine-poller.ts', import.meta.url))], outfile }),
    build({ ...nodeBundleOptions, entryPoints: [fileURLToPath(new URL('../../../main/engine/history/history-worker.ts', import.meta.url))], outfile: `${OUT_DIR}history-worker.cjs` }),
  ]);
  return outfile;
}
