/**
 * RTU over TCP: reads/s of the driver's readRaw by guard time (the quiet wait after each reply that pairs replies
 * strictly), against the ladle simulator (RTU over TCP, answers in well under a millisecond), next to a raw
 * modbus-serial loop on the same server in the same run (no guard: the limit). Paths interleaved, median of rounds.
 * Prints a table; writes JSON to test/.artifacts/bench/rtu-guard.json. Run: npx tsx test/bench/rtu-guard.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ModbusRTU from 'modbus-serial';
import { ladleSimulator } from '../../main/sim/ladle/ladle-sim';
import { RTU_TCP_GUARD_MS } from '../../main/engine/drivers/modbus/transport-open';
import { harness, modbusConnection } from '../support/modbus-driver-harness';

const READS = Number(process.env.BENCH_READS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const GUARDS = [3, RTU_TCP_GUARD_MS, 0]; // 3 ms was the fixed guard before it became configurable
const OUT = fileURLToPath(new URL('../.artifacts/bench/rtu-guard.json', import.meta.url));

async function main(): Promise<void> {
  const sim = await ladleSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
  const port = Number(new URL(sim.url).port);
  const raw = new ModbusRTU();
  await raw.connectTelnet('127.0.0.1', { port });
  raw.setID(1);
  raw.setTimeout(2000);
  const drivers = GUARDS.map((guardMs) => ({ guardMs, h: harness(modbusConnection({ protocol: 'modbus-rtu-tcp', host: '127.0.0.1', port, timeoutMs: 1000, guardMs })) }));
  for (const { h } of drivers) await h.driver.connect();
  const paths: { label: string; body: () => Promise<unknown> }[] = [
    { label: 'raw modbus-serial loop (no pairing guard)', body: async () => { for (let i = 0; i < READS; i++) await raw.readInputRegisters(0, 10); } },
    ...drivers.map(({ guardMs, h }) => ({
      label: `driver.readRaw, guard ${guardMs} ms${guardMs === RTU_TCP_GUARD_MS ? ' (default)' : guardMs === 3 ? ' (old fixed)' : ''}`,
      body: async () => { for (let i = 0; i < READS; i++) await h.driver.readRaw({ address: 'input:0', count: 10 }); },
    })),
  ];
  try {
    for (const path of paths) await path.body(); // warm-up
    const times = paths.map(() => [] as number[]);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, path] of paths.entries()) {
        const started = performance.now();
        await path.body();
        times[i]?.push((performance.now() - started) / 1000);
      }
    }
    const results = paths.map((path, i) => {
      const sorted = [...(times[i] ?? [])].sort((a, b) => a - b);
      const seconds = sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
      return { label: path.label, readsPerSecond: Math.round(READS / seconds), msPerRead: Number(((seconds * 1000) / READS).toFixed(3)) };
    });
    const limit = results[0]?.readsPerSecond ?? 1;
    console.log(`\nRTU over TCP, ${READS} reads of 10 input registers per run, median of ${ROUNDS} interleaved runs (ladle simulator)\n`);
    console.log(`${'path'.padEnd(44)} ${'reads/s'.padStart(8)} ${'ms/read'.padStart(8)} ${'vs raw'.padStart(7)}`);
    for (const r of results) console.log(`${r.label.padEnd(44)} ${String(r.readsPerSecond).padStart(8)} ${r.msPerRead.toFixed(3).padStart(8)} ${`${Math.round((100 * r.readsPerSecond) / limit)}%`.padStart(7)}`);
    const stats = drivers.map(({ guardMs, h }) => ({ guardMs, learnedGuardMs: h.driver.stats().rtu?.guardMs, duplicateReplies: h.driver.stats().rtu?.duplicateReplies }));
    mkdirSync(fileURLToPath(new URL('.', `file://${OUT}`)), { recursive: true });
    writeFileSync(OUT, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, reads: READS, rounds: ROUNDS, results, stats }, null, 2)}\n`);
    console.log(`\nJSON: ${OUT}`);
  } finally {
    await new Promise<void>((resolve) => raw.close(() => resolve()));
    for (const { h } of drivers) await h.driver.close();
    await sim.close();
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
