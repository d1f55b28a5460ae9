/**
 * History storage throughput at a high change rate: BENCH signals (30,000) changing at 10 Hz, written as the recorder
 * does (one transaction per one-second flush, repacks into chunks as they fall due), by the store at three page sizes,
 * against raw node:sqlite storing the same flushes as one blob row each (what SQLite needs at least to keep them: no
 * sorting, no chunks, never rewritten). Interleaved rounds, each path in a fresh file, all in this thread. Reports CPU
 * per stored sample (repacks included) and the longest the thread was held at once (a flush, or one slice of a
 * repack: the store yields between slices, as on its own thread, where queries are answered in between).
 * Prints a table; writes JSON to test/.artifacts/bench/history-throughput.json.
 * Run: npx tsx test/bench/history-throughput.ts [--signals 30000] [--seconds 30] [--rounds 2]
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SampleColumns } from '../../main/engine/history/sample-columns';
import { historyPragmas, PAGE_BYTES, SqliteHistory } from '../../main/engine/history/sqlite-history';

const { values: args } = parseArgs({ options: { signals: { type: 'string', default: '30000' }, seconds: { type: 'string', default: '30' }, rounds: { type: 'string', default: '2' } } });
const SIGNALS = Number(args.signals);
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const PER_SECOND = 10;
const OUT = fileURLToPath(new URL('../.artifacts/bench/history-throughput.json', import.meta.url));

/** Something that stores one flush. */
interface Sink {
  append(flush: SampleColumns): void | Promise<void>;
  close(): void;
}

/** Raw node:sqlite: the flush's columns copied into one blob, one row (on the store's default connection settings). */
function rawSink(path: string): Sink {
  const db = new DatabaseSync(path);
  db.exec(historyPragmas());
  db.exec('CREATE TABLE flushes (seq INTEGER PRIMARY KEY, data BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO flushes (data) VALUES (?)');
  return {
    append(flush) {
      const n = flush.length;
      const data = new Uint8Array(21 * n);
      data.set(new Uint8Array(flush.times.buffer, 0, 8 * n), 0);
      data.set(new Uint8Array(flush.values.buffer, 0, 8 * n), 8 * n);
      data.set(new Uint8Array(flush.ids.buffer, 0, 4 * n), 16 * n);
      data.set(flush.qualities.subarray(0, n), 20 * n);
      insert.run(data);
    },
    close: () => db.close(),
  };
}

function storeSink(path: string, pageBytes: number): Sink {
  const store = new SqliteHistory(path, {}, pageBytes);
  const append = async (flush: SampleColumns) => {
    await store.append(flush, []);
    await store.repackDone(); // a repack the flush made due runs in the background: charged to this flush
  };
  return { append, close: () => void store.close() };
}

/** One second of samples starting at `t` (10 per signal, 100 ms apart, random walks). */
function fillFlush(flush: SampleColumns, t: number, second: number): void {
  flush.length = 0;
  for (let k = 0; k < PER_SECOND; k++) {
    for (let s = 0; s < SIGNALS; s++) flush.push(s, t + k * 100 + (s % 100), Math.sin(s + second * PER_SECOND + k) * 100, 192);
  }
}

interface Measured {
  cpuUs: number;
  samples: number;
  longestHoldMs: number;
}

/** Appends a flush; the longest the thread was held at once meanwhile (the store yields between a repack's slices). */
async function appendTimed(sink: Sink, flush: SampleColumns): Promise<number> {
  let last = performance.now();
  let done = false;
  const appended = Promise.resolve(sink.append(flush)).then(() => {
    done = true;
  });
  let longest = performance.now() - last;
  last = performance.now();
  while (!done) {
    await new Promise((resolve) => setImmediate(resolve));
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }
  await appended;
  return longest;
}

async function run(open: (path: string) => Sink): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-history-throughput-'));
  const sink = open(join(dir, 'h.db'));
  const flush = new SampleColumns(SIGNALS * PER_SECOND);
  // Sample times are a minute-aligned past, so repacks fall due by count (2M samples in a slice, or 8M in all) as they
  // do at this rate live.
  const t0 = Math.floor(Date.now() / 60_000) * 60_000 - SECONDS * 1000;
  const measured: Measured = { cpuUs: 0, samples: 0, longestHoldMs: 0 };
  try {
    for (let second = 0; second < SECONDS; second++) {
      fillFlush(flush, t0 + second * 1000, second);
      const cpu = process.cpuUsage();
      const took = await appendTimed(sink, flush);
      const used = process.cpuUsage(cpu);
      measured.cpuUs += used.user + used.system;
      measured.samples += flush.length;
      measured.longestHoldMs = Math.max(measured.longestHoldMs, took);
    }
  } finally {
    sink.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return measured;
}

const PATHS: { label: string; open: (path: string) => Sink }[] = [
  { label: 'raw node:sqlite, one blob row per flush', open: rawSink },
  { label: 'store, 4 KiB pages', open: (p) => storeSink(p, 4096) },
  { label: `store, ${PAGE_BYTES / 1024} KiB pages (default)`, open: (p) => storeSink(p, PAGE_BYTES) },
  { label: 'store, 64 KiB pages', open: (p) => storeSink(p, 65536) },
];

const totals = new Map<string, Measured>(PATHS.map((p) => [p.label, { cpuUs: 0, samples: 0, longestHoldMs: 0 }]));
for (let round = 0; round < ROUNDS; round++) {
  for (const path of PATHS) {
    const m = await run(path.open);
    const total = totals.get(path.label) as Measured;
    total.cpuUs += m.cpuUs;
    total.samples += m.samples;
    total.longestHoldMs = Math.max(total.longestHoldMs, m.longestHoldMs);
  }
}
const raw = totals.get(PATHS[0]?.label ?? '') as Measured;
const rows = [...totals].map(([path, m]) => ({
  path,
  usPerSample: Number((m.cpuUs / m.samples).toPrecision(3)),
  vsRaw: Number((m.cpuUs / m.samples / (raw.cpuUs / raw.samples)).toFixed(2)),
  longestHoldMs: Math.round(m.longestHoldMs),
}));
console.log(`\nHistory storage: ${SIGNALS} signals at ${PER_SECOND} Hz (${(SIGNALS * PER_SECOND) / 1000}k samples/s), ${SECONDS} one-second flushes × ${ROUNDS} interleaved rounds, one thread`);
console.table(rows);
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, JSON.stringify({ at: new Date().toISOString(), signals: SIGNALS, perSecond: PER_SECOND, seconds: SECONDS, rounds: ROUNDS, rows }, null, 2));
console.log(`wrote ${OUT}`);
