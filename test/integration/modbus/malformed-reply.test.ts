/**
 * A device whose reply claims more data than it carries (a real TCP socket on loopback): the client gets our words
 * and a stable code, never the RangeError text of the library's parser; the engine logs the detail and keeps running.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContractError } from '../../../shared/contract/errors';
import { modbusSite, startModbusEngine } from '../../support/modbus-engine';
import { until } from '../../support/modbus-driver-harness';

let device: Server;
const sockets = new Set<Socket>();
let harness: Awaited<ReturnType<typeof startModbusEngine>>;

/**
 * Answers a read of holding:0 (the link probe's register: the device answers, so the connection is up) with one
 * register, and every other request with FC3, byte count 200, but only 2 data bytes.
 */
function reply(request: Buffer): Buffer {
  if (request.readUInt16BE(8) === 0) return Buffer.from([request[0] ?? 0, request[1] ?? 0, 0, 0, 0, 5, request[6] ?? 1, 3, 2, 0, 1]);
  return Buffer.from([request[0] ?? 0, request[1] ?? 0, 0, 0, 0, 5, request[6] ?? 1, 3, 200, 0, 1]);
}

beforeAll(async () => {
  device = createServer((socket) => {
    sockets.add(socket);
    socket.on('data', (request) => socket.write(reply(request)));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => device.listen(0, '127.0.0.1', resolve));
  const port = (device.address() as { port: number }).port;
  harness = await startModbusEngine(modbusSite({ protocol: 'modbus-tcp', host: '127.0.0.1', port, timeoutMs: 500 }, {}));
  await until(() => harness.engine.supervisors.get('plc')?.status.state === 'connected', 10_000, 'connected');
});
afterAll(async () => {
  await harness?.stop();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => device.close(resolve));
});

describe('a malformed device reply', () => {
  it('reaches the client in our words with a stable code; the library text goes to the log', async () => {
    const error = await harness.client.request('modbus.read', { connectionId: 'plc', address: 'holding:1' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractError);
    const shape = (error as ContractError).toShape();
    expect(shape).toMatchObject({ code: 'device-error', message: 'garbled answer to unit 1 FC3 holding:1 ×1: the reply could not be decoded', details: { code: 'modbus-bad-response' } });
    expect(JSON.stringify(shape)).not.toMatch(/RangeError|offset|Received/);
    expect(harness.log.entries).toContainEqual(expect.objectContaining({ code: 'driver.error-detail', message: expect.stringContaining('RangeError') }));
    const hello = await harness.client.request('engine.hello', { client: 'test' });
    expect(hello.engineVersion).toBeTruthy();
  });
});
