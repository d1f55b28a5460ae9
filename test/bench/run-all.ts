/**
 * `npm run bench`: every benchmark in its own process, one after the other (so none disturbs another's figures),
 * then one summary table from their JSON files in test/.artifacts/bench/. A benchmark that fails is reported and
 * the rest still run. BENCH_QUICK=1 runs shorter windows; BENCH_ONLY=modbus-plan,audit runs those only;
 * BENCH_SUMMARY_ONLY=1 only prints the summary of the last run. Run: npx tsx test/bench/run-all.ts
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ScanRttRow } from './scan-over-rtt';
import { spawnTied } from '../support/tied-spawn';

const QUICK = process.env.BENCH_QUICK === '1';
const DIR = fileURLToPath(new URL('.', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('../.artifacts/bench/', import.meta.url));

/** The suite: file, arguments, time limit. */
const SUITE: { file: string; args: string[]; limitMin: number; env?: Record<string, string> }[] = [
  { file: 'telemetry-pipeline.ts', args: QUICK ? ['--rates', '1000,100000', '--seconds', '2'] : [], limitMin: 9 },
  { file: 'modbus-plan.ts', args: [], limitMin: 1 },
  { file: 'modbus-crane.ts', args: QUICK ? ['--reads', '500', '--writes', '50', '--rounds', '1'] : [], limitMin: 3 },
  // RTU framing waits its inter-frame silence (~4 ms a read here): 500 reads a run keep this one under a minute.
  { file: 'modbus-throughput.ts', args: [], limitMin: 3, env: { BENCH_READS: '500', BENCH_ROUNDS: '3' } },
  { file: 'opcua-subscription.ts', args: ['--items', QUICK ? '2000' : '10000'], limitMin: 4 },
  { file: 'audit-append.ts', args: [], limitMin: 2 },
  { file: 'history-throughput.ts', args: QUICK ? ['--seconds', '10', '--rounds', '1'] : [], limitMin: 2 },
  // The matrix includes the 30 s outage: BENCH_LONG adds it (about 40 s more).
  { file: 'link-fault-matrix.ts', args: [], limitMin: 7, env: QUICK ? {} : { BENCH_LONG: '1' } },
  { file: 'nodered-peer.ts', args: QUICK ? ['--seconds', '10', '--warmup', '5'] : ['--seconds', '20', '--warmup', '8'], limitMin: 3 },
  { file: 'engine-soak.ts', args: QUICK ? ['--minutes', '1', '--warmup', '20'] : ['--minutes', '2.5', '--warmup', '45'], limitMin: 6 },
  { file: 'link-stats.ts', args: QUICK ? ['--seconds', '4'] : [], limitMin: 2 },
  { file: 'scan-over-rtt.ts', args: QUICK ? ['--rtts', '5,40', '--seconds', '3'] : ['--rtts', '20,40,80,5g-congested', '--seconds', '3'], limitMin: 3 },
  { file: 'engine-memory.ts', args: QUICK ? ['--signals', '1000,20000'] : [], limitMin: 2 },
];

function json(name: string): Record<string, unknown> | undefined {
  const path = `${ARTIFACTS}${name}.json`;
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>) : undefined;
}

type Row = { benchmark: string; figure: string; ours: string; raw: string; ratio: string };
const fmt = (n: unknown) => (typeof n === 'number' ? String(Math.round(n * 100) / 100) : String(n ?? '—'));

