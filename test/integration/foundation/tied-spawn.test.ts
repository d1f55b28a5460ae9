/**
 * Test helpers die with the process that started them, SIGKILL included (test/support/tied-spawn.ts): a killed test
 * worker or benchmark must not leave socat, pymodbus or a simulator holding PTYs and ports. The parent here starts a
 * real helper (the socat PTY pair) and a tied `sleep`, and is killed outright; a plain spawn is the control.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { firstLineOf, isAlive, processesWith, waitUntil } from '../../support/process-watch';
import { spawnTiedKillsOnParentDeath } from '../../support/tied-spawn';

const PARENT = fileURLToPath(new URL('../../support/tied-parent-main.ts', import.meta.url));
const leftovers: number[] = [];

afterEach(() => {
  for (const pid of leftovers.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

/** Starts the parent; resolves with it, its sleep's pid and the socat processes of its PTY pair. */
async function startParent(mode: 'tied' | 'plain'): Promise<{ parent: ChildProcess; sleeper: number; socat: number[] }> {
  const parent = spawn(process.execPath, ['--import', 'tsx', PARENT, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (parent.pid !== undefined) leftovers.push(parent.pid); // killed after a failure before the test kills it
  const line = await firstLineOf(parent);
  const [pid = '', device = ''] = line.split(' ');
  const socat = processesWith(device);
  leftovers.push(Number(pid), ...socat);
  return { parent, sleeper: Number(pid), socat };
}

async function killOutright(parent: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => parent.once('exit', resolve));
  parent.kill('SIGKILL');
  await exited;
}

// Under CI the tie must be there (Debian's util-linux); elsewhere without setpriv the helpers spawn plainly.
describe.skipIf(!spawnTiedKillsOnParentDeath && process.env.CI !== 'true')('helpers tied to the process that started them', () => {
  it('a tied helper and the socat PTY pair end when their parent is killed with SIGKILL', async () => {
    const { parent, sleeper, socat } = await startParent('tied');
    expect(socat).toHaveLength(1);
    expect(isAlive(sleeper)).toBe(true);
    await killOutright(parent);
    await waitUntil(() => !isAlive(sleeper) && socat.every((pid) => !isAlive(pid)), 'the helpers to end with their parent');
  });

  it('a plain spawn outlives its killed parent (the control: the check above can see a survivor)', async () => {
    const { parent, sleeper, socat } = await startParent('plain');
    await killOutright(parent);
    await waitUntil(() => socat.every((pid) => !isAlive(pid)), 'the tied socat to end');
    expect(isAlive(sleeper)).toBe(true);
  });
});
