/**
 * Modbus against our crane simulator (answers in ~0.05 ms, so the device does not set the pace), run in its own
 * process as a device is (`--device in-process` puts it on the engine's event loop instead, where its work on every
 * request, the engine's scan included, is charged to the engine): sequential reads
 * of 10 holding registers by a raw modbus-serial loop, by the engine's maintenance read below the contract (the
 * service `modbus.read` calls: driver, link queue, codec), by `modbus.read` in-process (in-memory carrier: the JSON
 * codec, validation and session dispatch added) and over the serve-mode WebSocket, with the client in this process
 * and in its own (peer/ws-client-main.ts, as a browser is), with the floor under that hop: the same client's request text
 * to a bare `ws` server on this event loop that answers with the engine's reply text; and the command path's
 * overhead (command-overhead.ts).
 * First, before any device runs, the contract alone against a bare JSON protocol (contract-round-trip.ts). Prints tables; writes
 * test/.artifacts/bench/modbus-crane.json. Run: npx tsx test/bench/modbus-crane.ts [--reads 3000] [--writes 60]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type ModbusRTU from 'modbus-serial';
import { WebSocketServer } from 'ws';
import { spawnSimulators } from '../../main/cli/sim-process';
import { startServeServer } from '../../main/serve/serve-server';
import { connectWebSocketCarrier } from '../../shared/contract/carriers/websocket-client';
import { ContractClient } from '../../shared/contract/client';
import { closeMaster, connectMaster } from '../integration/sim/sim-clients';
import { craneSite, startConsole, startCrane, waitConnected, type Console } from '../support/crane-console';
import { loginAs } from '../support/test-users';
import { percentile } from './telemetry/frame-recorder';
import { measureCommandOverhead, type OverheadRow } from './command-overhead';
import { measureContractRoundTrip, type ContractRow } from './contract-round-trip';
import { measureScanFlatOut, type ScanRow } from './scan-flat-out';
import { spawnTied } from '../support/tied-spawn';

const { values: args } = parseArgs({ options: { reads: { type: 'string', default: '3000' }, writes: { type: 'string', default: '60' }, rounds: { type: 'string', default: '3' }, device: { type: 'string', default: 'process' } } });
const READS = Number(args.reads);
const WRITES = Number(args.writes);
const ROUNDS = Number(args.rounds);
/** Rounds of the scan flat out (2 s a side each; a console start per round): two keep the suite under 15 min. */
const SCAN_ROUNDS = Math.min(ROUNDS, 2);
if (args.device !== 'process' && args.device !== 'in-process') throw new Error(`--device is "process" or "in-process", not "${String(args.device)}"`);
const DEVICE = args.device;
const OUT = fileURLToPath(new URL('../.artifacts/bench/modbus-crane.json', import.meta.url));
const REMOTE_CLIENT = fileURLToPath(new URL('./peer/ws-client-main.ts', import.meta.url));
/** The serve-mode path as a browser uses it: the client's WebSocket and JSON work off the engine's thread. */
const APART = 'engine modbus.read, WebSocket, client in its own process';
/** The floor under that hop: the same client's request text to a bare `ws` server answering with the same reply text. */
const BARE_APART = 'bare ws round trip of the same texts, client in its own process (no engine, no device)';

/** Latencies (ms) of `n` sequential calls of `call`, at most one per `paceMs` (the pause is not timed). */
async function timed(n: number, call: (i: number) => Promise<unknown>, paceMs = 0): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (paceMs > 0) await new Promise((r) => setTimeout(r, paceMs));
    const started = performance.now();
    await call(i);
    out.push(performance.now() - started);
  }
  return out;
}

/** A path: one call at a time (timed here), or a batch of n calls timed where they run (another process). */
type ReadPath = ((i: number) => Promise<unknown>) | { batch(n: number): Promise<number[]> };

/** Runs paths interleaved ROUNDS times after a warm-up; returns all latencies per path. */
async function interleaved(paths: Record<string, ReadPath>, n: number, paceMs = 0): Promise<Record<string, number[]>> {
  const run = (path: ReadPath, count: number) => (typeof path === 'function' ? timed(count, path, paceMs) : path.batch(count));
  const all: Record<string, number[]> = {};
  for (const [label, path] of Object.entries(paths)) {
    await run(path, Math.min(paceMs > 0 ? 10 : 200, n));
    all[label] = [];
  }
  for (let round = 0; round < ROUNDS; round++) for (const [label, path] of Object.entries(paths)) all[label]?.push(...(await run(path, n)));
  return all;
}

/** The serve-mode client in its own process (peer/ws-client-main.ts), logged in and ready. */
interface RemoteClient {
  batch(n: number): Promise<number[]>;
  /** n round trips of its request text to the bare server at `url` (the floor under the hop). */
  bareBatch(url: string, n: number): Promise<number[]>;
  stop(): void;
}

