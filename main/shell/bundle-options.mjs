// How the engine's code is bundled for Node: by build-electron.mjs for the app, and by benchmarks that measure the
// engine as it ships (not under a TypeScript loader). Libraries stay external (node_modules).
export const nodeBundleOptions = {
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
