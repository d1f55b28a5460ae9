/**
 * Benchmark: 5,000 monitored items on the rig simulator at 10 Hz, SignAndEncrypt/Basic256Sha256 + user.
 * Our driver (OpcUaDriver: discovery, certificate check, groups, samples) against a bare node-opcua client doing
 * the same work in the same run. Prints a table and writes test/.artifacts/bench/opcua-subscription.json.
 * Run: npx tsx test/bench/opcua-subscription.ts [--items 5000] [--window-ms 5000]
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AttributeIds, MessageSecurityMode, OPCUACertificateManager, OPCUAClient, SecurityPolicy, TimestampsToReturn, UserTokenType } from 'node-opcua';
import { createMemoryLogger } from '../../main/engine/log';
import { OpcUaDriver } from '../../main/engine/drivers/opcua/opcua-driver';
import { closeAllPki, openPki } from '../../main/engine/drivers/opcua/pki';
import { Engine } from '../../main/engine/engine';
import { driverFactories } from '../../main/engine/drivers/factories';
import { rigSite } from '../support/opcua-engine';
import { startRigSimProcess } from '../support/rig-sim-process';

const { values: args } = parseArgs({ options: { items: { type: 'string', default: '5000' }, 'window-ms': { type: 'string', default: '5000' } } });
const ITEMS = Number(args.items);
const WINDOW_MS = Number(args['window-ms']);
const PASSWORD = 'demo-operator-pw';

interface Result {
  client: string;
  connectMs: number;
  firstValueAllMs: number;
  notificationsPerSec: number;
  /** CPU time of this process per wall second during the window (1.0 = one core). */
  cpuCores: number;
}

/** Waits until `done()` or fails after `timeoutMs`. */
async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Counts notifications over the window; returns rate and CPU share. */
async function measureWindow(count: () => number): Promise<{ rate: number; cpu: number }> {
  const startCount = count();
  const startCpu = process.cpuUsage();
  const started = performance.now();
  await new Promise((r) => setTimeout(r, WINDOW_MS));
  const elapsed = performance.now() - started;
  const cpu = process.cpuUsage(startCpu);
  return { rate: ((count() - startCount) * 1000) / elapsed, cpu: (cpu.user + cpu.system) / 1000 / elapsed };
}

async function ours(endpoint: string, dataDir: string): Promise<Result> {
  process.env.REC_BENCH_PASSWORD = PASSWORD;
  const site = rigSite({ endpoint, tags: {}, stressTags: ITEMS, user: { kind: 'username', name: 'operator', passwordEnv: 'REC_BENCH_PASSWORD' } });
  // The engine computes the bindings exactly as in production; the driver is then timed on its own.
  const engine = new Engine({ site, siteFile: 'bench', dataDir, factories: driverFactories, log: createMemoryLogger() });
  const connection = site.connections[0];
  if (connection?.protocol !== 'opcua') throw new Error('bench site has no OPC UA connection');
  const seen = new Set<number>();
  let notifications = 0;
  const driver = new OpcUaDriver({
    connection,
    bindings: engine.bindings.get(connection.id) ?? [],
    scanClasses: { fast: 100, normal: 250, slow: 1000 },
    dataDir,
    log: createMemoryLogger(),
    emit: (samples) => {
      notifications += samples.length;
      for (const s of samples) seen.add(s.signalId);
    },
    linkLost: (error) => console.error(`link lost: ${error.message}`),
    recordRtt: () => undefined,
  });
  const t0 = performance.now();
  await driver.connect();
  const connectMs = performance.now() - t0;
  const t1 = performance.now();
  await driver.start();
  await until(() => seen.size >= ITEMS, 60_000, 'first values (ours)');
  const firstValueAllMs = performance.now() - t1;
  const window = await measureWindow(() => notifications);
  await driver.close();
  return { client: 'rec-console OpcUaDriver', connectMs, firstValueAllMs, notificationsPerSec: window.rate, cpuCores: window.cpu };
}

