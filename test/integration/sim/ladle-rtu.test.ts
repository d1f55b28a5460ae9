/** RTU-over-TCP framing of the ladle simulator with modbus-serial as the master, plus raw frames for CRC and broadcast. */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ModbusRTU from 'modbus-serial';
import { ladleSimulator } from '../../../main/sim/ladle/ladle-sim';
import { LadleMap, ladleModel } from '../../../main/sim/ladle/ladle-map';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import { hasValidCrc, withCrc } from '../../../main/sim/modbus-server/crc16';
import { Refusal } from '../../../main/sim/modbus-server/plc/codes';
import type { RunningSimulator } from '../../../main/sim/simulator';
import { closeMaster, connectMaster, exceptionOf, readInputFloat, startHeartbeats, writeFloat } from './sim-clients';

const H = { ...ControlMap.holding, ...LadleMap.holding };
const I = { ...ControlMap.input, ...LadleMap.input };

/** A raw TCP socket that collects every byte the device sends. */
async function rawSocket(port: number): Promise<{ socket: Socket; received: () => Buffer }> {
  const socket = connect({ host: '127.0.0.1', port });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  let received = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
  return { socket, received: () => received };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('ladle simulator: Modbus RTU over TCP', () => {
  let sim: RunningSimulator;
  let port: number;
  let client: ModbusRTU;

  beforeAll(async () => {
    sim = await ladleSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
    port = Number(new URL(sim.url).port);
    client = await connectMaster('rtu-tcp', port);
  });

  afterAll(async () => {
    if (client) await closeMaster(client);
    await sim?.close();
  });

  it('serves reads of every table through modbus-serial (raw RTU over TCP: connectTelnet)', async () => {
    expect(await readInputFloat(client, I.hoistPosition)).toBe(5);
    expect(await readInputFloat(client, I.tiltAngle)).toBe(0);
    expect(await readInputFloat(client, I.hookLoad)).toBeGreaterThan(179);
    expect(await readInputFloat(client, I.steelTemperature)).toBeGreaterThan(1590);
    const holding = await client.readHoldingRegisters(0, 5);
    expect(holding.data).toEqual([0, 500, 0, 0, 1]);
    const discrete = await client.readDiscreteInputs(LadleMap.discrete.hoistLimitLower, 6);
    expect(discrete.data.slice(0, 6)).toEqual([false, false, true, false, false, false]); // upright, not in pour zone
    const coils = await client.readCoils(0, 2);
    expect(coils.data.slice(0, 2)).toEqual([false, false]);
  });

  it('answers exception replies: 2 past the table, 4 for an interlocked command with the reason register', async () => {
    expect(await exceptionOf(client.readInputRegisters(ladleModel.sizes.input, 2))).toBe(2);
    await client.writeRegister(H.controlOwner, 7);
    const heartbeats = startHeartbeats(client, H.heartbeat, 100);
    try {
      await sleep(250);
      expect(await exceptionOf(writeFloat(client, H.tiltSpeedRef, 1))).toBe(4);
      expect((await client.readInputRegisters(ControlMap.input.refusalReason, 1)).data[0]).toBe(Refusal.hoistNotStoppedInPourZone);
      expect(await exceptionOf(writeFloat(client, H.hoistSpeedRef, 5))).toBe(3); // beyond 0.3 m/s
      expect(await exceptionOf(writeFloat(client, H.hoistSpeedRef, 0.1))).toBeUndefined();
      await sleep(300);
      expect(await readInputFloat(client, I.hoistSpeed)).toBeGreaterThan(0);
    } finally {
      await writeFloat(client, H.hoistSpeedRef, 0);
      await heartbeats.stop();
      await client.writeRegister(H.controlOwner, 0);
    }
  });

  it('ignores a CRC-corrupted request (no reply), then answers the next good one on the same connection', async () => {
    const { socket, received } = await rawSocket(port);
    try {
      const request = withCrc(Buffer.from([1, 3, 0, H.survivalMs, 0, 1]));
      const corrupted = Buffer.from(request);
      corrupted[request.length - 1]! ^= 0x5a;
      socket.write(corrupted);
      await sleep(300);
      expect(received()).toHaveLength(0);
      socket.write(request);
      await sleep(200);
      const reply = received();
      expect(reply.toString('hex')).toBe(withCrc(Buffer.from([1, 3, 2, 0x01, 0xf4])).toString('hex')); // 500 ms
      expect(hasValidCrc(reply)).toBe(true);
    } finally {
      socket.destroy();
    }
  });

  it('stays silent for other unit ids and for broadcasts, and executes broadcast writes', async () => {
    const { socket, received } = await rawSocket(port);
    try {
      socket.write(withCrc(Buffer.from([9, 3, 0, 0, 0, 1])));
      await sleep(150);
      socket.write(withCrc(Buffer.from([0, 6, 0, H.survivalMs, 0x01, 0x2c]))); // broadcast: survival 300 ms
      await sleep(150);
      expect(received()).toHaveLength(0);
      expect((await client.readHoldingRegisters(H.survivalMs, 1)).data[0]).toBe(300);
      await client.writeRegister(H.survivalMs, 500);
    } finally {
      socket.destroy();
    }
  });

  it('answers illegal function (1) for a function code it does not serve', async () => {
    const { socket, received } = await rawSocket(port);
    try {
      socket.write(withCrc(Buffer.from([1, 0x2b, 0x0e, 0x01, 0x00])));
      await sleep(200);
      expect(received().toString('hex')).toBe(withCrc(Buffer.from([1, 0xab, 1])).toString('hex'));
    } finally {
      socket.destroy();
    }
  });
});
