#!/usr/bin/env node
// Launcher of the rec-console CLI: checks the Node version, lets tsx load the TypeScript sources, runs the CLI.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(`rec-console: needs Node 22 or newer, this is ${process.version}; run it as "npx rec-console" inside the project so its pinned Node 24 is used\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
