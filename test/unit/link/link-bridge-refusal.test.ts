/**
 * The link-lab channel refuses an over-long request with one answer and a clean close, even when the peer keeps
 * sending after the refusal: a second close attempt used to reset the socket, so the refusal could be lost.
 */
import { connect } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { serveLinkLabBridge, type LinkLabBridge } from '../../../main/cli/link-bridge';
import { LINK_LAB_ENV, MAX_LINK_LAB_LINE, remoteLinkLab } from '../../../main/engine/link/remote-link-lab';
import { ContractError } from '../../../shared/contract/errors';

let bridge: LinkLabBridge | undefined;
afterEach(async () => {
  await bridge?.close();
  bridge = undefined;
});

/** A lab that records switches; an over-long request must never reach it. */
function recordingLab() {
  const switched: string[] = [];
  return {
    switched,
    lab: { profiles: () => ['lan'], profile: () => 'lan', setProfile: async (profile: string) => (switched.push(profile), { profile, proxies: 1 }) },
  };
}

/** Sends a line longer than allowed, then keeps sending until the channel closes; returns what came back and how it ended. */
function floodAfterTooLong(endpoint: string): Promise<{ reply: string; reset: boolean }> {
  const [host, port] = endpoint.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), host);
    let reply = '';
    let reset = false;
    let open = true;
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
    socket.on('error', (error: NodeJS.ErrnoException) => (reset = error.code === 'ECONNRESET' || reset));
    socket.on('close', () => {
      open = false;
      resolve({ reply, reset });
    });
    socket.on('end', () => socket.end());
    const keepSending = (left: number): void => {
      if (!open || socket.writableEnded) return;
      if (left === 0) return void socket.end();
      socket.write('x'.repeat(64 * 1024), () => keepSending(left - 1));
    };
    socket.on('connect', () => socket.write('y'.repeat(MAX_LINK_LAB_LINE + 1), () => keepSending(200)));
  });
}

it('answers "request too long" once and closes cleanly while the peer keeps sending', async () => {
  const { lab, switched } = recordingLab();
  bridge = await serveLinkLabBridge(lab);
  for (let attempt = 0; attempt < 5; attempt++) {
    const { reply, reset } = await floodAfterTooLong(bridge.env[LINK_LAB_ENV.endpoint] ?? '');
    expect(reset).toBe(false);
    expect(reply.split('\n').filter(Boolean).map((line) => JSON.parse(line) as unknown)).toEqual([{ ok: false, error: 'request too long' }]);
  }
  expect(switched).toEqual([]);
});

/** Sends one line and returns the channel's answer (or '' when it closed without one). */
function ask(endpoint: string, line: string): Promise<string> {
  const [host, port] = endpoint.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), host);
    let reply = '';
    socket.on('data', (chunk: Buffer) => (reply += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(reply.trim()));
    socket.on('connect', () => socket.write(`${line}\n`));
  });
}

it('refuses JSON that is not an object (null read as a request used to throw and end the console)', async () => {
  const { lab, switched } = recordingLab();
  bridge = await serveLinkLabBridge(lab);
  const endpoint = bridge.env[LINK_LAB_ENV.endpoint] ?? '';
  for (const line of ['null', '[]', '7', '"x"', 'true']) {
    const reply = await ask(endpoint, line);
    expect(JSON.parse(reply) as unknown, line).toEqual(expect.objectContaining({ ok: false }));
  }
  // Still serving: an authorised request goes through.
  expect(JSON.parse(await ask(endpoint, JSON.stringify({ token: bridge.env[LINK_LAB_ENV.token], profile: 'lan' }))) as unknown).toEqual(expect.objectContaining({ ok: true }));
  expect(switched).toEqual(['lan']);
});

it('closes a connection that has sent no request line within a second, however it trickles bytes meanwhile', async () => {
  const { lab } = recordingLab();
  bridge = await serveLinkLabBridge(lab);
  const [host, port] = (bridge.env[LINK_LAB_ENV.endpoint] ?? '').split(':');
  const socket = connect(Number(port), host);
  let sent = 0;
  const trickle = setInterval(() => {
    if (!socket.destroyed) socket.write('x', () => sent++);
  }, 200);
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('close', resolve));
  clearInterval(trickle);
  expect(sent).toBeLessThan(10); // an idle timer, reset by each byte, never fired: it trickled on for minutes
});

it("answers a switch the lab did not confirm as unknown, and a refusal as refused, through the engine host's end", async () => {
  const failing = (error: Error) => ({ profiles: () => ['lan'], profile: () => 'lan', setProfile: async () => Promise.reject(error) });
  for (const [error, code] of [
    [new Error('the simulators did not confirm profile lan within 5000 ms'), 'not-connected'],
    [new ContractError('refused', 'unknown profile'), 'refused'],
  ] as const) {
    await bridge?.close();
    bridge = await serveLinkLabBridge(failing(error));
    const lab = remoteLinkLab(bridge.env[LINK_LAB_ENV.endpoint] ?? '', bridge.env[LINK_LAB_ENV.token] ?? '');
    const failed = await lab.setProfile('lan').catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ContractError);
    expect((failed as ContractError).code, error.message).toBe(code);
  }
});
