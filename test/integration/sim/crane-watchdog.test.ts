/** The crane's device-side watchdog over real Modbus TCP: heartbeats stop → controlled stop + latched fault; reset rules. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ModbusRTU from 'modbus-serial';
import { craneSimulator, CRANE_TICK_MS } from '../../../main/sim/crane/crane-sim';
import { CraneMap } from '../../../main/sim/crane/crane-map';
import { CRANE_AXES } from '../../../main/sim/crane/crane-model';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import { Fault, Refusal } from '../../../main/sim/modbus-server/plc/codes';
import type { RunningSimulator } from '../../../main/sim/simulator';
import { closeMaster, connectMaster, exceptionOf, pollUntil, readInputFloat, startHeartbeats, writeFloat } from './sim-clients';

const H = { ...ControlMap.holding, ...CraneMap.holding };
const I = { ...ControlMap.input, ...CraneMap.input };
const SURVIVAL_MS = 500;
const SPEED = 1.0;

describe('crane watchdog over Modbus TCP', () => {
  let sim: RunningSimulator;
  let client: ModbusRTU;

  beforeAll(async () => {
    sim = await craneSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
    client = await connectMaster('tcp', Number(new URL(sim.url).port));
  });

  afterAll(async () => {
    if (client) await closeMaster(client);
    await sim?.close();
  });

  it('stops motion and latches WATCHDOG when heartbeats stop; resets only after they resume', async () => {
    await client.writeRegister(H.controlOwner, 7);
    const heartbeats = startHeartbeats(client, H.heartbeat, 100);
    await pollUntil(() => client.readDiscreteInputs(ControlMap.discrete.heartbeatFresh, 1), (r) => r.data[0] === true);
    await writeFloat(client, H.trolleySpeedRef, SPEED);
    const cruising = await pollUntil(() => readInputFloat(client, I.trolleySpeed), (v) => v === SPEED); // the ramp ends exactly on the reference
    expect(cruising).toBe(SPEED);

    const lastBeatAt = await heartbeats.stop();
    const fault = await pollUntil(() => client.readInputRegisters(ControlMap.input.faultCode, 1), (r) => r.data[0] === Fault.watchdog, 5000, 10);
    const tripSeenAt = performance.now();
    expect(fault.data[0]).toBe(Fault.watchdog);
    // The device measures the heartbeat age at the trip on its own clock: survival time plus at most one model tick,
    // plus timer lateness on a loaded machine (printed, bounded loosely).
    const tripAge = (await client.readInputRegisters(ControlMap.input.lastTripAgeMs, 1)).data[0] ?? 0;
    expect(tripAge).toBeGreaterThanOrEqual(SURVIVAL_MS);
    expect(tripAge).toBeLessThan(SURVIVAL_MS + 5 * CRANE_TICK_MS);
    // The reference is zeroed at the trip: the controlled stop has begun.
    const ref = (await client.readHoldingRegisters(H.trolleySpeedRef, 2)).data;
    expect(ref).toEqual([0, 0]);
    const stopped = await pollUntil(() => readInputFloat(client, I.trolleySpeed), (v) => v === 0, 5000, 10);
    const stoppedAt = performance.now();
    expect(stopped).toBe(0);
    const status = await client.readDiscreteInputs(0, 6);
    expect(status.data.slice(0, 6)).toEqual([true, true, true, true, true, true]); // remote, owned, armed, wd fault, fault, standstill
    console.log(
      `watchdog: device trip age ${tripAge} ms (survival ${SURVIVAL_MS}, tick ${CRANE_TICK_MS}); client saw the trip ${Math.round(tripSeenAt - lastBeatAt)} ms ` +
        `after the last heartbeat ack and standstill ${Math.round(stoppedAt - lastBeatAt)} ms after (quick stop from ${SPEED} m/s at ${CRANE_AXES.trolley.quickStopDecel} m/s² = ${(SPEED / CRANE_AXES.trolley.quickStopDecel) * 1000} ms)`,
    );

    // Latched: motion refused, and a reset without heartbeats is refused too.
    expect(await exceptionOf(writeFloat(client, H.trolleySpeedRef, 0.5))).toBe(4);
    expect((await client.readInputRegisters(ControlMap.input.refusalReason, 1)).data[0]).toBe(Refusal.faultLatched);
    expect(await exceptionOf(client.writeCoil(ControlMap.coil.faultReset, true))).toBe(4);
    expect((await client.readInputRegisters(ControlMap.input.refusalReason, 1)).data[0]).toBe(Refusal.heartbeatStale);
    expect((await client.readInputRegisters(ControlMap.input.faultCode, 1)).data[0]).toBe(Fault.watchdog);

    // Heartbeats resume: still latched until the reset command.
    const resumed = startHeartbeats(client, H.heartbeat, 100);
    try {
      await pollUntil(() => client.readDiscreteInputs(ControlMap.discrete.heartbeatFresh, 1), (r) => r.data[0] === true);
      expect((await client.readInputRegisters(ControlMap.input.faultCode, 1)).data[0]).toBe(Fault.watchdog);
      expect(await exceptionOf(client.writeCoil(ControlMap.coil.faultReset, true))).toBeUndefined();
      expect((await client.readInputRegisters(ControlMap.input.faultBits, 2)).data).toEqual([0, Refusal.heartbeatStale]);
      expect(await exceptionOf(writeFloat(client, H.trolleySpeedRef, 0.5))).toBeUndefined();
      await writeFloat(client, H.trolleySpeedRef, 0);
    } finally {
      await resumed.stop();
      await client.writeRegister(H.controlOwner, 0);
    }
  });
});
