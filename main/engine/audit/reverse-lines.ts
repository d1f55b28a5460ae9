/**
 * Reads a file's lines last to first in bounded chunks, so finding the newest audit entries costs memory and reads
 * in proportion to what is looked at, not to the file's size (a log file may hold up to 16 MiB).
 */
import { open } from 'node:fs/promises';

/** An opened file that can be read at a position (injectable, so tests can count the bytes read). */
export interface PositionalFile {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** Opens a file for positional reads. */
export type OpenPositional = (path: string) => Promise<PositionalFile>;

/** The file system's positional reader. */
export const openFromDisk: OpenPositional = async (path) => {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (position, length) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
};

/** Chunk size and the longest line kept whole (a longer one is reported as `undefined`, never buffered). */
export interface ReverseLineLimits {
  chunkBytes: number;
  maxLineBytes: number;
}

/** Default limits: audit entries are a few hundred bytes; anything past 1 MiB is damage. */
export const REVERSE_LINE_LIMITS: ReverseLineLimits = { chunkBytes: 64 * 1024, maxLineBytes: 1024 * 1024 };

/**
 * The complete lines of `file`, last first. The bytes after the last newline (empty, or a line still being
 * written) are skipped; a line longer than `maxLineBytes` comes out as `undefined`. Stop iterating to stop reading.
 */
export async function* linesBackwards(file: PositionalFile, limits: ReverseLineLimits = REVERSE_LINE_LIMITS): AsyncGenerator<string | undefined> {
  let end = file.size;
  let carry: Buffer = Buffer.alloc(0); // the known end of a line whose start is not read yet
  let overlong = false; // the current line passed maxLineBytes: its bytes are dropped
  let atFileEnd = true; // the first segment found is the unfinished tail
  while (end > 0) {
    const start = Math.max(0, end - limits.chunkBytes);
    const chunk = await file.read(start, end - start);
    if (chunk.length === 0) break; // the file shrank under us
    end = start;
    let buffer = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
    let newline = buffer.lastIndexOf(0x0a);
    while (newline >= 0) {
      const line = overlong ? undefined : buffer.subarray(newline + 1).toString('utf8');
      if (!atFileEnd) yield line;
      atFileEnd = false;
      overlong = false;
      buffer = buffer.subarray(0, newline);
      newline = buffer.lastIndexOf(0x0a);
    }
    if (overlong || buffer.length > limits.maxLineBytes) {
      overlong = true;
      carry = Buffer.alloc(0);
    } else {
      carry = Buffer.from(buffer); // a copy, so the chunk it came from can be freed
    }
  }
  // The first line of the file has no newline before it.
  if (!atFileEnd) yield overlong ? undefined : carry.toString('utf8');
}
