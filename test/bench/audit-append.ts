/**
 * Audit append throughput and latency: group commit (one durable write per batch) against one per entry, with several
 * appends in flight (many consoles and commands) and with one at a time. Also the bare cost of one small durable
 * append on this disk, written and fdatasync'd as the log does. Prints a table; writes JSON to test/.artifacts/bench/audit-append.json.
 * Run: npx tsx test/bench/audit-append.ts   (BENCH_ENTRIES, BENCH_DIR to choose the disk)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditLog } from '../../main/engine/audit';
import { openForAppend } from '../../main/engine/audit/files';
import { writeEntry } from '../support/audit-files';

const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 2000);
const BASE = process.env.BENCH_DIR ?? tmpdir();
const OUT = fileURLToPath(new URL('../.artifacts/bench/audit-append.json', import.meta.url));

/** One measured configuration. */
interface Case {
  label: string;
  inFlight: number;
  groupCommit: boolean;
}

/** One result row. */
interface Result extends Case {
  entries: number;
  entriesPerSecond: number;
  batches: number;
  p50Ms: number;
  p99Ms: number;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
const round = (n: number, digits = 2) => Number(n.toFixed(digits));

async function measure(c: Case): Promise<Result> {
  const dir = await mkdtemp(join(BASE, 'rec-audit-bench-'));
  try {
    const log = await AuditLog.open({ dir, maxBatch: c.groupCommit ? 1024 : 1 });
    const latencies: number[] = [];
    let issued = 0;
    const appender = async () => {
      while (issued < ENTRIES) {
        const i = issued++;
        const started = performance.now();
        await log.append(writeEntry(i));
        latencies.push(performance.now() - started);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: c.inFlight }, appender));
    const seconds = (performance.now() - started) / 1000;
    const { batches } = log.stats;
    await log.close();
    latencies.sort((a, b) => a - b);
    return { ...c, entries: ENTRIES, entriesPerSecond: Math.round(ENTRIES / seconds), batches, p50Ms: round(percentile(latencies, 0.5)), p99Ms: round(percentile(latencies, 0.99)) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Median time of a durable ~300-byte append, straight on the file system, opened and synced as the log does. */
async function bareFsyncMs(): Promise<number> {
  const dir = await mkdtemp(join(BASE, 'rec-audit-bench-'));
  const out = await openForAppend(join(dir, 'probe'));
  const times: number[] = [];
  try {
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await out.write(Buffer.alloc(300, 120));
      await out.datasync();
      times.push(performance.now() - started);
    }
  } finally {
    await out.close();
    await rm(dir, { recursive: true, force: true });
  }
  return round(percentile(times.sort((a, b) => a - b), 0.5), 3);
}

async function main(): Promise<void> {
  const fsyncMs = await bareFsyncMs();
  const cases: Case[] = [
    { label: 'group commit, 64 in flight', inFlight: 64, groupCommit: true },
    { label: 'one durable write per entry, 64 in flight', inFlight: 64, groupCommit: false },
    { label: 'group commit, 8 in flight', inFlight: 8, groupCommit: true },
    { label: 'one durable write per entry, 8 in flight', inFlight: 8, groupCommit: false },
    { label: 'one at a time (either mode)', inFlight: 1, groupCommit: true },
  ];
  await measure(cases[0] as Case); // warm-up
  const results: Result[] = [];
  for (const c of cases) results.push(await measure(c));

  console.log(`\nAudit appends, ${ENTRIES} entries per case, durable before acknowledged; bare durable 300-byte append here: ${fsyncMs} ms (median)\n`);
  console.log(`${'case'.padEnd(44)} ${'entries/s'.padStart(10)} ${'batches'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
  for (const r of results) {
    console.log(`${r.label.padEnd(44)} ${String(r.entriesPerSecond).padStart(10)} ${String(r.batches).padStart(8)} ${r.p50Ms.toFixed(2).padStart(8)} ${r.p99Ms.toFixed(2).padStart(8)}`);
  }
  mkdirSync(fileURLToPath(new URL('../.artifacts/bench/', import.meta.url)), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, dir: BASE, entries: ENTRIES, bareFsyncMs: fsyncMs, results }, null, 2)}\n`);
  console.log(`\nJSON: ${OUT}`);
}

await main();
