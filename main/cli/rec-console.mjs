#!/usr/bin/env node
// Launcher of the rec-console CLI: checks the Node version, lets tsx load the TypeScript sources, runs the CLI.
// 22.13 is the first Node whose node:sqlite (history) needs no flag.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13)) {
  process.stderr.write(`rec-console: needs Node 22.13 or newer, this is ${process.version}; run it as "npx rec-console" inside the project so its pinned Node 24 is used\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