async function bare(endpoint: string, pkiDir: string, serverCertificate: Buffer): Promise<Result> {
  const cm = new OPCUACertificateManager({ rootFolder: pkiDir, automaticallyAcceptUnknownCertificate: false, disableFileWatchers: true });
  await cm.initialize();
  await cm.trustCertificate(serverCertificate);
  const client = OPCUAClient.create({
    applicationName: 'bare-bench',
    endpointMustExist: false,
    clientCertificateManager: cm,
    securityMode: MessageSecurityMode.SignAndEncrypt,
    securityPolicy: SecurityPolicy.Basic256Sha256,
    connectionStrategy: { maxRetry: 0 },
  });
  const t0 = performance.now();
  await client.connect(endpoint);
  const session = await client.createSession({ type: UserTokenType.UserName, userName: 'operator', password: PASSWORD });
  const connectMs = performance.now() - t0;
  const t1 = performance.now();
  const subscription = await session.createSubscription2({ requestedPublishingInterval: 100, requestedMaxKeepAliveCount: 10, requestedLifetimeCount: 600, publishingEnabled: true });
  const seen = new Set<number>();
  let notifications = 0;
  for (let start = 0; start < ITEMS; start += 1000) {
    const ids = Array.from({ length: Math.min(1000, ITEMS - start) }, (_, i) => start + i);
    const group = await subscription.monitorItems(
      ids.map((i) => ({ nodeId: `ns=1;s=Stress.Item${i}`, attributeId: AttributeIds.Value })),
      { samplingInterval: 100, queueSize: 1, discardOldest: true },
      TimestampsToReturn.Both,
    );
    group.on('changed', (_item, _value, index) => {
      notifications++;
      seen.add(start + index);
    });
  }
  await until(() => seen.size >= ITEMS, 60_000, 'first values (bare)');
  const firstValueAllMs = performance.now() - t1;
  const window = await measureWindow(() => notifications);
  await subscription.terminate();
  await session.close();
  await client.disconnect();
  return { client: 'bare node-opcua client', connectMs, firstValueAllMs, notificationsPerSec: window.rate, cpuCores: window.cpu };
}

const dir = mkdtempSync(join(tmpdir(), 'rec-bench-opcua-'));
const sim = await startRigSimProcess({ dataDir: join(dir, 'sim'), stress: ITEMS, stressHz: 10, maxPerCall: 1000 });
try {
  const serverCertificate = new X509Certificate(readFileSync(join(dir, 'sim', 'sim-rig-pki', 'own', 'certs', 'certificate.pem'))).raw;
  // Both clients trust the server's certificate up front; certificate generation happens outside the timings.
  const console_ = join(dir, 'console');
  await (await openPki(console_)).trustCertificate(serverCertificate);
  const bareDir = join(dir, 'bare-pki');
  // Warm-up runs create each client's own certificate and JIT-compile the paths; they are not reported.
  await ours(sim.url, console_);
  await bare(sim.url, bareDir, serverCertificate);
  const results: Result[] = [];
  for (let round = 0; round < 2; round++) results.push(await ours(sim.url, console_), await bare(sim.url, bareDir, serverCertificate));
  const rows = results.map((r) => [r.client.padEnd(26), r.connectMs.toFixed(0).padStart(10), r.firstValueAllMs.toFixed(0).padStart(16), r.notificationsPerSec.toFixed(0).padStart(14), r.cpuCores.toFixed(2).padStart(9)].join(' '));
  console.log(`\nOPC UA subscription benchmark: ${ITEMS} items at 10 Hz, SignAndEncrypt/Basic256Sha256, ${cpus().length} cores, window ${WINDOW_MS} ms, 2 rounds`);
  console.log(['client'.padEnd(26), 'connect ms'.padStart(10), `first ${ITEMS} ms`.padStart(16), 'notif/s'.padStart(14), 'cpu cores'.padStart(9)].join(' '));
  for (const row of rows) console.log(row);
  console.log('(connect: ours = endpoint discovery + certificate check + secure channel + session; bare = secure channel + session with the certificate already known)');
  const out = join(process.cwd(), 'test', '.artifacts', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'opcua-subscription.json'), `${JSON.stringify({ items: ITEMS, hz: 10, windowMs: WINDOW_MS, cores: cpus().length, node: process.version, at: new Date().toISOString(), results }, null, 2)}\n`);
  console.log(`\nwritten ${join(out, 'opcua-subscription.json')}`);
} finally {
  await closeAllPki();
  await sim.kill();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
