/**
 * `rec-console ping URL --in-flight N`: whether a Modbus TCP device takes N requests at once, before a site sets
 * `maxInFlight`. An independent device (pymodbus) does: every reply paired with its own request, exit 0. A device
 * that serves one request at a time and ignores what arrives meanwhile does not: timeouts, exit 1, and the advice
 * to keep the default; one that answers each request late, whatever else it has, does (the check really had N out at
 * once). RTU URLs and bit addresses are usage errors (exit 2).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../../main/cli/main';
import { FaultServer } from '../../support/fault-server';
import { startPymodbus } from '../../support/pymodbus';
import { requireTools } from '../../support/system-tools';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** Runs the CLI in-process; resolves with exit code and captured lines. */
async function cli(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe.skipIf(requireTools('pymodbus'))('ping --in-flight against pymodbus', () => {
  it('every reply paired with its own request: the device takes them, exit 0', async () => {
    const server = await startPymodbus({ mode: 'tcp' });
    closers.push(() => server.close());
    const url = `modbus-tcp://127.0.0.1:${server.port}`;
    const run = await cli('ping', url, '--in-flight', '4', '--count', '5', '--json');
    expect(run.err).toEqual([]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out[0] as string)).toMatchObject({ inFlight: 4, rounds: 5, sent: 20, answered: 20, mispaired: 0, failures: {}, takesPipelining: true });
    const text = await cli('ping', url, '--in-flight', '3', '--count', '2', '--address', 'input:10');
    expect(text.code).toBe(0);
    expect(text.out.at(-1)).toBe('the device takes 3 requests in flight: the site may set maxInFlight up to 3 on this connection');
  });
});

describe('ping --in-flight', () => {
  it('a device that answers each request 20 ms later, whatever else it has: N really in flight at once, exit 0', async () => {
    const server = new FaultServer({ framing: 'mbap', fault: () => ({ delayMs: 20 }) });
    await server.listen(0);
    closers.push(() => server.close());
    const run = await cli('ping', `modbus-tcp://127.0.0.1:${server.port}`, '--in-flight', '6', '--count', '3', '--json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.out[0] as string)).toMatchObject({ singleFailed: 0, sent: 18, answered: 18, mispaired: 0, takesPipelining: true });
    expect(server.maxOutstanding).toBe(6);
  });

  it('a device that serves one request at a time and drops what comes meanwhile: timeouts, keep the default, exit 1', async () => {
    const server: FaultServer = new FaultServer({ framing: 'mbap', fault: () => (server.outstanding > 0 ? 'silent' : { delayMs: 5 }) });
    await server.listen(0);
    closers.push(() => server.close());
    const run = await cli('ping', `modbus-tcp://127.0.0.1:${server.port}`, '--in-flight', '4', '--count', '3', '--timeout', '300');
    expect(run.code).toBe(1);
    expect(run.out[1]).toMatch(/^one at a time: p50 \d+\.\d\d ms per request$/);
    expect(run.out[2]).toMatch(/^4 at once: 3\/12 answered with their own reply, failed: 9 modbus-timeout; a round p50/);
    expect(run.out.at(-1)).toBe('the device does not take requests in flight: keep maxInFlight at 1 (the default) on this connection');
    expect(server.maxOutstanding).toBe(1);
  });

  it('usage errors: RTU framing, a bit address, fewer than 2 or more than 16 in flight; reads that fail one at a time', async () => {
    const server = new FaultServer({ framing: 'mbap', fault: (r) => (r.address === 500 ? { exception: 2 } : 'ok') });
    await server.listen(0);
    closers.push(() => server.close());
    const tcp = `modbus-tcp://127.0.0.1:${server.port}`;
    const rtu = await cli('ping', `modbus-rtu-tcp://127.0.0.1:${server.port}`, '--in-flight', '4');
    expect(rtu.code).toBe(2);
    expect(rtu.err.join('\n')).toMatch(/RTU framing carries no transaction id/);
    expect((await cli('ping', tcp, '--in-flight', '4', '--address', 'coil:0')).code).toBe(2);
    expect((await cli('ping', tcp, '--in-flight', '1')).code).toBe(2);
    expect((await cli('ping', tcp, '--in-flight', '17')).code).toBe(2);
    expect((await cli('ping', tcp, '--address', 'holding:3')).code).toBe(2); // --address goes with --in-flight
    const failing = await cli('ping', tcp, '--in-flight', '2', '--address', 'holding:500');
    expect(failing.code).toBe(1);
    expect(failing.err.join('\n')).toMatch(/fail one at a time already: Modbus exception 2/);
    expect(server.seen.filter((r) => r.address === 500)).toHaveLength(1); // nothing sent in flight after that
  });
});
