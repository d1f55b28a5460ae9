/**
 * Engine soak, accelerated: the engine (its own process, engine-soak-child.ts) runs the demo crane through the link
 * lab while the bench churns it: an outage every few seconds (the link drops, the engine reconnects), the
 * simulator's wind override toggled (wind alarms raise and clear), and history filling from the crane's live values
 * all the while, with a telemetry client acking every frame. Memory is sampled after a full GC; the figure is RSS
 * growth from just after the warm-up to the end (goal < 5 %), with the heap beside it. Writes
 * test/.artifacts/bench/engine-soak.json. Run: npx tsx test/bench/engine-soak.ts [--minutes 3.5] [--warmup 60]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { craneSimulator } from '../../main/sim/crane/crane-sim';
import { profileByName, startLinkProxy } from '../../main/sim/link-lab';
import { closeMaster, connectMaster } from '../integration/sim/sim-clients';
import { stop } from '../support/pymodbus';
import { spawnTied } from '../support/tied-spawn';

const { values: args } = parseArgs({ options: { minutes: { type: 'string', default: '3.5' }, warmup: { type: 'string', default: '60' }, outageEvery: { type: 'string', default: '6000' } } });
const TOTAL_MS = Number(args.minutes) * 60_000;
const WARMUP_MS = Number(args.warmup) * 1000;
const SAMPLE_MS = 5000;
const OUT = fileURLToPath(new URL('../.artifacts/bench/engine-soak.json', import.meta.url));
const WIND_OVERRIDE = 20; // holding register of the simulator's wind override (tenths of m/s)

interface Sample {
  at: number;
  rssMb: number;
  heapUsedMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  frames: number;
  alarmEvents: number;
  stateEvents: number;
  historyWritten: number;
  lastLog: string;
}

const sim = await craneSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
const simPort = Number(new URL(sim.url).port);
const lan = profileByName('lan');
// An outage of 1 s every OUTAGE_EVERY ms, the first after 3 s: each one drops the socket, so the engine reconnects.
const proxy = await startLinkProxy({ upstreamHost: '127.0.0.1', upstreamPort: simPort, profile: { ...lan, name: 'soak', description: 'lan with outages', outage: { durationMs: 1000, firstAtMs: 3000, everyMs: Number(args.outageEvery) } }, seed: 5 });
const master = await connectMaster('tcp', simPort);
const dataDir = mkdtempSync(join(tmpdir(), 'rec-soak-'));
const child = spawnTied(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./peer/engine-soak-child.ts', import.meta.url)), String(proxy.port), dataDir, String(SAMPLE_MS)], { stdio: ['ignore', 'pipe', 'pipe'] });
const samples: Sample[] = [];
let errText = '';
let buffered = '';
child.stdout.on('data', (c: Buffer) => {
  buffered += c.toString();
  for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
    samples.push(JSON.parse(buffered.slice(0, nl)) as Sample);
    buffered = buffered.slice(nl + 1);
  }
});
child.stderr.on('data', (c: Buffer) => (errText = (errText + c.toString()).slice(-2000)));
const started = Date.now();
let windOn = false;
// Alarm churn: the wind override between calm and 25 m/s every 700 ms (wind-warning and wind-high raise and clear).
const wind = setInterval(() => {
  windOn = !windOn;
  master.writeRegister(WIND_OVERRIDE, windOn ? 250 : 0).catch(() => undefined);
}, 700);
try {
  while (Date.now() - started < TOTAL_MS) {
    if (child.exitCode !== null) throw new Error(`the engine process exited (${child.exitCode}): ${errText}`);
    await new Promise((r) => setTimeout(r, 1000));
    const elapsed = Math.round((Date.now() - started) / 1000);
    if (elapsed % 30 === 0) console.log(`soak ${elapsed} s / ${TOTAL_MS / 1000} s: RSS ${samples.at(-1)?.rssMb ?? '—'} MB, heap ${samples.at(-1)?.heapUsedMb ?? '—'} MB`);
  }
} finally {
  clearInterval(wind);
  await stop(child);
  await closeMaster(master);
  await proxy.close();
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const inWindow = (from: number, to: number) => samples.filter((s) => s.at - started >= from && s.at - started < to);
const early = inWindow(WARMUP_MS, WARMUP_MS + 30_000);
const late = inWindow(TOTAL_MS - 30_000, TOTAL_MS + 10_000);
const growth = (key: 'rssMb' | 'heapUsedMb') => Math.round(((mean(late.map((s) => s[key])) - mean(early.map((s) => s[key]))) / mean(early.map((s) => s[key]))) * 1000) / 10;
const last = samples.at(-1);
const result = {
  minutes: TOTAL_MS / 60_000,
  warmupS: WARMUP_MS / 1000,
  rssAfterWarmupMb: Math.round(mean(early.map((s) => s.rssMb)) * 10) / 10,
  rssEndMb: Math.round(mean(late.map((s) => s.rssMb)) * 10) / 10,
  rssGrowthPct: growth('rssMb'),
  heapAfterWarmupMb: Math.round(mean(early.map((s) => s.heapUsedMb)) * 10) / 10,
  heapEndMb: Math.round(mean(late.map((s) => s.heapUsedMb)) * 10) / 10,
  heapGrowthPct: growth('heapUsedMb'),
  connectionStateEvents: last?.stateEvents ?? 0,
  alarmEvents: last?.alarmEvents ?? 0,
  telemetryFrames: last?.frames ?? 0,
  historySamplesWritten: last?.historyWritten ?? 0,
  lastWarning: last?.lastLog ?? '',
};
console.log(`\nEngine soak (${result.minutes} min, warm-up ${result.warmupS} s; outage every ${Number(args.outageEvery) / 1000} s, wind alarm toggled every 0.7 s, history filling)`);
console.table([result]);
mkdirSync(join(OUT, '..'), { recursive: true });
writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), ...result, samples }, null, 2));
console.log(`wrote ${OUT}`);
