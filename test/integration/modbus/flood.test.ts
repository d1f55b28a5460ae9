/**
 * One hostile client against a real engine (its own process, serve mode) on a pymodbus device: a flood of
 * modbus.read, a client that never reads its socket, and a flood of unknown request names with control characters.
 * The scan must keep its period, the engine's memory must stay bounded, the log must stay short and unforged, and a
 * client refused more than MAX_REFUSED_PER_SECOND times in a second is closed.
 * Figures are printed; bounds are loose (2× the scan period, +150 MB RSS, < 100 log lines) and never timings.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { until } from '../../support/modbus-driver-harness';
import { startEngineProcess, type EngineProcess, type EngineProcessStats } from '../../support/engine-process';
import { startPymodbus, type PymodbusServer } from '../../support/pymodbus';
import { requireTools } from '../../support/system-tools';
import { MAX_REFUSED_PER_SECOND } from '../../../main/engine/session/client-session';

const skip = requireTools('pymodbus');
const SCAN_MS = 100;
const FLOOD_MS = 6000;
const MB = 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'rec-flood-'));
let device: PymodbusServer;
let engine: EngineProcess | undefined;

beforeAll(async () => {
  if (skip) return;
  const image = Array.from({ length: 600 }, (_, i) => ({ table: 'holding' as const, address: i, type: 'uint16', value: i }));
  device = await startPymodbus({ mode: 'tcp', image });
  // Three fast blocks (three reads per 100 ms cycle) and 300 slow tags (a sizeable signals.catalog reply).
  const tags: Record<string, unknown> = {};
  for (const address of [0, 100, 200]) tags[`fast${address}`] = { address: `holding:${address}`, type: 'uint16', scanClass: 'fast' };
  for (let i = 0; i < 300; i++) tags[`slow_tag_with_a_long_name_${i}`] = { address: `holding:${300 + i}`, type: 'uint16', scanClass: 'slow', unit: 'kN·m' };
  const site = {
    site: { name: 'Flood test site' },
    scanClasses: { fast: { periodMs: SCAN_MS }, slow: { periodMs: 1000 } },
    connections: [{ id: 'plc', protocol: 'modbus-tcp', host: '127.0.0.1', port: device.port, unitId: 1, timeoutMs: 1000 }],
    equipment: [{ id: 'eq1', name: 'Equipment 1', type: 'generic', connection: 'plc', tags }],
  };
  writeFileSync(join(dir, 'site.yaml'), JSON.stringify(site));
}, 30_000);
afterEach(async () => {
  await engine?.stop();
  engine = undefined;
});
afterAll(async () => {
  await device?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function startEngine(): Promise<EngineProcess> {
  engine = await startEngineProcess(join(dir, 'site.yaml'), dir);
  const e = engine;
  await until(() => e.logLines.some((line) => line.includes('conn.state') && line.includes('plc → connected')), 20_000, 'connected');
  return e;
}

/** A raw client sending `perTick` frames every `tickMs` for `ms`; counts the replies by outcome. */
async function flood(url: string, frame: (n: number) => string, options: { perTick: number; tickMs: number; ms: number; read?: boolean; during?: () => Promise<void> }) {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  // A client that does not read: its socket stops reading, so the engine's replies back up on the engine side.
  if (options.read === false) (ws as unknown as { _socket: { pause(): void } })._socket.pause();
  const counts = { sent: 0, ok: 0, busy: 0, other: 0 };
  ws.on('message', (data) => {
    const text = data.toString();
    if (text.includes('"ok":true')) counts.ok++;
    else if (text.includes('"code":"busy"')) counts.busy++;
    else if (text.includes('"t":"res"')) counts.other++;
  });
  const timer = setInterval(() => {
    // Stop writing once our own send buffer backs up (the engine stopped reading us): the flood is the engine's problem.
    if (ws.readyState !== ws.OPEN || ws.bufferedAmount > 4 * MB) return;
    for (let i = 0; i < options.perTick; i++) ws.send(frame(counts.sent++));
  }, options.tickMs);
  const samples: EngineProcessStats[] = [];
  const started = Date.now();
  while (Date.now() - started < options.ms) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    if (engine) samples.push(await engine.stats());
    await options.during?.();
  }
  clearInterval(timer);
  ws.terminate();
  return { counts, samples };
}

