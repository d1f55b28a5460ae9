/**
 * Peer comparison: the console's engine and Node-RED 5.0.7 with node-red-contrib-modbus 5.60.2, each in its own
 * process, polling the same 2,000 holding registers (20 blocks of 100, every 100 ms) from the same pymodbus device.
 * Each runs alone (warm-up, then a measured window): CPU per request (from /proc, requests counted by a forwarder
 * in front of the device) and resident memory. Node-RED is never a project dependency: it is looked for in
 * NODE_RED_DIR (default /tmp/nodered; the README gives the install line, with the override the contrib needs);
 * without it the row is skipped with a message. Writes test/.artifacts/bench/nodered-peer.json.
 * Run: npx tsx test/bench/nodered-peer.ts [--seconds 30] [--warmup 10]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPymodbus, stop } from '../support/pymodbus';
import { writeNodeRedUserDir } from './peer/node-red-flow';
import { BLOCKS, BLOCK_STRIDE } from './peer/peer-layout';
import { countingForwarder, cpuMs, rssMb } from './peer/process-meter';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, warmup: { type: 'string', default: '10' } } });
const WINDOW_S = Number(args.seconds);
const WARMUP_S = Number(args.warmup);
const OUT = fileURLToPath(new URL('../.artifacts/bench/nodered-peer.json', import.meta.url));
const NODE_RED_DIR = process.env.NODE_RED_DIR ?? '/tmp/nodered';
const RED_JS = join(NODE_RED_DIR, 'node_modules/node-red/red.js');
const CONTRIB = join(NODE_RED_DIR, 'node_modules/node-red-contrib-modbus/package.json');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One peer's figures over the window. */
interface PeerResult {
  peer: string;
  requestsPerSec: number;
  cpuPercent: number;
  cpuUsPerRequest: number;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Starts `child`, waits `ready`, warms up, then measures it for the window. */
async function measure(peer: string, child: ChildProcess, ready: Promise<void>, requests: () => number): Promise<PeerResult> {
  const pid = child.pid as number;
  await ready;
  await sleep(WARMUP_S * 1000);
  const [cpu0, req0, rss0, t0] = [cpuMs(pid), requests(), rssMb(pid), performance.now()];
  let rssMax = rss0;
  for (let s = 0; s < WINDOW_S; s++) {
    await sleep(1000);
    rssMax = Math.max(rssMax, rssMb(pid));
  }
  const [cpu1, req1, rss1, t1] = [cpuMs(pid), requests(), rssMb(pid), performance.now()];
  const n = req1 - req0;
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return { peer, requestsPerSec: r1((n * 1000) / (t1 - t0)), cpuPercent: r1(((cpu1 - cpu0) / (t1 - t0)) * 100), cpuUsPerRequest: r1(((cpu1 - cpu0) * 1000) / Math.max(1, n)), rssStartMb: r1(rss0), rssEndMb: r1(rss1), rssMaxMb: r1(rssMax) };
}

/** Resolves when `child` prints a line containing `marker` (rejects on exit or after 60 s). */
function readyOn(child: ChildProcess, marker: string | undefined, fallback: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`not ready in 60 s: ${out.slice(-400)}`)), 60_000);
    const poll = setInterval(() => fallback() && done(), 200);
    const done = () => {
      clearTimeout(timer);
      clearInterval(poll);
      resolve();
    };
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      if (marker && out.includes(marker)) done();
    });
    child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      clearInterval(poll);
      reject(new Error(`exited with ${code}: ${out.slice(-400)}`));
    });
  });
}

async function runPeer(label: string, devicePort: number, start: (port: number) => { child: ChildProcess; marker?: string }): Promise<PeerResult> {
  const forwarder = await countingForwarder(devicePort);
  const { child, marker } = start(forwarder.port);
  try {
    // Ready: its ready line, or (Node-RED) the first full cycle of requests through the forwarder.
    return await measure(label, child, readyOn(child, marker, () => !marker && forwarder.requests() >= BLOCKS), forwarder.requests);
  } finally {
    child.removeAllListeners('exit');
    await stop(child);
    await forwarder.close();
  }
}

const skip = !existsSync(RED_JS) || !existsSync(CONTRIB) ? `Node-RED not installed in ${NODE_RED_DIR} (see README, "Tests and benchmarks", for the install line; or set NODE_RED_DIR)` : undefined;
const device = await startPymodbus({ mode: 'tcp', size: BLOCKS * BLOCK_STRIDE });
const scratch = mkdtempSync(join(tmpdir(), 'rec-peer-'));
const results: PeerResult[] = [];
try {
  results.push(
    await runPeer('rec-console engine', device.port, (port) => ({
      child: spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./peer/engine-poller.ts', import.meta.url)), String(port), join(scratch, 'engine')], { stdio: ['ignore', 'pipe', 'pipe'] }),
      marker: '"ready":true',
    })),
  );
  if (skip) console.log(`\nNode-RED row skipped: ${skip}`);
  else {
    const userDir = join(scratch, 'node-red');
    mkdirSync(userDir);
    const uiPort = await freePort();
    results.push(
      await runPeer('Node-RED 5.0.7 + node-red-contrib-modbus 5.60.2', device.port, (port) => {
        const settings = writeNodeRedUserDir(userDir, port, uiPort);
        return { child: spawn(process.execPath, [RED_JS, '--userDir', userDir, '--settings', settings], { stdio: ['ignore', 'pipe', 'pipe'], cwd: userDir }) };
      }),
    );
  }
} finally {
  await device.close();
  rmSync(scratch, { recursive: true, force: true });
}

const [ours, red] = results;
console.log(`\nPeer: 2,000 registers, ${BLOCKS} blocks of 100 every 100 ms, pymodbus device; ${WARMUP_S} s warm-up, ${WINDOW_S} s measured, each process alone`);
console.table(results);
const comparison = ours && red ? { cpuPerRequestVsNodeRed: Math.round((ours.cpuUsPerRequest / red.cpuUsPerRequest) * 100) / 100, rssEndVsNodeRed: Math.round((ours.rssEndMb / red.rssEndMb) * 100) / 100 } : undefined;
if (comparison) console.log(`ours / Node-RED: CPU per request ${comparison.cpuPerRequestVsNodeRed}× (goal ≤ 0.5), RSS ${comparison.rssEndVsNodeRed}× (goal ≤ 1)`);
mkdirSync(join(OUT, '..'), { recursive: true });
writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), windowS: WINDOW_S, warmupS: WARMUP_S, results, ...(comparison ? { comparison } : {}), ...(skip ? { skipped: skip } : {}) }, null, 2));
console.log(`wrote ${OUT}`);
