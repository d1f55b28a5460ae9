/** Durable directory entries: a new file or a rename survives a power cut only once its folder is synced. */
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Makes a directory entry change (new file, rename) durable; a no-op where directories cannot be opened (Windows). */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces `file` with `text` so that a crash or power cut leaves the old file or the new one, never a mix: written
 * to a temporary file (the owner's only: a leftover one is removed first, as it would keep its own mode), synced,
 * renamed over it, and the rename synced.
 */
export async function replaceFileDurably(file: string, text: string): Promise<void> {
  const tmp = `${file}.tmp`;
  await rm(tmp, { force: true });
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  await fsyncDir(dirname(file));
}