/** One request on a fresh, well-behaved client; resolves with the raw reply frame. */
async function ask(url: string, name: string): Promise<string> {
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const reply = new Promise<string>((resolve) => ws.on('message', (data) => data.toString().includes('"t":"res"') && resolve(data.toString())));
  ws.send(JSON.stringify({ t: 'req', id: 1, name, body: {} }));
  const text = await reply;
  ws.close();
  return text;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

const mb = (bytes: number) => Math.round(bytes / MB);

describe.skipIf(skip)('one client flooding the engine', () => {
  it('keeps the scan period while a client floods modbus.read, answers the excess busy, closes it as flooding, and keeps RSS bounded', async () => {
    const e = await startEngine();
    const before = await e.stats();
    e.reset();
    const request = (n: number) => JSON.stringify({ t: 'req', id: n, name: 'modbus.read', body: { connectionId: 'plc', address: `holding:${n % 600}`, count: 10 } });
    const { counts, samples } = await flood(e.url, request, { perTick: 50, tickMs: 5, ms: FLOOD_MS });
    const after = await e.stats();
    const periods = after.periods;
    const peakRss = Math.max(...samples.map((s) => s.rss));
    console.log(
      `modbus.read flood ${FLOOD_MS / 1000} s: sent ${counts.sent}, ok ${counts.ok}, busy ${counts.busy}, other ${counts.other}; ` +
        `scan period (nominal ${SCAN_MS} ms) n=${periods.length} p50 ${percentile(periods, 50)} p95 ${percentile(periods, 95)} max ${Math.max(...periods)} ms; ` +
        `RSS ${mb(before.rss)} → peak ${mb(peakRss)} → ${mb(after.rss)} MB; link queue max depth ${after.link?.queueMaxDepth}; loop max ${Math.round(after.loopMaxMs)} ms`,
    );
    expect(counts.ok).toBeGreaterThan(0);
    expect(counts.busy).toBeGreaterThan(0);
    expect(counts.other).toBe(0);
    // Past MAX_REFUSED_PER_SECOND busy answers in a second it does not wait for its replies: closed, logged once.
    expect(e.logLines.filter((line) => line.includes('session.flooding'))).toHaveLength(1);
    expect(periods.length).toBeGreaterThan((FLOOD_MS / SCAN_MS) * 0.5);
    expect(percentile(periods, 95)).toBeLessThan(2 * SCAN_MS);
    expect(after.state).toBe('connected');
    expect(after.link?.deadUnits).toEqual([]);
    expect(after.link?.queueMaxDepth).toBeLessThan(64);
    expect(peakRss - before.rss).toBeLessThan(150 * MB);
  }, 60_000);

  it('drops a client that never reads its socket, once, with a logged reason, and keeps RSS bounded', async () => {
    const e = await startEngine();
    const before = await e.stats();
    const request = (n: number) => JSON.stringify({ t: 'req', id: n, name: 'signals.catalog', body: {} });
    const dropped = () => e.logLines.filter((line) => line.includes('carrier.slow-client'));
    const { counts, samples } = await flood(e.url, request, { perTick: 10, tickMs: 10, ms: FLOOD_MS, read: false });
    const after = await e.stats();
    const peakRss = Math.max(...samples.map((s) => s.rss));
    console.log(`slow reader ${FLOOD_MS / 1000} s: sent ${counts.sent} signals.catalog; RSS ${mb(before.rss)} → peak ${mb(peakRss)} → ${mb(after.rss)} MB; dropped: ${dropped()[0] ?? 'no'}`);
    expect(dropped()).toHaveLength(1);
    expect(dropped()[0]).toMatch(/warn +carrier\.slow-client ws:\d+ dropped: it (left|did not read)/);
    expect(peakRss - before.rss).toBeLessThan(150 * MB);
    expect(after.state).toBe('connected');
    expect(await ask(e.url, 'connections.list')).toContain('"ok":true'); // everyone else is still served
  }, 60_000);

  it('answers a flood of unknown request names with a short, escaped log and no stalled event loop, then closes it', async () => {
    const e = await startEngine();
    const before = await e.stats();
    const linesBefore = e.logLines.length;
    e.reset();
    const forged = '1970-01-01T00:00:00.000Z error forged';
    const request = (n: number) => JSON.stringify({ t: 'req', id: n, name: `no.such\n${forged}\u001b[31m`, body: {} });
    const { counts, samples } = await flood(e.url, request, { perTick: 100, tickMs: 5, ms: FLOOD_MS });
    const after = await e.stats();
    await until(() => e.logLines.some((line) => line.includes('contract.refusals-suppressed')), 15_000, 'the summary line');
    const lines = e.logLines.slice(linesBefore);
    const peakRss = Math.max(...samples.map((s) => s.rss));
    console.log(
      `unknown names ${FLOOD_MS / 1000} s: sent ${counts.sent}, answered ${counts.other}; log lines ${lines.length}; loop max ${Math.round(after.loopMaxMs)} ms; ` +
        `RSS ${mb(before.rss)} → peak ${mb(peakRss)} → ${mb(after.rss)} MB; scan periods p95 ${percentile(after.periods, 95)} ms`,
    );
    expect(counts.other).toBeGreaterThan(MAX_REFUSED_PER_SECOND / 2);
    expect(lines.filter((line) => line.includes('session.flooding'))).toHaveLength(1);
    expect(lines.length).toBeLessThan(100);
    expect(lines.some((line) => line.startsWith(forged))).toBe(false);
    expect(lines.some((line) => line.includes(`no.such\\n${forged}\\u001b[31m`))).toBe(true);
    expect(lines.join('\n')).not.toContain('\u001b');
    expect(lines.find((line) => line.includes('contract.refusals-suppressed'))).toMatch(/\d+ more refused messages not logged one by one \(unknown-request ×\d+\)/);
    expect(after.loopMaxMs).toBeLessThan(2000);
    expect(peakRss - before.rss).toBeLessThan(150 * MB);
    expect(after.state).toBe('connected');
  }, 60_000);
});
