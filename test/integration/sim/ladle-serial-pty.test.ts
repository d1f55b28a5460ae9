/** The ladle's RTU framing on a serial line: a `socat` PTY pair, the device on one end (serialport), modbus-serial RTU on the other. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ModbusRTU from 'modbus-serial';
import { serveLadleOnSerialPort } from '../../../main/sim/ladle/ladle-sim';
import { LadleMap, ladleModel } from '../../../main/sim/ladle/ladle-map';
import type { RtuEndpoint } from '../../../main/sim/modbus-server/rtu-server';
import { startPtyPair, type PtyPair } from '../../support/pty-pair';
import { requireTools } from '../../support/system-tools';
import { closeMaster, exceptionOf, readInputFloat } from './sim-clients';

const skip = requireTools('socat');

describe.skipIf(skip)('ladle simulator on a serial PTY (socat pair)', () => {
  let pair: PtyPair | undefined;
  let endpoint: RtuEndpoint | undefined;
  const client = new ModbusRTU();

  beforeAll(async () => {
    pair = await startPtyPair();
    endpoint = await serveLadleOnSerialPort({ path: pair.peer, baudRate: 38400 });
    await client.connectRTUBuffered(pair.device, { baudRate: 38400, parity: 'even', dataBits: 8, stopBits: 1 });
    client.setID(1);
    client.setTimeout(1000);
  });

  afterAll(async () => {
    if (client.isOpen) await closeMaster(client);
    await endpoint?.close();
    await pair?.close();
  });

  it('answers reads, writes and exceptions with RTU framing over the serial line', async () => {
    expect(await readInputFloat(client, LadleMap.input.hoistPosition)).toBe(5);
    const holding = await client.readHoldingRegisters(0, 5);
    expect(holding.data).toEqual([0, 500, 0, 0, 1]);
    await client.writeRegister(2, 42);
    expect((await client.readHoldingRegisters(2, 1)).data[0]).toBe(42);
    expect(await exceptionOf(client.readInputRegisters(ladleModel.sizes.input, 1))).toBe(2); // past the end of the table
    await client.writeRegister(2, 0);
  });
});
