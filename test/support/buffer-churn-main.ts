/**
 * A process shaped like a busy engine for the collector: a kept heap (the site model), and 1 GB of half-megabyte
 * buffers that die at once (telemetry frames). Prints `{"majors":N}`, the full collections it ran.
 * Usage: node --import tsx buffer-churn-main.ts tuned|default
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { tuneEngineHeap } from '../../main/engine/heap-tuning';

if (process.argv[2] === 'tuned') tuneEngineHeap();
const kept = Array.from({ length: 400_000 }, (_, i) => ({ id: i, name: `signal-${i}`, tags: [i] }));
let majors = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++;
});
observer.observe({ entryTypes: ['gc'] });
let written = 0;
for (let i = 0; i < 2000; i++) {
  const frame = new ArrayBuffer(512 * 1024);
  new Uint8Array(frame)[0] = i;
  written += frame.byteLength;
  await new Promise((resolve) => setImmediate(resolve));
}
await new Promise((resolve) => setTimeout(resolve, 50)); // the observer reports after the collection
observer.disconnect();
process.stdout.write(`${JSON.stringify({ majors, kept: kept.length, written })}\n`);
