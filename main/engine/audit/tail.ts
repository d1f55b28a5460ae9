/** Opening an existing log: find the last complete entry and move a torn last line aside (never "verify" it). */
import { open, writeFile, access } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { hashMatches, parseEntryLine } from './chain';
import { AuditError, type AuditEntry } from './entry';
import { fsyncDir } from './files';

const NEWLINE = 0x0a;

/** The end of one log file: bytes after the last newline, and the last complete line. */
export interface FileTail {
  size: number;
  /** Offset just past the last newline (0 when the file holds no complete line). */
  completeBytes: number;
  lastLine?: string;
}

/** Reads a file backwards in growing windows until it finds its last two newlines (or the start of the file). */
export async function readFileTail(path: string): Promise<FileTail> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    let window = Math.min(size, 64 * 1024);
    for (;;) {
      const buffer = Buffer.alloc(window);
      await handle.read(buffer, 0, window, size - window);
      const lastNewline = buffer.lastIndexOf(NEWLINE);
      const startOfFile = window === size;
      if (lastNewline >= 0) {
        const lineStart = lastNewline === 0 ? -1 : buffer.lastIndexOf(NEWLINE, lastNewline - 1);
        if (lineStart >= 0 || startOfFile) {
          const completeBytes = size - window + lastNewline + 1;
          return { size, completeBytes, lastLine: buffer.subarray(lineStart + 1, lastNewline).toString('utf8') };
        }
      } else if (startOfFile) {
        return { size, completeBytes: 0 };
      }
      window = Math.min(size, window * 2);
    }
  } finally {
    await handle.close();
  }
}

/** Parses and self-checks the last complete line of a file; a damaged one stops the log from opening. */
export function lastEntryOf(path: string, tail: FileTail): AuditEntry | undefined {
  if (tail.lastLine === undefined) return undefined;
  const parsed = parseEntryLine(tail.lastLine);
  if (!parsed.ok) throw new AuditError(`${path}: the last complete entry is damaged (${parsed.reason}); run "rec-console audit verify"`);
  if (!hashMatches(parsed.entry)) throw new AuditError(`${path}: the last complete entry fails its hash; run "rec-console audit verify"`);
  return parsed.entry;
}

/** The first free name for torn bytes of `file`: FILE.torn, FILE.2.torn, … */
async function freeTornName(file: string): Promise<string> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? `${file}.torn` : `${file}.${n}.torn`;
    try {
      await access(candidate);
    } catch {
      return candidate;
    }
  }
}

/** What a recovery moved aside. */
export interface TornRecovery {
  file: string;
  tornFile: string;
  tornBytes: number;
}

/**
 * Copies the bytes after the last newline to a `.torn` file (durably), then truncates the log to its last
 * complete line. A crash between the two steps leaves the torn bytes in place, so the next open repeats it.
 */
export async function moveTornBytesAside(file: string, tail: FileTail): Promise<TornRecovery> {
  const tornBytes = tail.size - tail.completeBytes;
  const handle = await open(file, 'r+');
  try {
    const torn = Buffer.alloc(tornBytes);
    await handle.read(torn, 0, tornBytes, tail.completeBytes);
    const tornFile = await freeTornName(file);
    await writeFile(tornFile, torn, { flag: 'wx', flush: true });
    await fsyncDir(dirname(file));
    await handle.truncate(tail.completeBytes);
    await handle.sync();
    return { file: basename(file), tornFile: basename(tornFile), tornBytes };
  } finally {
    await handle.close();
  }
}
