// Bundles the Electron entry points into dist/electron/*.cjs: main process, sandboxed preload (which cannot
// require project files, so it must be one file) and the engine host. Libraries stay external (node_modules).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';
import { nodeBundleOptions } from './bundle-options.mjs';

// Start from an empty folder (as Vite does for the renderer): nothing stale, such as an old source map, survives.
rmSync('dist/electron', { recursive: true, force: true });

const common = nodeBundleOptions;

await Promise.all([
  build({ ...common, entryPoints: ['main/index.ts'], outfile: 'dist/electron/main.cjs' }),
  build({ ...common, entryPoints: ['main/engine-host.ts'], outfile: 'dist/electron/engine-host.cjs' }),
  // The history store's thread, loaded by the engine from next to its bundle.
  build({ ...common, entryPoints: ['main/engine/history/history-worker.ts'], outfile: 'dist/electron/history-worker.cjs' }),
  // The preload runs sandboxed: only 'electron' may stay external.
  build({ ...common, external: ['electron'], entryPoints: ['main/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
]);
