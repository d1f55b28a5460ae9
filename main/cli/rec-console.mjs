#!/usr/bin/env node
// Launcher of the rec-console CLI: checks the Node version, lets tsx load the TypeScript sources, runs the CLI.
// node:sqlite (history) needs no flag from 22.13 and from 23.4 on.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 13) || (major === 23 && minor < 4)) {
  process.stderr.write(`rec-console: needs Node 22.13+ (23.4+ on 23), this is ${process.version}; run it as "npx rec-console" inside the project so its pinned Node 24 is used\n`);
  process.exit(1);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
