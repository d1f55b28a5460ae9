/** Durable directory entries: a new file or a rename survives a power cut only once its folder is synced. */
import { open } from 'node:fs/promises';

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
