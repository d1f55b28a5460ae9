/**
 * A rig simulator that cannot listen (port taken, port out of range) gives up cleanly: the start rejects and leaves
 * no timer, server or certificate manager behind, so `rec-console sim` prints its one line and exits 1 instead of
 * running on (and `rec-console start` waiting its full minute for it).
 */
import { createHook } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAUNCHER } from '../../../main/cli/sim-process';
import { startRigServer } from '../../../main/sim/rig/rig-server';
import { waitUntil } from '../../support/process-watch';

/** A plain TCP server holding an ephemeral port on 127.0.0.1. */
function occupyPort(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

/**
 * Handles that keep a process alive (ref'd timers, listening servers) created while `work` runs and still open.
 * `stop()` disables the hook; until then it hears the destroys, which async_hooks delivers a little later.
 */
async function handlesLeftBy(work: () => Promise<unknown>) {
  const live = new Map<number, { type: string; resource: { hasRef?: () => boolean } }>();
  let recording = true;
  const hook = createHook({
    init: (id, type, _trigger, resource: { hasRef?: () => boolean }) => {
      if (recording && (type === 'Timeout' || type === 'TCPSERVERWRAP')) live.set(id, { type, resource });
    },
    destroy: (id) => live.delete(id),
  });
  hook.enable();
  const [outcome] = await Promise.allSettled([work()]);
  recording = false;
  const open = () => [...live.values()].filter((h) => h.resource.hasRef?.() ?? true).map((h) => h.type);
  return { outcome, open, stop: () => hook.disable() };
}

/** Runs `rec-console sim ARGS` to its end; resolves with its exit code and stderr. */
function runSim(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [LAUNCHER, 'sim', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // Bounded: before the fix the child ran on forever; the test then fails here instead of hanging.
  const guard = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stderr });
    }),
  );
}

describe('rig simulator start failure', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'rec-rig-fail-'));
  let holder: Server;
  let takenPort: number;

  beforeAll(async () => {
    holder = await occupyPort();
    takenPort = (holder.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => holder.close(resolve));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('rejects on a taken port and leaves no timer or listening socket behind', async () => {
    const { outcome, open, stop } = await handlesLeftBy(() => startRigServer({ host: '127.0.0.1', port: takenPort, dataDir }));
    try {
      expect(outcome).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/EADDRINUSE/) } });
      // Waited on: node-opcua's own short timers may still be due; the stepper (every 100 ms, forever) never goes.
      await waitUntil(() => open().length === 0, 'the failed start releases its timers and sockets', 10_000).catch(() => undefined);
      expect(open()).toEqual([]);
    } finally {
      stop();
    }
  });

  it.each([
    ['a taken port', () => ['--base-port', String(takenPort - 2)], /rig simulator cannot listen on 127\.0\.0\.1:\d+: the port is taken \(EADDRINUSE\)/],
    ['a port past 65535', () => ['--base-port', '65534'], /rig simulator failed to start on 127\.0\.0\.1:65536/],
  ])('rec-console sim --only rig exits 1 with one line on %s', async (_what, portArgs, message) => {
    const { code, stderr } = await runSim(['--only', 'rig', '--data-dir', dataDir, ...portArgs()]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(message)]);
  });
});