/** Starts the remote client on the engine at `url`. */
async function startRemoteClient(url: string): Promise<RemoteClient> {
  const child = spawnTied(process.execPath, ['--import', 'tsx', REMOTE_CLIENT, url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () =>
    new Promise<{ ready?: true; latencies?: number[]; error?: string }>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`the remote client exited (${code})`));
      child.once('exit', onExit);
      child.once('message', (message: { ready?: true; latencies?: number[]; error?: string }) => {
        child.off('exit', onExit);
        resolve(message);
      });
    });
  const ready = await next();
  if (!ready.ready) throw new Error(`the remote client did not start: ${ready.error ?? 'no ready message'}`);
  const batch = async (message: { n: number; bare?: string }) => {
    const reply = next();
    child.send(message);
    const { latencies, error } = await reply;
    if (!latencies) throw new Error(`the remote client failed: ${error ?? 'no latencies'}`);
    return latencies;
  };
  return { batch: (n) => batch({ n }), bareBatch: (bare, n) => batch({ n, bare }), stop: () => child.kill() };
}

/**
 * A bare `ws` server on this process's event loop (where the engine's is), answering every message with `reply()`
 * unread: what a WebSocket request and reply cost between the two processes with no engine behind them.
 */
async function startBareWebSocket(reply: () => string): Promise<{ url: string; close(): Promise<void> }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1024 * 1024 });
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
  server.on('connection', (socket) => socket.on('message', () => socket.send(reply())));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

function row(label: string, latencies: number[], rawP50?: number) {
  const total = latencies.reduce((a, b) => a + b, 0);
  return { path: label, perSec: Math.round((latencies.length / total) * 1000), p50Ms: round3(percentile(latencies, 50, 3)), p99Ms: round3(percentile(latencies, 99, 3)), ...(rawP50 !== undefined ? { overP50Ms: round3(percentile(latencies, 50, 3) - rawP50) } : {}) };
}
const round3 = (n: number) => Math.round(n * 1000) / 1000;

/** The crane simulator in a child process, and a raw master of it; on a failed start nothing is left running. */
async function startCraneProcess(): Promise<{ port: number; master: ModbusRTU; stop(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'rec-bench-crane-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  const sims = await spawnSimulators(['--only', 'crane', '--base-port', '0', '--data-dir', dataDir], 1).catch((error: unknown) => {
    removeDir();
    throw error;
  });
  try {
    const url = sims.endpoints.get('crane');
    if (!url) throw new Error(`the simulator announced no crane: ${[...sims.endpoints.keys()].join(', ')}`);
    const port = Number(new URL(url).port);
    const master = await connectMaster('tcp', port);
    return {
      port,
      master,
      async stop() {
        await closeMaster(master);
        await sims.stop();
        removeDir();
      },
    };
  } catch (error) {
    await sims.stop();
    removeDir();
    throw error;
  }
}

/** Runs both comparisons and reports. */
export async function runModbusCrane(): Promise<{ reads: ReturnType<typeof row>[]; writes: OverheadRow[]; scan: ScanRow[]; contract: ContractRow[] }> {
  // Everything started is stopped on every path, newest first (a failed start must not orphan the simulator).
  const stops: (() => Promise<void> | void)[] = [];
  try {
    const contract = await measureContractRoundTrip();
    console.log('\nThe contract alone, hot, no device: CPU µs per request round trip (best of 5 interleaved rounds of 20,000), against a bare JSON protocol over the same in-memory carrier');
    console.table(contract);
    const crane = DEVICE === 'process' ? await startCraneProcess() : await startCrane();
    stops.push(() => crane.stop());
    // First, while nothing else talks to the device: the scan flat out against a raw loop of the same requests.
    const scan = await measureScanFlatOut(crane.port, crane.master, SCAN_ROUNDS);
    console.log(`\nThe engine's scan flat out against a raw modbus-serial loop issuing the same requests (${SCAN_ROUNDS} interleaved rounds of 2 s; device ${DEVICE === 'process' ? 'in its own process' : 'on the engine\'s event loop'})`);
    console.table(scan);
    const site = await craneSite(crane.port);
    const local = await startConsole(site, 41, 'admin', 'bench-local');
    stops.push(() => local.stop());
    const rendererDir = mkdtempSync(join(tmpdir(), 'rec-bench-renderer-'));
    stops.push(() => rmSync(rendererDir, { recursive: true, force: true }));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>bench</title>');
    const server = await startServeServer({ engine: local.engine, rendererDir });
    stops.push(() => server.close());
    const carrier = await connectWebSocketCarrier(`ws://127.0.0.1:${server.port}/engine?token=${server.token}`);
    stops.push(() => carrier.close());
    const remote = new ContractClient(carrier);
    const remoteApart = await startRemoteClient(`ws://127.0.0.1:${server.port}/engine?token=${server.token}`);
    stops.push(() => remoteApart.stop());
    // The engine's own reply text to a modbus.read (the bare server answers with it).
    let lastReply = '';
    carrier.onFrame((frame) => {
      if (typeof frame === 'string' && frame.startsWith('{"t":"res"') && frame.includes('"ok":true')) lastReply = frame;
    });
    const bare = await startBareWebSocket(() => lastReply);
    stops.push(() => bare.close());
    return { ...(await compare(crane, local, remote, remoteApart, bare.url, scan, contract)), scan, contract };
  } finally {
    for (const stop of stops.reverse()) await stop();
  }
}

