/**
 * `audit.recent` reads from the end of a log file in bounded chunks: a request for a few entries reads a few chunks
 * of a multi-megabyte file, never the whole file, and the result is the same as parsing the whole file.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, readRecentEntries, type AuditEntry } from '../../../main/engine/audit';
import { listAuditFiles } from '../../../main/engine/audit/files';
import { openFromDisk, type OpenPositional } from '../../../main/engine/audit/reverse-lines';
import { readLines, tempDir } from '../../support/audit-files';

let dir: string;
let cleanup: () => Promise<void>;
let file: string;
let lines: string[];

/** A disk reader that counts the bytes it hands out and the largest single read. */
function countingOpen() {
  const stats = { bytes: 0, largestRead: 0 };
  const open: OpenPositional = async (path) => {
    const inner = await openFromDisk(path);
    return {
      ...inner,
      read: async (position, length) => {
        const chunk = await inner.read(position, length);
        stats.bytes += chunk.length;
        stats.largestRead = Math.max(stats.largestRead, chunk.length);
        return chunk;
      },
    };
  };
  return { open, stats };
}

const parsedNewestFirst = (source: string[]) => source.map((l) => JSON.parse(l) as AuditEntry).reverse();

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
  const log = await AuditLog.open({ dir: `${dir}/audit` });
  for (let i = 0; i < 40; i++) {
    await log.append({ kind: i % 10 === 0 ? 'alarm-ack' : 'write', who: { user: `op${i}`, console: '岸桥控制台 3' }, target: { equipment: 'crane-1', tag: 'gantry.speed' }, outcome: { result: 'ok' } });
  }
  await log.close();
  file = (await listAuditFiles(`${dir}/audit`)).at(-1) as string;
  const written = await readLines(file);
  // Grow the one file to about 8 MiB with copies of real lines (parsing needs no valid chain).
  lines = [];
  while (lines.length * (written[0]?.length ?? 1) < 8 * 1024 * 1024) lines.push(...written);
  await writeFile(file, lines.map((l) => `${l}\n`).join(''));
});
afterEach(() => cleanup());

describe('readRecentEntries on a large file', () => {
  it('reads one or two chunks from the end for a few entries, not the whole file', async () => {
    const { open, stats } = countingOpen();
    const { entries } = await readRecentEntries(`${dir}/audit`, 5, undefined, 50_000, { open });
    expect(entries).toEqual(parsedNewestFirst(lines.slice(-5)));
    expect(stats.bytes).toBeGreaterThan(0);
    expect(stats.bytes).toBeLessThanOrEqual(128 * 1024);
  });

  it('stops at maxScan lines even when the kind is never found, reading in proportion to the lines looked at', async () => {
    const { open, stats } = countingOpen();
    const { entries, scanned } = await readRecentEntries(`${dir}/audit`, 5, new Set(['trust']), 1_000, { open });
    expect(entries).toEqual([]);
    expect(scanned).toBe(1_000);
    const lineBytes = Buffer.byteLength(lines[0] as string) + 1;
    expect(stats.bytes).toBeLessThanOrEqual(1_000 * lineBytes * 1.2 + 64 * 1024);
    expect(stats.largestRead).toBeLessThanOrEqual(64 * 1024);
  });

  it('gives the same entries as a whole-file parse when chunks split lines and multi-byte characters', async () => {
    const limits = { chunkBytes: 97, maxLineBytes: 4096 };
    const { entries } = await readRecentEntries(`${dir}/audit`, 300, new Set(['alarm-ack']), 50_000, { limits });
    const expected = parsedNewestFirst(lines).filter((e) => e.kind === 'alarm-ack').slice(0, 300);
    expect(entries).toEqual(expected);
    expect(entries[0]?.who?.console).toBe('岸桥控制台 3');
  });

  it('counts an over-long damaged line as one unreadable line without buffering it, and skips an unfinished tail', async () => {
    const tail = lines.slice(-3);
    await writeFile(file, [...lines.slice(0, 3), 'x'.repeat(50_000), ...tail].map((l) => `${l}\n`).join(''));
    await appendFile(file, '{"seq": 12, "half');
    const limits = { chunkBytes: 1024, maxLineBytes: 4096 };
    const { entries, unreadable } = await readRecentEntries(`${dir}/audit`, 10, undefined, 50_000, { limits });
    expect(unreadable).toBe(1);
    expect(entries).toEqual(parsedNewestFirst([...lines.slice(0, 3), ...tail]));
  });
});
