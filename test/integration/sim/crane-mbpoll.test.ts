/** mbpoll (Debian, an independent Modbus master) reads and writes the crane simulator, checked against the register map. */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type ModbusRTU from 'modbus-serial';
import { craneSimulator } from '../../../main/sim/crane/crane-sim';
import { CraneMap } from '../../../main/sim/crane/crane-map';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import type { RunningSimulator } from '../../../main/sim/simulator';
import { requireTools } from '../../support/system-tools';
import { closeMaster, connectMaster, pollUntil, startHeartbeats } from './sim-clients';

const skip = requireTools('mbpoll');
const H = { ...ControlMap.holding, ...CraneMap.holding };
const I = { ...ControlMap.input, ...CraneMap.input };
const D = { ...ControlMap.discrete, ...CraneMap.discrete };

interface MbpollResult {
  code: number;
  values: Map<number, number>;
  stderr: string;
}

/** Runs mbpoll once (`-1`) with 0-based references (`-0`) against the crane; parses its `[ref]: value` lines. */
function mbpoll(port: number, args: string[], writeValues: string[] = []): Promise<MbpollResult> {
  const argv = ['-m', 'tcp', '-a', '1', '-p', String(port), '-0', '-1', '-o', '2', ...args, '127.0.0.1', ...writeValues];
  return new Promise((resolve) => {
    execFile('mbpoll', argv, { timeout: 15_000 }, (error, stdout, stderr) => {
      const values = new Map<number, number>();
      for (const match of stdout.matchAll(/^\[(\d+)\]:\s+(\S+)/gm)) values.set(Number(match[1]), Number(match[2]));
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, values, stderr });
    });
  });
}

describe.skipIf(skip)('crane simulator with mbpoll as the master', () => {
  let sim: RunningSimulator;
  let port: number;
  let console7: ModbusRTU;

  beforeAll(async () => {
    sim = await craneSimulator.start({ host: '127.0.0.1', port: 0, dataDir: '' });
    port = Number(new URL(sim.url).port);
    console7 = await connectMaster('tcp', port);
  });

  afterAll(async () => {
    if (console7) await closeMaster(console7);
    await sim?.close();
  });

  it('reads float32 ABCD measurements from input registers (-t 3:float -B)', async () => {
    const r = await mbpoll(port, ['-t', '3:float', '-B', '-r', String(I.gantryPosition), '-c', '8']);
    expect(r.code).toBe(0);
    expect(r.values.get(I.gantryPosition)).toBe(100);
    expect(r.values.get(I.trolleyPosition)).toBe(30);
    expect(r.values.get(I.hoistPosition)).toBe(20);
    expect(r.values.get(I.loadWeight)).toBe(0);
    const wind = r.values.get(I.windSpeed) ?? -1;
    expect(wind).toBeGreaterThan(0);
    expect(wind).toBeLessThan(20);
  });

  it('reads int16 temperatures, an int32 position and the control block as 16-bit registers', async () => {
    const temps = await mbpoll(port, ['-t', '3', '-r', String(I.gantryMotorTemp), '-c', '4']);
    expect([...temps.values.values()]).toEqual([250, 250, 250, 1]); // 25.0 °C ×3 (scale 0.1), twistlocks unlocked
    const mm = await mbpoll(port, ['-t', '3:int', '-B', '-r', String(I.gantryPositionMm)]);
    expect(mm.values.get(I.gantryPositionMm)).toBe(100_000);
    const holding = await mbpoll(port, ['-t', '4', '-r', '0', '-c', '5']);
    expect([...holding.values.values()]).toEqual([0, 500, 0, 0, 1]); // heartbeat, survival ms, owner, take-over, remote
  });

  it('reads discrete inputs (-t 1): remote, standstill, twistlocks unlocked', async () => {
    const r = await mbpoll(port, ['-t', '1', '-r', '0', '-c', '19']);
    expect(r.values.get(D.remote)).toBe(1);
    expect(r.values.get(D.controlled)).toBe(0);
    expect(r.values.get(D.standstill)).toBe(1);
    expect(r.values.get(D.twistlocksUnlocked)).toBe(1);
    expect(r.values.get(D.twistlocksLocked)).toBe(0);
  });

  it('a coil write without control is refused with an exception (mbpoll fails, reason register set)', async () => {
    const r = await mbpoll(port, ['-t', '0', '-r', String(CraneMap.coil.spreaderLock)], ['1']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/failure/i);
    const reason = await mbpoll(port, ['-t', '3', '-r', String(I.refusalReason)]);
    expect(reason.values.get(I.refusalReason)).toBe(1); // notOwner
  });

  it('writes a holding register (control owner, wind limit) and reads it back', async () => {
    expect((await mbpoll(port, ['-t', '4', '-r', String(H.controlOwner)], ['7'])).code).toBe(0);
    expect((await mbpoll(port, ['-t', '4', '-r', String(H.windLimit)], ['185'])).code).toBe(0);
    const back = await console7.readHoldingRegisters(H.controlOwner, 1);
    expect(back.data[0]).toBe(7);
    expect((await mbpoll(port, ['-t', '4', '-r', String(H.windLimit)])).values.get(H.windLimit)).toBe(185);
  });

  it('writes a coil (spreader lock) and a float32 speed reference while the console sends heartbeats', async () => {
    const heartbeats = startHeartbeats(console7, H.heartbeat);
    try {
      await new Promise((r) => setTimeout(r, 250));
      expect((await mbpoll(port, ['-t', '0', '-r', String(CraneMap.coil.spreaderLock)], ['1'])).code).toBe(0);
      const locked = await pollUntil(() => console7.readInputRegisters(I.twistlockState, 1), (r) => r.data[0] === 2, 5000);
      expect(locked.data[0]).toBe(2);
      expect((await mbpoll(port, ['-t', '1', '-r', String(D.twistlocksLocked)])).values.get(D.twistlocksLocked)).toBe(1);
      expect((await mbpoll(port, ['-t', '4:float', '-B', '-r', String(H.gantrySpeedRef)], ['0.25'])).code).toBe(0);
      const moving = await pollUntil(
        () => mbpoll(port, ['-t', '3:float', '-B', '-r', String(I.gantrySpeed)]),
        (r) => r.values.get(I.gantrySpeed) === 0.25, // the ramp ends exactly on the reference
        5000,
        100,
      );
      expect(moving.values.get(I.gantrySpeed)).toBe(0.25);
      expect((await mbpoll(port, ['-t', '0', '-r', String(ControlMap.coil.stop)], ['1'])).code).toBe(0);
      const ref = await mbpoll(port, ['-t', '4:float', '-B', '-r', String(H.gantrySpeedRef)]);
      expect(ref.values.get(H.gantrySpeedRef)).toBe(0);
    } finally {
      await heartbeats.stop();
      await console7.writeRegister(H.controlOwner, 0); // release: disarms the watchdog
    }
  });
});
