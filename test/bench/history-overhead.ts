/**
 * What history costs the telemetry path: SignalStore.apply of 1,000 changed signals per tick with a telemetry-like
 * listener only, then with the history recorder's `record` on the change listener too (its flush runs on a timer, not here), and
 * the recorder's flush of one second of 1,000 signals: in-thread (the whole commit holds the event loop) and through
 * the history thread the engine uses (only posting the batch holds it). Prints a table; writes JSON to test/.artifacts/bench/history-overhead.json.
 * Run: npx tsx test/bench/history-overhead.ts   (BENCH_TICKS)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Quality } from '../../shared/contract/telemetry';
import type { Sample } from '../../main/engine/drivers/driver';
import { HistoryRecorder } from '../../main/engine/history/history-recorder';
import { SqliteHistory } from '../../main/engine/history/sqlite-history';
import { WorkerHistory } from '../../main/engine/history/worker-history';
import { createMemoryLogger } from '../../main/engine/log';
import { SignalStore } from '../../main/engine/telemetry/signal-store';

const SIGNALS = 1000;
const TICKS = Number(process.env.BENCH_TICKS ?? 2000);
const OUT = fileURLToPath(new URL('../.artifacts/bench/history-overhead.json', import.meta.url));
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** µs per apply of 1,000 changed samples, with `attach` subscribing what it wants. */
function measureApply(attach: (store: SignalStore) => void): number {
  const store = new SignalStore();
  let sink = 0;
  store.onChange((id) => (sink += store.slots.value[id] as number)); // stands in for the telemetry pumps
  attach(store);
  const samples: Sample[] = Array.from({ length: SIGNALS }, (_, i) => ({ signalId: i, value: 0, quality: Quality.good, sourceTime: 0 }));
  const started = performance.now();
  for (let t = 1; t <= TICKS; t++) {
    for (const s of samples) {
      s.value = t + s.signalId;
      s.sourceTime = t;
    }
    store.apply(samples);
  }
  if (sink < 0) console.log(sink);
  return ((performance.now() - started) * 1000) / TICKS;
}

const dir = await mkdtemp(join(tmpdir(), 'rec-history-overhead-'));
try {
  const bare = measureApply(() => undefined);
  const recorder = new HistoryRecorder(new SqliteHistory(join(dir, 'h.db')), createMemoryLogger(), { flushMs: 3_600_000, maxBuffered: SIGNALS * TICKS });
  // As the engine records: from the change listener, reading the slots (no value object).
  const withHistory = measureApply((store) => store.onChange((id) => recorder.record(id, store.slots.sourceTime[id] as number, store.valueOf(id), store.slots.quality[id] as number)));
  await recorder.close();
  const flushing = new HistoryRecorder(new SqliteHistory(join(dir, 'flush.db')), createMemoryLogger(), { flushMs: 3_600_000 });
  const flushes: number[] = [];
  for (let i = 0; i < 60; i++) {
    for (let s = 0; s < SIGNALS; s++) flushing.offer(s, { value: i + s, quality: 0, sourceTime: 1_000_000 + i * 1000 });
    const t = performance.now();
    await flushing.flush();
    flushes.push(performance.now() - t);
  }
  await flushing.close();
  flushes.sort((a, b) => a - b);
  const threaded = new HistoryRecorder(new WorkerHistory(join(dir, 'worker.db')), createMemoryLogger(), { flushMs: 3_600_000 });
  const held: number[] = [];
  for (let i = 0; i < 60; i++) {
    for (let s = 0; s < SIGNALS; s++) threaded.offer(s, { value: i + s, quality: 0, sourceTime: 1_000_000 + i * 1000 });
    const t = performance.now();
    const done = threaded.flush();
    held.push(performance.now() - t);
    await done;
  }
  await threaded.close();
  held.sort((a, b) => a - b);
  const result = {
    signalsPerTick: SIGNALS, ticks: TICKS,
    applyUsBare: round(bare), applyUsWithHistory: round(withHistory), offerNsPerSample: round(((withHistory - bare) * 1000) / SIGNALS, 1),
    flush1sOf1000SignalsP50Ms: round(flushes[Math.floor(flushes.length / 2)]!), flush1sOf1000SignalsMaxMs: round(flushes.at(-1)!),
    threadFlushHoldsLoopP50Ms: round(held[Math.floor(held.length / 2)]!, 3), threadFlushHoldsLoopMaxMs: round(held.at(-1)!, 3),
  };
  console.table(Object.entries(result).map(([figure, value]) => ({ figure, value })));
  mkdirSync(join(OUT, '..'), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify({ ...result, node: process.version, at: new Date().toISOString() }, null, 2)}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
