/**
 * Cost of `link.stats` on the engine's event loop: the demo site's link health (3 connections) with full sample
 * buffers (10 min of 10 Hz probes plus traffic: ~33k RTTs per connection), then
 *  1. the CPU cost of one reply per connection (full: 10 s / 1 min / 10 min windows + 10 min history; brief: 10 s),
 *     each call on fresh figures (the clock moves past the reply cache between calls), and
 *  2. 3 clients polling as the renderer does (brief every 1 s, full every 5 s) while samples keep arriving at the
 *     same rate and the monitors evaluate quality at 10 Hz: event-loop delay (max, p99) over the run.
 * Prints a table; writes JSON to test/.artifacts/bench/link-stats.json. No assertions.
 * Run: npx tsx test/bench/link-stats.ts [--seconds 10]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DEMO_SITE_PATH, loadSiteFile } from '../../main/engine/config/load-site';
import { LinkHealth } from '../../main/engine/link/link-health';

const OUT = fileURLToPath(new URL('../.artifacts/bench/link-stats.json', import.meta.url));
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = arg('seconds', process.env.BENCH_QUICK === '1' ? 5 : 10);
const RTT_EVERY_MS = 18; // ~55 answers/s: 10 Hz probes plus polls, enough to fill the 32k ring in 10 min
const CLIENTS = 3;

const parsed = await loadSiteFile(DEMO_SITE_PATH);
if (!parsed.ok) throw new Error('demo site does not load');
const site = parsed.site;
let fakeNow: number | undefined = Date.now() - 600_000;
const now = () => fakeNow ?? Date.now();
const health = new LinkHealth({
  site,
  bindings: new Map(),
  activeDriver: () => undefined,
  setDegraded: () => undefined,
  reconnect: () => undefined,
  applySamples: () => undefined,
  broadcast: () => undefined,
  qualityChanged: () => undefined,
  now,
});
const ids = site.connections.map((c) => c.id);

/** A plausible 5G round trip: 20 ms base plus skewed jitter, a rare stall. */
const rtt = () => 20 + 8 * Math.random() * Math.random() + (Math.random() < 0.002 ? 300 : 0);
function feed(at: number, step: number): void {
  for (const id of ids) {
    health.recordRtt(id, rtt());
    if (Math.floor(at / 100) !== Math.floor((at - step) / 100)) health.monitor(id)?.series.recordProbe(Math.random() > 0.005);
  }
}

// Fill 10 minutes of history on a simulated clock.
const end = Date.now();
for (let t = end - 600_000; t < end; t += RTT_EVERY_MS) {
  fakeNow = t;
  feed(t, RTT_EVERY_MS);
  // The per-second chart points the monitor's tick would have written.
  if (Math.floor(t / 1_000) !== Math.floor((t - RTT_EVERY_MS) / 1_000)) for (const id of ids) health.monitor(id)?.history.push(t, health.monitor(id)!.series.stats(1_000));
}

function percentiles(values: number[]): { p50: number; p99: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] ?? 0;
  return { p50: at(0.5), p99: at(0.99), max: s[s.length - 1] ?? 0 };
}

// 1. Cost per reply per connection, fresh figures each time (clock moved on, a few samples arrived).
const costs: Record<string, number[]> = { full: [], brief: [] };
for (const id of ids) health.stats(id, 600, false); // warm-up (JIT), not counted
for (let round = 0; round < 50; round++) {
  for (const kind of ['full', 'brief'] as const) {
    fakeNow = (fakeNow as number) + 300;
    feed(fakeNow, 300);
    for (const id of ids) {
      const started = performance.now();
      health.stats(id, kind === 'full' ? 600 : 0, kind === 'brief');
      costs[kind]?.push(performance.now() - started);
    }
  }
}
const perConnection = Object.fromEntries(Object.entries(costs).map(([k, v]) => [k, percentiles(v)]));

// 2. Real time: samples keep arriving, the monitors tick (quality at 10 Hz), 3 clients poll like the renderer.
fakeNow = undefined;
health.start();
const timers: ReturnType<typeof setInterval>[] = [setInterval(() => feed(Date.now(), RTT_EVERY_MS), RTT_EVERY_MS)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const loopDelay = async (seconds: number) => {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  await sleep(seconds * 1_000);
  h.disable();
  return { maxMs: h.max / 1e6, p99Ms: h.percentile(99) / 1e6, meanMs: h.mean / 1e6 };
};
// Baseline: samples and monitor ticks only, nobody polling.
const idle = await loopDelay(SECONDS / 2);
let replies = 0;
let statsMs = 0;
const replyMs: number[] = [];
const poll = (brief: boolean) => {
  const started = performance.now();
  health.stats(undefined, brief ? 0 : 600, brief);
  const spent = performance.now() - started;
  statsMs += spent;
  replyMs.push(spent);
  replies++;
};
for (let c = 0; c < CLIENTS; c++) {
  // Staggered like independent windows: each client's polls start at its own offset.
  setTimeout(() => {
    timers.push(setInterval(() => poll(true), 1_000));
    timers.push(setInterval(() => poll(false), 5_000));
    poll(false);
  }, (c * 1_000) / CLIENTS);
}
const loop = await loopDelay(SECONDS);
for (const t of timers) clearInterval(t);
health.stop();

const samples = health.monitor(ids[0] as string)?.series.stats(600_000).samples;
const round2 = (n: number) => Math.round(n * 1000) / 1000;
const row = (figure: string, f: { p50?: number; meanMs?: number; p99?: number; p99Ms?: number; max?: number; maxMs?: number }) => ({
  figure,
  'p50 (mean) ms': round2(f.p50 ?? f.meanMs ?? 0),
  'p99 ms': round2(f.p99 ?? f.p99Ms ?? 0),
  'max ms': round2(f.max ?? f.maxMs ?? 0),
});
console.table([
  row('link.stats full, per connection', perConnection.full ?? {}),
  row('link.stats brief, per connection', perConnection.brief ?? {}),
  row(`event-loop delay, nobody polling (${SECONDS / 2} s)`, idle),
  row(`event-loop delay, ${CLIENTS} clients polling (${SECONDS} s)`, loop),
  row(`loop blocked per reply (all ${ids.length} connections), ${CLIENTS} clients polling`, percentiles(replyMs)),
]);
console.log(`Load average now ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores: event-loop delay includes the machine's other work (compare the idle row).`);
console.log(`Event-loop rows: mean / p99 / max of the delay. Samples in the 10 min window: ${samples}; replies: ${replies}; stats time: ${round2(statsMs)} ms total`);
mkdirSync(fileURLToPath(new URL('.', `file://${OUT}`)), { recursive: true });
writeFileSync(OUT, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, connections: ids.length, samplesPer10Min: samples, perConnectionMs: perConnection, idleEventLoop: idle, polling: { clients: CLIENTS, seconds: SECONDS, replies, statsMsTotal: statsMs, replyMs: percentiles(replyMs), eventLoop: loop }, loadAverage: os.loadavg() }, null, 2)}\n`);
process.exit(0);
