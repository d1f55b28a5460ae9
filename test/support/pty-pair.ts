/** A socat PTY pair: two linked pseudo-terminals, a real serial line on loopback (Debian socat). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stop } from './pymodbus';
import { spawnTied } from './tied-spawn';

/** The two ends (symlinks to /dev/pts/N) and a close() that kills socat and removes the links. */
export interface PtyPair {
  device: string;
  peer: string;
  close(): Promise<void>;
}

/** Starts socat and resolves once both PTY links exist. */
export async function startPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'rec-pty-'));
  const device = join(dir, 'console');
  const peer = join(dir, 'device');
  const child = spawnTied('/usr/bin/socat', [`pty,raw,echo=0,link=${device}`, `pty,raw,echo=0,link=${peer}`], { stdio: 'ignore' });
  const close = async () => {
    await stop(child);
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 5000;
  while (!(existsSync(device) && existsSync(peer))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await close();
      throw new Error('socat did not create the PTY pair');
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return { device, peer, close };
}
