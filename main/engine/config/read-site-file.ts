/** Reads a site file safely: only a regular file, only up to the size cap, never blocking on a FIFO or device. */
import { constants, type Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { MAX_SITE_FILE_BYTES } from '../../../shared/site/site-text';

/** The file's bytes, or a one-line reason it was refused. */
export type SiteFileBytes = { ok: true; bytes: Buffer } | { ok: false; reason: string };

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function refuseStats(stats: Stats): string | undefined {
  if (!stats.isFile()) return `is ${kindOf(stats)}; a site file must be a regular file`;
  if (stats.size > MAX_SITE_FILE_BYTES) return `file too large (${stats.size} bytes; the limit is ${MAX_SITE_FILE_BYTES} bytes)`;
  return undefined;
}

function describeCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  if (code === 'ENOENT') return 'file not found';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory; a site file must be a regular file';
  return `cannot read (${code})`;
}

/** Reads `path`: stat before opening (so a device or FIFO is never opened), fstat after (so a swap is caught). */
export async function readSiteFileBytes(path: string): Promise<SiteFileBytes> {
  try {
    const refused = refuseStats(await stat(path));
    if (refused) return { ok: false, reason: refused };
    // O_NONBLOCK: should the path have become a FIFO since the stat, open must still not wait for a writer.
    const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    try {
      const stats = await handle.stat();
      const refusedNow = refuseStats(stats);
      if (refusedNow) return { ok: false, reason: refusedNow };
      // One byte more than stated, to notice a file that grew while it was read.
      const bytes = Buffer.alloc(stats.size + 1);
      let total = 0;
      for (;;) {
        const { bytesRead } = await handle.read(bytes, total, bytes.length - total, total);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total === bytes.length) return { ok: false, reason: 'the file changed while it was read; try again' };
      }
      return { ok: true, bytes: bytes.subarray(0, total) };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return { ok: false, reason: describeCode(error) };
  }
}
