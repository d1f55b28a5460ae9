/**
 * Modbus throughput: reads/s through the engine (contract → handler → driver → link queue) and through the driver
 * alone, against a raw modbus-serial loop doing the same reads on the same pymodbus server in the same run.
 * Also prints the scan planner's requests per scan for the demo site. Prints a table; writes JSON to
 * test/.artifacts/bench/modbus-throughput.json. Run: npx tsx test/bench/modbus-throughput.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ModbusRTU from 'modbus-serial';
import { loadSiteFile, DEMO_SITE_PATH } from '../../main/engine/config/load-site';
import { planReads } from '../../main/engine/drivers/modbus/planner';
import { layoutOf } from '../../main/engine/drivers/modbus/tag-layout';
import { startPymodbus, type ImageEntry } from '../support/pymodbus';
import { harness, modbusConnection } from '../support/modbus-driver-harness';
import { modbusSite, startModbusEngine } from '../support/modbus-engine';
import { until } from '../support/modbus-driver-harness';

const READS = Number(process.env.BENCH_READS ?? 2000);
const REGISTERS = 10;
const OUT = fileURLToPath(new URL('../.artifacts/bench/modbus-throughput.json', import.meta.url));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** One measured path: a label and a body doing READS reads. */
interface Path {
  label: string;
  body: () => Promise<void>;
}

/** One result row. */
interface Result {
  label: string;
  reads: number;
  seconds: number;
  readsPerSecond: number;
}

/**
 * Warms every path once, then runs the paths interleaved ROUNDS times (so drift on a shared machine hits them
 * alike) and reports each path's median.
 */
async function measurePaths(paths: Path[]): Promise<Result[]> {
  for (const path of paths) await path.body();
  const times = paths.map(() => [] as number[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, path] of paths.entries()) {
      const started = performance.now();
      await path.body();
      times[i]?.push((performance.now() - started) / 1000);
    }
  }
  return paths.map((path, i) => {
    const sorted = [...(times[i] ?? [])].sort((a, b) => a - b);
    const seconds = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
    return { label: path.label, reads: READS, seconds: Number(seconds.toFixed(3)), readsPerSecond: Math.round(READS / seconds) };
  });
}

const address = (i: number) => (i * REGISTERS) % 900;

async function demoSitePlan(): Promise<Record<string, Record<string, number>>> {
  const loaded = await loadSiteFile(DEMO_SITE_PATH);
  if (!loaded.ok) return {};
  const out: Record<string, Record<string, number>> = {};
  for (const connection of loaded.site.connections) {
    if (connection.protocol === 'opcua') continue;
    const layouts = loaded.site.equipment
      .filter((e) => e.connection === connection.id)
      .flatMap((e) => Object.entries(e.tags).map(([name, tag], i) => layoutOf({ signalId: i, equipmentId: e.id, unitId: e.unitId ?? connection.unitId, name, tag })));
    const plan = planReads(layouts.map((l, id) => ({ id, unitId: l.unitId, table: l.table, start: l.offset, width: l.width, scanClass: l.binding.tag.scanClass })), { maxGap: connection.maxGap });
    const perClass: Record<string, number> = { tags: layouts.length };
    for (const read of plan) perClass[read.scanClass] = (perClass[read.scanClass] ?? 0) + 1;
    out[connection.id] = perClass;
  }
  return out;
}

/** Raw loop, driver and engine on one server; `framing` picks Modbus TCP or raw RTU over TCP. */
async function measure(framing: 'tcp' | 'rtu-tcp', image: ImageEntry[]): Promise<Result[]> {
  const server = await startPymodbus({ mode: framing, image });
  const protocol = framing === 'tcp' ? 'modbus-tcp' : 'modbus-rtu-tcp';
  const raw = new ModbusRTU();
  const h = harness(modbusConnection({ protocol, host: '127.0.0.1', port: server.port, timeoutMs: 2000 }));
  const site = modbusSite({ protocol, host: '127.0.0.1', port: server.port, timeoutMs: 2000 }, { t: { address: 'holding:0', type: 'uint16', scanClass: 'slow' } });
  const engine = await startModbusEngine(site);
  try {
    if (framing === 'tcp') await raw.connectTCP('127.0.0.1', { port: server.port });
    else await raw.connectTelnet('127.0.0.1', { port: server.port });
    raw.setID(1);
    raw.setTimeout(2000);
    await h.driver.connect();
    await until(() => engine.engine.supervisors.get('plc')?.status.state === 'connected', 10_000, 'engine connected');
    const request = (i: number) => engine.client.request('modbus.read', { connectionId: 'plc', address: `holding:${address(i)}`, count: REGISTERS });
    return await measurePaths([
      { label: `${protocol}: raw modbus-serial loop`, body: async () => { for (let i = 0; i < READS; i++) await raw.readHoldingRegisters(address(i), REGISTERS); } },
      { label: `${protocol}: driver.readRaw`, body: async () => { for (let i = 0; i < READS; i++) await h.driver.readRaw({ address: `holding:${address(i)}`, count: REGISTERS }); } },
      { label: `${protocol}: engine modbus.read, 1 by 1`, body: async () => { for (let i = 0; i < READS; i++) await request(i); } },
      { label: `${protocol}: engine modbus.read, 16 at a time`, body: async () => void (await Promise.all(Array.from({ length: 16 }, async (_, w) => { for (let i = w; i < READS; i += 16) await request(i); }))) },
    ]);
  } finally {
    await new Promise<void>((resolve) => raw.close(() => resolve()));
    await h.driver.close();
    await engine.stop();
    await server.close();
  }
}

async function main(): Promise<void> {
  const image: ImageEntry[] = Array.from({ length: 1000 }, (_, i) => ({ table: 'holding', address: i, type: 'uint16', value: i }));
  const results = [...(await measure('tcp', image)), ...(await measure('rtu-tcp', image))];
  console.log(`\nReads of ${REGISTERS} registers against pymodbus on 127.0.0.1 (${READS} reads per run, median of ${ROUNDS} interleaved runs after a warm-up; "vs raw" = share of the raw loop's rate)\n`);
  console.log(`${'path'.padEnd(48)} ${'reads/s'.padStart(8)} ${'seconds'.padStart(8)} ${'vs raw'.padStart(7)}`);
  for (const r of results) {
    const limit = results.find((x) => x.label.split(':')[0] === r.label.split(':')[0])?.readsPerSecond ?? 1;
    console.log(`${r.label.padEnd(48)} ${String(r.readsPerSecond).padStart(8)} ${r.seconds.toFixed(3).padStart(8)} ${`${Math.round((100 * r.readsPerSecond) / limit)}%`.padStart(7)}`);
  }
  const plan = await demoSitePlan();
  console.log('\nDemo site: requests per scan cycle, by scan class');
  for (const [id, perClass] of Object.entries(plan)) console.log(`  ${id}: ${JSON.stringify(perClass)}`);
  mkdirSync(fileURLToPath(new URL('.', `file://${OUT}`)), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, reads: READS, registersPerRead: REGISTERS, results, demoSiteRequestsPerScan: plan }, null, 2)}\n`);
  console.log(`\nJSON: ${OUT}`);
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