function summary(started: number): Row[] {
  const rows: Row[] = [];
  const tele = json('telemetry-pipeline') as { summary?: Record<string, { sustainedUpdatesPerSec: number; cpuPerUpdateVsBare: Record<string, number>; cpuPerUpdateVsSameWork?: Record<string, number>; cpuPerUpdateVsSameWorkBeforeRepack?: Record<string, number> }> } | undefined;
  const perRate = (ratios: Record<string, number>) => Object.entries(ratios).map(([rate, r]) => `${Number(rate) / 1000}k: ${fmt(r)}`).join(', ');
  const bare = tele?.summary?.['bare ws + typed arrays'];
  for (const path of ['project, WebSocket', 'project, in-memory', 'project, WebSocket, history off', 'project, WebSocket, history 1/s per tag']) {
    const mine = tele?.summary?.[path];
    if (!mine || !bare) continue;
    // History on (the default): the baseline that keeps every change too.
    const base = mine.cpuPerUpdateVsSameWork ? tele?.summary?.['bare ws + typed arrays + raw SQLite history'] : bare;
    if (!path.includes('history') && base) rows.push({ benchmark: 'telemetry', figure: `${path}: sustained updates/s (p99 age < 100 ms)`, ours: fmt(mine.sustainedUpdatesPerSec), raw: `${mine.cpuPerUpdateVsSameWork ? 'bare + raw SQLite history' : 'bare'} ${fmt(base.sustainedUpdatesPerSec)}`, ratio: fmt(mine.sustainedUpdatesPerSec / base.sustainedUpdatesPerSec) });
    rows.push({ benchmark: 'telemetry', figure: `${path}: CPU per update vs bare`, ours: perRate(mine.cpuPerUpdateVsBare), raw: '1', ratio: '' });
    // History on: also against the baseline that keeps every change too (raw node:sqlite), the same work.
    if (mine.cpuPerUpdateVsSameWork) rows.push({ benchmark: 'telemetry', figure: `${path}: CPU per update vs bare + raw SQLite history (the window's repack charged in full)`, ours: perRate(mine.cpuPerUpdateVsSameWork), raw: '1', ratio: '' });
    if (mine.cpuPerUpdateVsSameWorkBeforeRepack) rows.push({ benchmark: 'telemetry', figure: `${path}: the same before that repack`, ours: perRate(mine.cpuPerUpdateVsSameWorkBeforeRepack), raw: '1', ratio: '' });
  }
  const spread = tele?.summary?.bareSpread as unknown as Record<string, number> | undefined;
  if (spread) rows.push({ benchmark: 'telemetry', figure: 'noise: the bare side run before and after the others, slower over faster', ours: perRate(spread), raw: '', ratio: '' });
  const historySpread = tele?.summary?.bareHistorySpread as unknown as Record<string, number> | undefined;
  if (historySpread) rows.push({ benchmark: 'telemetry', figure: 'noise: the same, bare + raw SQLite history', ours: perRate(historySpread), raw: '', ratio: '' });
  const plan = json('modbus-plan') as { rows?: { maxGap: number; plannerRequestsPerCycle: number; optimum: number; ratio: number }[] } | undefined;
  for (const r of plan?.rows ?? []) rows.push({ benchmark: 'modbus plan', figure: `2,000 scattered tags, maxGap ${r.maxGap}: requests/cycle`, ours: fmt(r.plannerRequestsPerCycle), raw: `optimum ${r.optimum}`, ratio: fmt(r.ratio) });
  const crane = json('modbus-crane') as { reads?: { path: string; perSec: number; p50Ms: number; vsRaw: number }[]; webSocketHopP50Ms?: number; webSocketHopClientApartP50Ms?: number; bareWebSocketRoundTripClientApartP50Ms?: number; contractP50Ms?: number; contract?: { request: string; contractUs: number; bareJsonUs: number; vsBare: number }[]; writes?: { path: string; p50Ms: number; p99Ms: number }[]; scan?: { path: string; requestsPerSec: number; cpuUsPerRequest: number }[] } | undefined;
  const [rawScan, engineScan] = crane?.scan ?? [];
  if (rawScan && engineScan) {
    rows.push({ benchmark: 'modbus crane', figure: 'scan flat out (every class at 1 ms), one request in flight: requests/s; CPU µs per request', ours: `${engineScan.requestsPerSec}; ${engineScan.cpuUsPerRequest}`, raw: `${rawScan.requestsPerSec}; ${rawScan.cpuUsPerRequest} (the same requests)`, ratio: `${fmt(engineScan.requestsPerSec / rawScan.requestsPerSec)}; ${fmt(engineScan.cpuUsPerRequest / rawScan.cpuUsPerRequest)}` });
  }
  const rawRead = crane?.reads?.[0];
  for (const r of crane?.reads?.slice(1).filter((r) => !r.path.startsWith('bare')) ?? []) rows.push({ benchmark: 'modbus crane', figure: `${r.path}: reads/s (p50 ms)`, ours: `${r.perSec} (${r.p50Ms})`, raw: `${rawRead?.perSec} (${rawRead?.p50Ms})`, ratio: fmt(r.vsRaw) });
  if (crane?.contractP50Ms !== undefined) rows.push({ benchmark: 'modbus crane', figure: 'contract in-process, p50 ms (in-process − below the contract: JSON codec, validation, dispatch)', ours: String(crane.contractP50Ms), raw: '', ratio: '' });
  for (const c of crane?.contract ?? []) rows.push({ benchmark: 'contract', figure: `${c.request}: CPU µs per round trip, hot, no device (in-memory carrier)`, ours: fmt(c.contractUs), raw: `bare JSON protocol ${fmt(c.bareJsonUs)}`, ratio: fmt(c.vsBare) });
  if (crane?.webSocketHopP50Ms !== undefined) rows.push({ benchmark: 'modbus crane', figure: 'WebSocket hop, p50 ms (WebSocket − in-process): client in the bench process; in its own, as a browser is', ours: `${fmt(crane.webSocketHopP50Ms)}; ${fmt(crane.webSocketHopClientApartP50Ms)}`, raw: `goal < 0.1; a bare ws round trip between the same processes: ${fmt(crane.bareWebSocketRoundTripClientApartP50Ms)}`, ratio: '' });
  const write = (prefix: string) => crane?.writes?.find((w) => w.path.startsWith(prefix));
  const pair = (w: { p50Ms: number; p99Ms: number } | undefined) => (w ? `${w.p50Ms} / ${w.p99Ms}` : '—');
  const overhead = write('command overhead');
  if (overhead) rows.push({ benchmark: 'command', figure: 'request → device write acked − the write\'s own exchange (per command), p50 / p99 ms', ours: pair(overhead), raw: `raw write ${pair(write('raw writeRegister'))}; bare durable append ${pair(write('bare durable append'))}`, ratio: '' });
  const reply = write('command: request → reply');
  if (reply) rows.push({ benchmark: 'command', figure: 'request → reply (attempt and outcome durable), p50 / p99 ms; attempt written (what the device write waits for); engine time outside disk and device', ours: `${pair(reply)}; ${pair(write('command: attempt record written'))}; ${pair(write('command: engine time'))}`, raw: '', ratio: '' });
  const paused = write('machine check: fixed JS work');
  const hot = write('machine check: the same work back to back');
  if (paused && hot) rows.push({ benchmark: 'command', figure: 'machine check: the same optimised JS work right after a pause, as a command comes / back to back, p50 ms', ours: `${paused.p50Ms} / ${hot.p50Ms}`, raw: '', ratio: fmt(paused.p50Ms / hot.p50Ms) });
  const throughput = json('modbus-throughput') as { results?: { label: string; readsPerSecond: number }[] } | undefined;
  for (const r of throughput?.results ?? []) {
    const raw = throughput?.results?.find((x) => x.label.split(':')[0] === r.label.split(':')[0]);
    if (raw && raw !== r) rows.push({ benchmark: 'modbus pymodbus', figure: r.label, ours: fmt(r.readsPerSecond), raw: fmt(raw.readsPerSecond), ratio: fmt(r.readsPerSecond / raw.readsPerSecond) });
  }
  const opcua = json('opcua-subscription') as { items?: number; results?: { client: string; firstValueAllMs: number; notificationsPerSec: number }[] } | undefined;
  const last = (client: string) => [...(opcua?.results ?? [])].reverse().find((r) => r.client === client); // the warmed-up round
  const ours = last('rec-console OpcUaDriver');
  const bareUa = last('bare node-opcua client');
  if (ours && bareUa) {
    rows.push({ benchmark: 'opcua', figure: `${opcua?.items} items: notifications/s`, ours: fmt(Math.round(ours.notificationsPerSec)), raw: fmt(Math.round(bareUa.notificationsPerSec)), ratio: fmt(ours.notificationsPerSec / bareUa.notificationsPerSec) });
    rows.push({ benchmark: 'opcua', figure: `${opcua?.items} items: time to first value of all (ms)`, ours: fmt(Math.round(ours.firstValueAllMs)), raw: fmt(Math.round(bareUa.firstValueAllMs)), ratio: fmt(ours.firstValueAllMs / bareUa.firstValueAllMs) });
  }
  const historyRun = json('history-throughput') as { signals?: number; rows?: { path: string; usPerSample: number; vsRaw: number; longestHoldMs: number }[] } | undefined;
  const rawFlush = historyRun?.rows?.[0];
  for (const r of historyRun?.rows?.slice(1) ?? []) rows.push({ benchmark: 'history', figure: `${fmt((historyRun?.signals ?? 0) / 100)}k samples/s, ${r.path}: CPU µs per sample; longest hold of the thread, ms`, ours: `${r.usPerSample}; ${r.longestHoldMs}`, raw: `one blob row per flush ${rawFlush?.usPerSample ?? '—'}`, ratio: fmt(r.vsRaw) });
  const audit = json('audit-append') as { bareFsyncMs?: number; results?: { label: string; entriesPerSecond: number; p50Ms: number; p99Ms: number }[] } | undefined;
  for (const r of audit?.results ?? []) rows.push({ benchmark: 'audit', figure: `${r.label}: entries/s (p50 / p99 ms)`, ours: `${r.entriesPerSecond} (${r.p50Ms} / ${r.p99Ms})`, raw: `bare durable append ${fmt(audit?.bareFsyncMs)} ms`, ratio: '' });
  const matrix = json('link-fault-matrix') as { rows?: { fault: string; engineStateChangeMs: number | null; engineState: string; motionStoppedMs: number | null; watchdogTrippedMs: number | null; replayedAfterRestore: number; goodWhileStale: number | null; healthyAfter: boolean }[] } | undefined;
  const ms = (v: number | null) => (v === null ? '—' : String(v));
  for (const r of matrix?.rows ?? []) {
    rows.push({ benchmark: 'fail-safe', figure: `${r.fault}: engine shows it / device motion stopped / watchdog (ms)`, ours: `${ms(r.engineStateChangeMs)} (${r.engineState}) / ${ms(r.motionStoppedMs)} / ${ms(r.watchdogTrippedMs)}`, raw: `replayed ${r.replayedAfterRestore}, good while stale ${r.goodWhileStale ?? 'n/a'}, healthy after: ${r.healthyAfter ? 'yes' : 'NO'}`, ratio: '' });
  }
  const peer = json('nodered-peer') as { results?: { peer: string; cpuUsPerRequest: number; rssEndMb: number; requestsPerSec: number }[]; skipped?: string } | undefined;
  const [ourPeer, nodeRed] = peer?.results ?? [];
  if (ourPeer && nodeRed) {
    rows.push({ benchmark: 'peer', figure: '2,000 registers (20 × 100 every 100 ms): CPU µs per request', ours: fmt(ourPeer.cpuUsPerRequest), raw: `Node-RED ${fmt(nodeRed.cpuUsPerRequest)}`, ratio: fmt(ourPeer.cpuUsPerRequest / nodeRed.cpuUsPerRequest) });
    rows.push({ benchmark: 'peer', figure: '2,000 registers: RSS at the end (MB)', ours: fmt(ourPeer.rssEndMb), raw: `Node-RED ${fmt(nodeRed.rssEndMb)}`, ratio: fmt(ourPeer.rssEndMb / nodeRed.rssEndMb) });
  } else if (peer?.skipped) rows.push({ benchmark: 'peer', figure: 'Node-RED comparison', ours: ourPeer ? `ours ${fmt(ourPeer.cpuUsPerRequest)} µs/request, ${fmt(ourPeer.rssEndMb)} MB` : '—', raw: `skipped: ${peer.skipped}`, ratio: '' });
  const soak = json('engine-soak') as { minutes?: number; rssAfterWarmupMb?: number; rssEndMb?: number; rssGrowthPct?: number; heapGrowthPct?: number; connectionStateEvents?: number; alarmEvents?: number } | undefined;
  if (soak?.rssGrowthPct !== undefined) rows.push({ benchmark: 'soak', figure: `${soak.minutes} min churn: RSS after warm-up → end (growth %; heap growth %)`, ours: `${fmt(soak.rssAfterWarmupMb)} → ${fmt(soak.rssEndMb)} MB (${fmt(soak.rssGrowthPct)} %; heap ${fmt(soak.heapGrowthPct)} %)`, raw: `goal < 5 %; ${soak.connectionStateEvents} state events, ${soak.alarmEvents} alarm events`, ratio: '' });
  const memory = json('engine-memory') as { perSignal?: { side: string; heapPlusBuffersBytes: number; rssBytes: number }[] } | undefined;
  const memOf = (side: string) => memory?.perSignal?.find((m) => m.side === side);
  const [memOurs, memBare] = [memOf('project'), memOf('bare')];
  if (memOurs && memBare) rows.push({ benchmark: 'memory', figure: 'bytes per signal, all changed, one client: live heap + buffers; RSS', ours: `${memOurs.heapPlusBuffersBytes}; ${memOurs.rssBytes}`, raw: `bare ${memBare.heapPlusBuffersBytes}; ${memBare.rssBytes}`, ratio: '' });
  const link = json('link-stats') as { perConnectionMs?: Record<'full' | 'brief', { p50: number; max: number }>; polling?: { clients: number; replyMs: { max: number } } } | undefined;
  for (const kind of ['full', 'brief'] as const) {
    const c = link?.perConnectionMs?.[kind];
    if (c) rows.push({ benchmark: 'link', figure: `link.stats ${kind}, full buffers: ms per connection (p50 / max)`, ours: `${c.p50.toFixed(3)} / ${c.max.toFixed(3)}`, raw: '—', ratio: '' });
  }
  if (link?.polling) rows.push({ benchmark: 'link', figure: `${link.polling.clients} clients polling: longest loop block per reply (ms)`, ours: link.polling.replyMs.max.toFixed(3), raw: '—', ratio: '' });
  const overRtt = json('scan-over-rtt') as { pipelined?: number; rows?: ScanRttRow[] } | undefined;
  for (const r of overRtt?.rows ?? []) {
    const held = r.engineControlHeld;
    rows.push({
      benchmark: 'scan over RTT',
      figure: `crane scan over ${r.link} (demand ${r.demandPerSec} req/s): scan req/s; control held: req/s, fast class p99 age, RTT p95; 1 in flight → ${overRtt?.pipelined ?? '?'}`,
      ours: `${r.engineNoControl.scanRequestsPerSec}; ${held.scanRequestsPerSec}, ${held.fastAgeP99Ms} ms, ${held.rttP95Ms} ms → ${r.pipelinedNoControl.scanRequestsPerSec}; ${r.pipelinedControlHeld.scanRequestsPerSec}, ${r.pipelinedControlHeld.fastAgeP99Ms} ms, ${r.pipelinedControlHeld.rttP95Ms} ms`,
      raw: `1 in flight ${r.rawOneInFlightPerSec}; ${overRtt?.pipelined ?? '?'} in flight ${r.rawPipelinedPerSec} req/s`,
      ratio: fmt(r.engineNoControl.scanRequestsPerSec / r.rawOneInFlightPerSec),
    });
  }
  if (process.env.BENCH_SUMMARY_ONLY !== '1') rows.push({ benchmark: 'suite', figure: 'wall time (min)', ours: fmt((Date.now() - started) / 60_000), raw: '', ratio: '' });
  return rows;
}

