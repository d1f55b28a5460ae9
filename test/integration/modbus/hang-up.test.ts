/**
 * A device that closes the connection on a request: what was in flight fails at once, as unanswered (a write among
 * them may have landed), not at its timeout as "no answer in time". Before, a probe (`rec-console read`) waited the
 * whole timeout and then blamed the device's silence, while the link had been closed all along. Real socket device.
 */
import { afterAll, beforeAll, expect, it, onTestFinished } from 'vitest';
import { DriverError } from '../../../main/engine/drivers/driver-error';
import { FaultServer } from '../../support/fault-server';
import { bindings, harness, modbusConnection } from '../../support/modbus-driver-harness';

const device = new FaultServer({ framing: 'mbap', units: [1], fault: (r) => (r.address === 100 ? 'hang-up' : 'ok') });
beforeAll(async () => {
  await device.listen(0);
  device.holding.get(1)?.set([7], 0);
});
afterAll(async () => device.close());

it('a request the device hangs up on fails as unanswered, not as a timeout, and the link is then lost', async () => {
  // A timeout far beyond the test's own: only the hang-up can settle the read in time.
  const h = harness(modbusConnection({ protocol: 'modbus-tcp', host: '127.0.0.1', port: device.port, timeoutMs: 60_000 }), bindings({ a: { address: 'holding:0', type: 'uint16' } }), {});
  try {
    await h.driver.connect();
    expect(await h.driver.readRaw({ address: 'holding:0', count: 1 })).toEqual([{ address: 'holding:0', value: 7 }]);
    const error = await h.driver.readRaw({ address: 'holding:100', count: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DriverError);
    expect(error).toMatchObject({ kind: 'timeout', code: 'modbus-reply-lost' });
    expect((error as Error).message).toContain('closed by the other end before this request was answered');
    expect(device.seen.some((r) => r.address === 100)).toBe(true);
    expect(h.lost.map((e) => e.code)).toContain('modbus-link-lost');
  } finally {
    await h.driver.close();
  }
}, 20_000);

it('the CLI probe says the device hung up and exits, not at its timeout', async () => {
  const { spawn } = await import('node:child_process');
  const bin = new URL('../../../main/cli/rec-console.mjs', import.meta.url).pathname;
  // A minute's timeout: only the hang-up can end the probe within this test's own limit.
  const child = spawn(process.execPath, [bin, 'read', `modbus-tcp://127.0.0.1:${device.port}?unit=1`, 'holding:100', '--timeout', '60000'], { stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => void child.kill()); // a probe left waiting must not outlive the test
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code).not.toBe(0);
  expect(stderr).toContain('closed by the other end before this request was answered');
  expect(stderr).not.toMatch(/\n\s+at /);
}, 20_000);
