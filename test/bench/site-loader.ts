/** Site loader on hostile files: wall time, CPU time and heap growth of each, printed as a table (no assertions). */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSiteFile } from '../../main/engine/config/load-site';
import { MAX_SITE_FILE_BYTES } from '../../shared/site/site-text';
import { duplicateKeysSite, manyErrorsSite } from '../unit/site/pathological-sites';

const dir = mkdtempSync(join(tmpdir(), 'site-bench-'));
const write = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const cases: [string, () => string][] = [
  ['8k duplicate keys', () => write('dup8k.yaml', duplicateKeysSite(8_000))],
  ['100k duplicate keys', () => write('dup100k.yaml', duplicateKeysSite(100_000))],
  ['50 MB scalar', () => write('huge.yaml', `site:\n  name: "${'x'.repeat(50 * 1024 * 1024)}"\n`)],
  ['4 MiB scalar (just under the cap)', () => write('big.yaml', `site:\n  name: "${'x'.repeat(MAX_SITE_FILE_BYTES - 100)}"\n`)],
  ['/dev/zero', () => '/dev/zero'],
  ['FIFO', () => { const p = join(dir, 'f.fifo'); execFileSync('mkfifo', [p]); return p; }],
  ['directory', () => dir],
  ['200k errors', () => write('many.yaml', manyErrorsSite(200_000))],
  ['2M flow items in 4 MiB', () => write('flow.yaml', `site:\n  name: x\nusers: [${'1,'.repeat(1_999_999)}1]\n`)],
  ['20k tags in one equipment', () => write('many20k.yaml', manyErrorsSite(20_000))],
  ['50k errors (at the entry limits)', () => write('many50k.yaml', manyErrorsSite(50_000, 10_000))],
  ['invalid UTF-8', () => write('latin1.yaml', Buffer.from('site:\n  name: Kr\xe4ne\n', 'latin1'))],
];

console.log('case | wall ms | cpu ms | heap growth MB | errors | first message');
for (const [name, make] of cases) {
  const path = make();
  global.gc?.();
  const heap = process.memoryUsage().heapUsed;
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await loadSiteFile(path);
  const wall = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const grown = (process.memoryUsage().heapUsed - heap) / 1e6;
  const errors = result.ok ? [] : result.errors;
  console.log(`${name} | ${wall.toFixed(0)} | ${((used.user + used.system) / 1000).toFixed(0)} | ${grown.toFixed(0)} | ${errors.length} | ${errors[0]?.message.slice(0, 70) ?? 'ok'}`);
}
rmSync(dir, { recursive: true, force: true });
