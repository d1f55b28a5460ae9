/**
 * Peer comparison: the console's engine and Node-RED 5.0.7 with node-red-contrib-modbus 5.60.2, each in its own
 * process, polling the same 2,000 holding registers (20 blocks of 100, every 100 ms) from the same pymodbus device.
 * Both run side by side over the same window (warm-up, then the measured window), each with its own connection, so
 * the noise of a shared machine falls on both alike: CPU per request (from /proc, requests counted by a forwarder in
 * front of the device) and resident memory. Node-RED is never a project dependency: it is looked for in
 * NODE_RED_DIR (default /tmp/nodered; the README gives the install line, with the override the contrib needs);
 * without it the row is skipped with a message. Writes test/.artifacts/bench/nodered-peer.json.
 * Run: npx tsx test/bench/nodered-peer.ts [--seconds 30] [--warmup 10]
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startPymodbus, stop } from '../support/pymodbus';
import { bundleEnginePoller } from './peer/bundle-engine';
import { writeNodeRedUserDir } from './peer/node-red-flow';
import { BLOCKS, BLOCK_STRIDE } from './peer/peer-layout';
import { countingForwarder, cpuMs, rssMb } from './peer/process-meter';
import { spawnTied } from '../support/tied-spawn';

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

/** A started peer: its process, when it is ready, and its request count. */
interface RunningPeer {
  peer: string;
  child: ChildProcess;
  ready: Promise<void>;
  requests: () => number;
  close: () => Promise<void>;
}

/**
 * Waits until every peer is ready, warms up, then measures them all over the same window: noise from the rest of a
 * shared machine then falls on both sides alike (measured one after the other, the ratio swung from 0.39 to 0.8).
 */
async function measureTogether(peers: readonly RunningPeer[]): Promise<PeerResult[]> {
  await Promise.all(peers.map((p) => p.ready));
  await sleep(WARMUP_S * 1000);
  const pids = peers.map((p) => p.child.pid as number);
  const start = peers.map((p, k) => ({ cpu: cpuMs(pids[k] as number), req: p.requests(), rss: rssMb(pids[k] as number) }));
  const t0 = performance.now();
  const rssMax = start.map((s) => s.rss);
  for (let s = 0; s < WINDOW_S; s++) {
    await sleep(1000);
    pids.forEach((pid, k) => (rssMax[k] = Math.max(rssMax[k] as number, rssMb(pid))));
  }
  const t1 = performance.now();
  const r1 = (x: number) => Math.round(x * 10) / 10;
  return peers.map((p, k) => {
    const from = start[k] as { cpu: number; req: number; rss: number };
    const cpu = cpuMs(pids[k] as number) - from.cpu;
    const n = p.requests() - from.req;
    return { peer: p.peer, requestsPerSec: r1((n * 1000) / (t1 - t0)), cpuPercent: r1((cpu / (t1 - t0)) * 100), cpuUsPerRequest: r1((cpu * 1000) / Math.max(1, n)), rssStartMb: r1(from.rss), rssEndMb: r1(rssMb(pids[k] as number)), rssMaxMb: r1(rssMax[k] as number) };
  });
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

/** Starts a peer behind its own counting forwarder. Ready: its ready line, or (Node-RED) a first full cycle of requests. */
async function startPeer(peer: string, devicePort: number, start: (port: number) => { child: ChildProcess; marker?: string }): Promise<RunningPeer> {
  const forwarder = await countingForwarder(devicePort);
  const { child, marker } = start(forwarder.port);
  return {
    peer,
    child,
    ready: readyOn(child, marker, () => !marker && forwarder.requests() >= BLOCKS),
    requests: forwarder.requests,
    close: async () => {
      child.removeAllListeners('exit');
      await stop(child);
      await forwarder.close();
    },
  };
}

const skip = !existsSync(RED_JS) || !existsSync(CONTRIB) ? `Node-RED not installed in ${NODE_RED_DIR} (see README, "Tests and benchmarks", for the install line; or set NODE_RED_DIR)` : undefined;
const poller = await bundleEnginePoller();
const device = await startPymodbus({ mode: 'tcp', size: BLOCKS * BLOCK_STRIDE });
const scratch = mkdtempSync(join(tmpdir(), 'rec-peer-'));
const peers: RunningPeer[] = [];
let results: PeerResult[];
try {
  peers.push(
    await startPeer('rec-console engine', device.port, (port) => ({
      child: spawnTied(process.execPath, [poller, String(port), join(scratch, 'engine')], { stdio: ['ignore', 'pipe', 'pipe'] }),
      marker: '"ready":true',
    })),
  );
  if (skip) console.log(`\nNode-RED row skipped: ${skip}`);
  else {
    const userDir = join(scratch, 'node-red');
    mkdirSync(userDir);
    const uiPort = await freePort();
    peers.push(
      await startPeer('Node-RED 5.0.7 + node-red-contrib-modbus 5.60.2', device.port, (port) => {
        const settings = writeNodeRedUserDir(userDir, port, uiPort);
        return { child: spawnTied(process.execPath, [RED_JS, '--userDir', userDir, '--settings', settings], { stdio: ['ignore', 'pipe', 'pipe'], cwd: userDir }) };
      }),
    );
  }
  results = await measureTogether(peers);
} finally {
  for (const p of peers) await p.close();
  await device.close();
  rmSync(scratch, { recursive: true, force: true });
}

const [ours, red] = results;
console.log(`\nPeer: 2,000 registers, ${BLOCKS} blocks of 100 every 100 ms, pymodbus device; ${WARMUP_S} s warm-up, ${WINDOW_S} s measured, both processes side by side over the same window, each with its own connection`);
console.table(results);
const comparison = ours && red ? { cpuPerRequestVsNodeRed: Math.round((ours.cpuUsPerRequest / red.cpuUsPerRequest) * 100) / 100, rssEndVsNodeRed: Math.round((ours.rssEndMb / red.rssEndMb) * 100) / 100 } : undefined;
if (comparison) console.log(`ours / Node-RED: CPU per request ${comparison.cpuPerRequestVsNodeRed}× (goal ≤ 0.5), RSS ${comparison.rssEndVsNodeRed}× (goal ≤ 1)`);
mkdirSync(join(OUT, '..'), { recursive: true });
writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), windowS: WINDOW_S, warmupS: WARMUP_S, results, ...(comparison ? { comparison } : {}), ...(skip ? { skipped: skip } : {}) }, null, 2));
console.log(`wrote ${OUT}`);
