/**
 * History fill: BENCH_SIGNALS signals (1,000) changing at 1 Hz for BENCH_HOURS (24) of simulated time, written as the
 * BENCH_BATCH_SECONDS (60) of data per transaction to fill fast, then the last 10 minutes as the recorder writes
 * them (one transaction per second), compacted every 10 simulated minutes. Reports disk size, fill rate, how long a
 * one-second batch holds the event loop (what telemetry would wait for), and trend / export query times. Prints a table; writes JSON to test/.artifacts/bench/history-fill.json.
 * Run: npx tsx test/bench/history-fill.ts   (BENCH_SIGNALS, BENCH_HOURS, BENCH_RAW_HOURS, BENCH_DIR)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HistorySample } from '../../main/engine/history/history-store';
import { SqliteHistory } from '../../main/engine/history/sqlite-history';
import { WorkerHistory } from '../../main/engine/history/worker-history';

const SIGNALS = Number(process.env.BENCH_SIGNALS ?? 1000);
const HOURS = Number(process.env.BENCH_HOURS ?? 24);
const RAW_HOURS = Number(process.env.BENCH_RAW_HOURS ?? 24);
const BATCH_SECONDS = Number(process.env.BENCH_BATCH_SECONDS ?? 60);
const BASE = process.env.BENCH_DIR ?? tmpdir();
const OUT = fileURLToPath(new URL(`../.artifacts/bench/history-fill${RAW_HOURS === 24 ? '' : `-raw${RAW_HOURS}h`}.json`, import.meta.url));
const T0 = Date.UTC(2026, 0, 1);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

/** Times `fn` `n` times; p50 and p99 in ms, and the last result. */
async function timed<T>(n: number, fn: (i: number) => Promise<T>): Promise<{ p50: number; p99: number; last: T }> {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    last = await fn(i);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 0.5)), p99: round(percentile(times, 0.99)), last: last as T };
}

const dir = await mkdtemp(join(BASE, 'rec-history-bench-'));
try {
  const store = new SqliteHistory(join(dir, 'history.db'), { rawRetentionMs: RAW_HOURS * 3_600_000, maxBytes: 64 * 1024 ** 3 });
  const values = Float64Array.from({ length: SIGNALS }, (_, s) => s);
  const batchMs: number[] = [];
  const seconds = HOURS * 3600;
  const started = performance.now();
  let compactMs = 0;
  let batch: HistorySample[] = [];
  for (let k = 0; k < seconds; k++) {
    for (let s = 0; s < SIGNALS; s++) {
      values[s] = (values[s] as number) + (Math.random() - 0.5); // a random walk: every value changes every second
      batch.push({ signalId: s, t: T0 + k * 1000, value: Math.round((values[s] as number) * 1000) / 1000, quality: 0 });
    }
    const live = k >= seconds - 600; // the last 10 minutes as the engine writes: one batch per second
    if (live || (k + 1) % BATCH_SECONDS === 0) {
      const t = performance.now();
      store.appendSync(batch, []);
      if (live) batchMs.push(performance.now() - t);
      batch = [];
    }
    if ((k + 1) % 600 === 0) {
      const c = performance.now();
      store.compactSync(T0 + (k + 1) * 1000);
      compactMs = Math.max(compactMs, performance.now() - c);
    }
    if ((k + 1) % 3600 === 0) process.stderr.write(`  ${(k + 1) / 3600} h written, ${Math.round((store.sizeSync() / 1024 ** 2))} MiB\n`);
  }
  const fillSeconds = (performance.now() - started) / 1000;
  const end = T0 + seconds * 1000;
  const hour = await timed(20, (i) => store.trend((i * 37) % SIGNALS, end - 3_600_000, end, 1500));
  const day = await timed(5, (i) => store.trend((i * 53) % SIGNALS, T0, end, 1500));
  const csv = await timed(5, (i) => store.raw([(i * 11) % SIGNALS], end - 3_600_000, end, 100_000));
  batchMs.sort((a, b) => a - b);
  const rows = SIGNALS * seconds;
  const bytes = store.sizeSync();
  const result = {
    signals: SIGNALS, hours: HOURS, fillBatchSeconds: BATCH_SECONDS, rawHours: RAW_HOURS, samples: rows,
    diskMiB: round(bytes / 1024 ** 2, 1), bytesPerSample: round(bytes / rows, 1),
    fillSeconds: round(fillSeconds, 1), samplesPerSecond: Math.round(rows / fillSeconds),
    batchP50Ms: round(percentile(batchMs, 0.5)), batchP99Ms: round(percentile(batchMs, 0.99)), batchMaxMs: round(batchMs.at(-1) ?? NaN), compactMaxMs: round(compactMs),
    trend1hP50Ms: hour.p50, trend1hP99Ms: hour.p99, trend1hPoints: hour.last.t.length * 2,
    trend24hP50Ms: day.p50, trend24hPoints: day.last.t.length * 2, trend24hSource: day.last.source,
    export1hP50Ms: csv.p50, export1hRows: csv.last.rows.length,
    integrity: store.integrityCheck(),
  };
  await store.close();
  // The same 1 h query as the engine asks it: through the history thread.
  const threaded = new WorkerHistory(join(dir, 'history.db'), { rawRetentionMs: RAW_HOURS * 3_600_000 });
  await threaded.sizeBytes(); // the thread is up (its start is not part of a query)
  const viaThread = await timed(20, (i) => threaded.trend((i * 41) % SIGNALS, end - 3_600_000, end, 1500));
  await threaded.close();
  Object.assign(result, { trend1hThreadP50Ms: viaThread.p50, trend1hThreadP99Ms: viaThread.p99 });
  console.table(Object.entries(result).map(([figure, value]) => ({ figure, value })));
  mkdirSync(join(OUT, '..'), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify({ ...result, node: process.version, at: new Date().toISOString() }, null, 2)}\n`);
  console.log(`written ${OUT}`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