/** The read and write comparisons, on a running device, console and WebSocket client. */
async function compare(crane: { master: ModbusRTU }, local: Console, remote: ContractClient, remoteApart: RemoteClient, bareUrl: string, scan: ScanRow[], contractRows: ContractRow[]): Promise<{ reads: ReturnType<typeof row>[]; writes: OverheadRow[] }> {
  await waitConnected(local);
  await loginAs(remote, 'admin');
  await remote.request('modbus.read', { connectionId: 'crane-plc', address: 'holding:0', count: 10 }); // the bare server's reply text
  const address = (i: number) => (i * 10) % 40;
  const reads = await interleaved(
    {
      'raw modbus-serial loop': (i) => crane.master.readHoldingRegisters(address(i), 10),
      'engine below the contract (maintenance service)': (i) => local.engine.services.maintenance.modbusRead('crane-plc', { address: `holding:${address(i)}`, count: 10 }),
      'engine modbus.read, in-process': (i) => local.client.request('modbus.read', { connectionId: 'crane-plc', address: `holding:${address(i)}`, count: 10 }),
      'engine modbus.read, WebSocket': (i) => remote.request('modbus.read', { connectionId: 'crane-plc', address: `holding:${address(i)}`, count: 10 }),
      [APART]: { batch: (n: number) => remoteApart.batch(n) },
      [BARE_APART]: { batch: (n: number) => remoteApart.bareBatch(bareUrl, n) },
    },
    READS,
  );
  const raw = reads['raw modbus-serial loop'] ?? [];
  const readRows = Object.entries(reads).map(([label, latencies]) => ({ ...row(label, latencies, percentile(raw, 50, 3)), vsRaw: round3(percentile(raw, 50, 3) / percentile(latencies, 50, 3)) }));
  console.log(`\nModbus reads of 10 registers on the crane simulator, device ${DEVICE === 'process' ? 'in its own process' : 'on the engine\'s event loop'} (${READS} sequential reads × ${ROUNDS} interleaved rounds)`);
  console.table(readRows);
  const inProcessP50 = percentile(reads['engine modbus.read, in-process'] ?? [], 50, 3);
  const hop = {
    webSocketHopP50Ms: round3(percentile(reads['engine modbus.read, WebSocket'] ?? [], 50, 3) - inProcessP50),
    webSocketHopClientApartP50Ms: round3(percentile(reads[APART] ?? [], 50, 3) - inProcessP50),
    bareWebSocketRoundTripClientApartP50Ms: round3(percentile(reads[BARE_APART] ?? [], 50, 3)),
  };
  const hopOverBare = round3(hop.webSocketHopClientApartP50Ms - hop.bareWebSocketRoundTripClientApartP50Ms);
  const contract = { contractP50Ms: round3(percentile(reads['engine modbus.read, in-process'] ?? [], 50, 3) - percentile(reads['engine below the contract (maintenance service)'] ?? [], 50, 3)) };
  console.log(`WebSocket hop (p50 WebSocket − p50 in-process): ${hop.webSocketHopP50Ms} ms, with the client in its own process ${hop.webSocketHopClientApartP50Ms} ms (a bare ws round trip of the same texts between the same processes: ${hop.bareWebSocketRoundTripClientApartP50Ms} ms, so the engine's serving adds ${hopOverBare} ms); contract in-process (p50 in-process − p50 below the contract): ${contract.contractP50Ms} ms`);
  // Setpoints need an owner on the device: this console takes control first (its heartbeat keeps the watchdog armed).
  const taken = await local.client.request('control.take', { equipmentId: 'sts-crane-1' });
  if (taken.outcome.status !== 'ok') throw new Error(`control.take: ${JSON.stringify(taken.outcome)}`);
  // setWindLimit writes windLimit (holding 16, 0.1 m/s per count, 5..30 m/s); values alternate so every write changes it.
  const writeRows = await measureCommandOverhead(local.client, crane.master, local.dataDir, WRITES, ROUNDS);
  console.log(`\nCommand overhead on the crane simulator (${WRITES * ROUNDS} commands, one every 110 ms: below the gate's 10/s; an attempt and an outcome record each, both durable before the reply; device ${DEVICE === 'process' ? 'in its own process' : 'on the engine\'s event loop'})`);
  console.table(writeRows);
  const skipped = local.engine.supervisors.get('crane-plc')?.status.scan;
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), device: DEVICE, reads: readRows, ...hop, webSocketHopOverBareP50Ms: hopOverBare, ...contract, writes: writeRows, scan, scanFigures: skipped, contract: contractRows }, null, 2));
  console.log(`wrote ${OUT}`);
  return { reads: readRows, writes: writeRows };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await runModbusCrane();