/**
 * Runs one benchmark in its own process group; past its time limit the whole group is killed, so the servers it
 * started (pymodbus, Node-RED, simulators) do not outlive it.
 */
function runBench(bench: (typeof SUITE)[number]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawnTied(process.execPath, ['--import', 'tsx', `${DIR}${bench.file}`, ...bench.args], { stdio: 'inherit', detached: true, env: { ...process.env, ...bench.env } });
    const timer = setTimeout(() => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {
        // already gone
      }
      resolve(`over its ${bench.limitMin} min limit, stopped`);
    }, bench.limitMin * 60_000);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(`exit ${code ?? signal}`);
    });
  });
}

const started = Date.now();
const failures: string[] = [];
const only = process.env.BENCH_ONLY?.split(',');
for (const bench of process.env.BENCH_SUMMARY_ONLY === '1' ? [] : SUITE.filter((b) => !only || only.some((o) => b.file.startsWith(o)))) {
  console.log(`\n=== ${bench.file} ${bench.args.join(' ')}`);
  const outcome = await runBench(bench);
  if (outcome !== 'exit 0') failures.push(`${bench.file}: ${outcome}`);
}
const rows = summary(started);
console.log('\n=== Summary (ours vs the raw library in the same run)');
console.table(rows);
writeFileSync(`${ARTIFACTS}summary.json`, JSON.stringify({ at: new Date().toISOString(), rows, failures }, null, 2));
if (failures.length > 0) console.log(`Failed: ${failures.join('; ')}`);
