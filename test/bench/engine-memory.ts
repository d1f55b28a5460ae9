/**
 * Memory per signal: the real Engine (real site schema, the fake driver, history and alarms on, one client subscribed
 * to telemetry over the in-memory carrier) holding N signals that all changed, against the bare `ws` + typed-arrays
 * server holding the same N with one client. Each (side, N) runs in its own process: after a few update rounds and a
 * forced GC it reports heap, array buffers and RSS. The per-signal figure is the slope between the smallest and the
 * largest N, so the fixed cost of a process does not count. Writes test/.artifacts/bench/engine-memory.json.
 * Run: npx tsx test/bench/engine-memory.ts [--signals 1000,20000,100000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { spawnTied } from '../support/tied-spawn';

const { values: args } = parseArgs({ options: { signals: { type: 'string', default: '1000,20000,100000' } } });
const COUNTS = (args.signals ?? '').split(',').map(Number);
const OUT = fileURLToPath(new URL('../.artifacts/bench/engine-memory.json', import.meta.url));
const CHILD = fileURLToPath(new URL('./telemetry/memory-main.ts', import.meta.url));

/** What one child reports (bytes). */
interface Footprint {
  side: string;
  signals: number;
  heapUsed: number;
  arrayBuffers: number;
  rss: number;
}

function measure(side: 'project' | 'bare', signals: number): Promise<Footprint> {
  return new Promise((resolve, reject) => {
    const child = spawnTied(process.execPath, ['--expose-gc', '--import', 'tsx', CHILD, side, String(signals)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (code !== 0 || !line) reject(new Error(`${side} ${signals}: exit ${code}: ${err.slice(-400)}`));
      else resolve({ side, signals, ...(JSON.parse(line) as Omit<Footprint, 'side' | 'signals'>) });
    });
  });
}

const rows: Footprint[] = [];
for (const side of ['bare', 'project'] as const) for (const n of COUNTS) rows.push(await measure(side, n));

const mb = (b: number) => Math.round(b / 1e5) / 10;
console.log('\nMemory with N signals, all changed, one telemetry client (each in its own process, after a forced GC)');
console.table(rows.map((r) => ({ side: r.side, signals: r.signals, heapMb: mb(r.heapUsed), arrayBuffersMb: mb(r.arrayBuffers), rssMb: mb(r.rss) })));

/** Bytes per signal: the slope between the smallest and the largest N. */
function perSignal(side: string) {
  const mine = rows.filter((r) => r.side === side).sort((a, b) => a.signals - b.signals);
  const [lo, hi] = [mine[0], mine[mine.length - 1]];
  if (!lo || !hi || hi.signals === lo.signals) return undefined;
  const slope = (k: keyof Footprint) => Math.round(((hi[k] as number) - (lo[k] as number)) / (hi.signals - lo.signals));
  return { side, heapPlusBuffersBytes: slope('heapUsed') + slope('arrayBuffers'), rssBytes: slope('rss') };
}
const slopes = [perSignal('bare'), perSignal('project')].filter((s) => s !== undefined);
console.log(`\nBytes per signal (slope ${COUNTS[0]} → ${COUNTS[COUNTS.length - 1]} signals)`);
console.table(slopes);
mkdirSync(fileURLToPath(new URL('../.artifacts/bench/', import.meta.url)), { recursive: true });
writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), rows, perSignal: slopes }, null, 2));
console.log(`wrote ${OUT}`);
