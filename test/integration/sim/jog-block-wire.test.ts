/**
 * The jog command block over the wire with modbus-serial as the master: the crane on Modbus TCP, the ladle on RTU
 * over TCP. One FC16 block moves the axis; a replayed older seq is discarded and counted; another console is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ModbusRTU from 'modbus-serial';
import { craneSimulator } from '../../../main/sim/crane/crane-sim';
import { CraneMap } from '../../../main/sim/crane/crane-map';
import { ladleSimulator } from '../../../main/sim/ladle/ladle-sim';
import { LadleMap } from '../../../main/sim/ladle/ladle-map';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import { Refusal } from '../../../main/sim/modbus-server/plc/codes';
import { JogMap } from '../../../main/sim/modbus-server/plc/jog-command';
import { float32Words, wordsToFloat32 } from '../../../main/sim/modbus-server/register-image';
import type { RunningSimulator, SimulatorSpec } from '../../../main/sim/simulator';
import { closeMaster, connectMaster, exceptionOf, pollUntil, readInputFloat, startHeartbeats } from './sim-clients';

const OWNER = 7;

interface Case {
  spec: SimulatorSpec;
  framing: 'tcp' | 'rtu-tcp';
  axis: number;
  ref: number;
  speedRefHolding: number;
  speedInput: number;
}

const cases: Case[] = [
  { spec: craneSimulator, framing: 'tcp', axis: 1, ref: 1, speedRefHolding: CraneMap.holding.trolleySpeedRef, speedInput: CraneMap.input.trolleySpeed },
  { spec: ladleSimulator, framing: 'rtu-tcp', axis: 0, ref: 0.2, speedRefHolding: LadleMap.holding.hoistSpeedRef, speedInput: LadleMap.input.hoistSpeed },
];

/** One jog block: a single FC16 of five registers at holding 40. */
function writeJog(client: ModbusRTU, consoleId: number, seq: number, axis: number, ref: number): Promise<unknown> {
  return client.writeRegisters(JogMap.holding.jogConsole, [consoleId, seq, axis, ...float32Words(ref)]);
}

async function holdingFloat(client: ModbusRTU, address: number): Promise<number> {
  const { data } = await client.readHoldingRegisters(address, 2);
  return wordsToFloat32(data[0] ?? 0, data[1] ?? 0);
}

/** Input 40..45: accepted, stale, lastSeq, status, refused, timeouts. */
async function jogCounters(client: ModbusRTU): Promise<number[]> {
  return (await client.readInputRegisters(JogMap.input.jogAcceptedCount, 6)).data;
}

describe.each(cases)('jog block on the $spec.name simulator ($framing)', ({ spec, framing, axis, ref, speedRefHolding, speedInput }) => {
  let sim: RunningSimulator;
  let client: ModbusRTU;
  // Heartbeats on their own connection: modbus-serial's RTU-over-TCP master has one transaction slot, no queue.
  let beatClient: ModbusRTU;
  let heartbeats: { stop(): Promise<number> } | undefined;

  beforeAll(async () => {
    sim = await spec.start({ host: '127.0.0.1', port: 0, dataDir: '' });
    client = await connectMaster(framing, Number(new URL(sim.url).port));
    beatClient = await connectMaster(framing, Number(new URL(sim.url).port));
    await client.writeRegister(ControlMap.holding.controlOwner, OWNER);
    heartbeats = startHeartbeats(beatClient, ControlMap.holding.heartbeat, 100);
    await pollUntil(() => client.readDiscreteInputs(ControlMap.discrete.heartbeatFresh, 1), (r) => r.data[0] === true);
  });

  afterAll(async () => {
    if (client) {
      await writeJog(client, OWNER, 60_000, axis, 0).catch(() => undefined);
      await heartbeats?.stop();
      await client.writeRegister(ControlMap.holding.controlOwner, 0).catch(() => undefined);
      await closeMaster(client);
    }
    if (beatClient) await closeMaster(beatClient);
    await sim?.close();
  });

  it('moves the axis with one block write, across the 65535 → 0 wrap', async () => {
    expect(await exceptionOf(writeJog(client, OWNER, 65535, axis, ref / 2))).toBeUndefined();
    expect(await exceptionOf(writeJog(client, OWNER, 0, axis, ref))).toBeUndefined();
    const speed = await pollUntil(() => readInputFloat(client, speedInput), (v) => v >= ref * 0.5);
    expect(speed).toBeGreaterThanOrEqual(ref * 0.5);
    expect(await holdingFloat(client, speedRefHolding)).toBeCloseTo(ref, 6);
    expect((await client.readHoldingRegisters(JogMap.holding.jogConsole, 3)).data).toEqual([OWNER, 0, axis]);
    expect(await jogCounters(client)).toEqual([2, 0, 0, 0b01, 0, 0]);
  });

  it('discards a replayed older seq without an exception and counts it', async () => {
    expect(await exceptionOf(writeJog(client, OWNER, 65535, axis, 0))).toBeUndefined(); // a late stop from before the wrap
    expect(await exceptionOf(writeJog(client, OWNER, 0, axis, -ref))).toBeUndefined(); // a duplicate
    expect(await holdingFloat(client, speedRefHolding)).toBeCloseTo(ref, 6);
    const [accepted, stale, lastSeq] = await jogCounters(client);
    expect([accepted, stale, lastSeq]).toEqual([2, 2, 0]);
    expect(await readInputFloat(client, speedInput)).toBeGreaterThan(0);
  });

  it('refuses another console’s block (ownedByOther, exception 4) and then stops on the owner’s zero', async () => {
    const refusals = (await client.readInputRegisters(ControlMap.input.refusalCount, 1)).data[0] ?? 0;
    expect(await exceptionOf(writeJog(client, OWNER + 1, 1, axis, 0))).toBe(4);
    expect((await client.readInputRegisters(ControlMap.input.refusalReason, 2)).data).toEqual([Refusal.ownedByOther, refusals + 1]);
    expect(await exceptionOf(writeJog(client, OWNER, 1, axis, 0))).toBeUndefined();
    const stopped = await pollUntil(() => readInputFloat(client, speedInput), (v) => v === 0);
    expect(stopped).toBe(0);
    expect((await jogCounters(client)).slice(0, 5)).toEqual([3, 2, 1, 0b01, 1]);
  });

  it('zeroes a jog not refreshed within jogTimeoutMs and counts it (heartbeats still running)', async () => {
    await client.writeRegister(JogMap.holding.jogTimeoutMs, 300);
    try {
      expect(await exceptionOf(writeJog(client, OWNER, 2, axis, ref))).toBeUndefined();
      const counters = await pollUntil(() => jogCounters(client), (c) => c[5] === 1, 5000);
      expect(counters[5]).toBe(1);
      expect(await holdingFloat(client, speedRefHolding)).toBe(0);
    } finally {
      await client.writeRegister(JogMap.holding.jogTimeoutMs, 0);
    }
  });
});
