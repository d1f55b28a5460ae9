// Bundles the Electron entry points into dist/electron/*.cjs: main process, sandboxed preload (which cannot
// require project files, so it must be one file) and the engine host. Libraries stay external (node_modules).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Start from an empty folder (as Vite does for the renderer): nothing stale, such as an old source map, survives.
rmSync('dist/electron', { recursive: true, force: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'cjs',
  // No source maps in dist/: the bundles are not minified, so stack traces stay readable without shipping sources.
  sourcemap: false,
  logLevel: 'warning',
  external: ['electron', 'node-opcua', 'node-opcua-*', 'modbus-serial', 'serialport', '@serialport/*', 'ws', 'yaml', 'zod', 'commander'],
  // Source files use import.meta.url for paths; in CommonJS bundles it is derived from __filename.
  define: { 'import.meta.url': '__rec_import_meta_url' },
  banner: { js: "const __rec_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

await Promise.all([
  build({ ...common, entryPoints: ['main/index.ts'], outfile: 'dist/electron/main.cjs' }),
  build({ ...common, entryPoints: ['main/engine-host.ts'], outfile: 'dist/electron/engine-host.cjs' }),
  // The history store's thread, loaded by the engine from next to its bundle.
  build({ ...common, entryPoints: ['main/engine/history/history-worker.ts'], outfile: 'dist/electron/history-worker.cjs' }),
  // The preload runs sandboxed: only 'electron' may stay external.
  build({ ...common, external: ['electron'], entryPoints: ['main/preload.ts'], outfile: 'dist/electron/preload.cjs' }),
]);
