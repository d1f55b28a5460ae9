/** The shared jog command block (holding/input 40..45) through real FC16 request PDUs, on the crane and the ladle models. */
import { describe, expect, it } from 'vitest';
import { craneModel, CraneMap } from '../../../main/sim/crane/crane-map';
import type { CraneState } from '../../../main/sim/crane/crane-model';
import { ladleModel } from '../../../main/sim/ladle/ladle-map';
import { ControlMap } from '../../../main/sim/modbus-server/plc/control-map';
import { Fault, Refusal } from '../../../main/sim/modbus-server/plc/codes';
import { seqIsNewer } from '../../../main/sim/modbus-server/plc/jog';
import { JogMap } from '../../../main/sim/modbus-server/plc/jog-command';
import { wordsToFloat32 } from '../../../main/sim/modbus-server/register-image';
import { DeviceHarness } from './device-harness';

const H = { ...ControlMap.holding, ...CraneMap.holding, ...JogMap.holding };
const I = { ...ControlMap.input, ...JogMap.input };
const TROLLEY = 1;

/** A crane owned by console 7 with heartbeats armed. */
function ownedCrane(): DeviceHarness<CraneState> {
  const h = new DeviceHarness(craneModel);
  h.takeControl(7);
  return h;
}

describe('sequence-number arithmetic (16 bits, window 32768)', () => {
  it('is newer 1..32767 ahead, wrapping at 65535 → 0; equal, behind and exactly half-way are not newer', () => {
    expect(seqIsNewer(2, 1)).toBe(true);
    expect(seqIsNewer(0, 65535)).toBe(true);
    expect(seqIsNewer(5, 65530)).toBe(true);
    expect(seqIsNewer(32767, 0)).toBe(true);
    expect(seqIsNewer(1, 1)).toBe(false);
    expect(seqIsNewer(1, 2)).toBe(false);
    expect(seqIsNewer(65535, 0)).toBe(false);
    expect(seqIsNewer(32768, 0)).toBe(false);
  });
});

describe('jog block on the crane', () => {
  it('applies the owner’s block to the named axis, moves it, counts it and reads the block back', () => {
    const h = ownedCrane();
    expect(h.jog(7, 1, TROLLEY, 1.5)).toBeUndefined();
    expect(h.state.trolley.ref).toBe(1.5);
    expect(h.state.gantry.ref).toBe(0);
    h.advanceWithHeartbeats(1000);
    expect(h.state.trolley.speed).toBeGreaterThan(0.5);
    const image = h.device.image.holding;
    expect([...image.slice(H.jogConsole, H.jogAxis + 1)]).toEqual([7, 1, TROLLEY]);
    expect(wordsToFloat32(image[H.jogSpeedRef] ?? 0, image[H.jogSpeedRef + 1] ?? 0)).toBe(1.5);
    expect([h.input(I.jogAcceptedCount), h.input(I.staleJogCount), h.input(I.lastJogSeq), h.input(I.jogStatus)]).toEqual([1, 0, 1, 0b01]);
  });

  it('discards an equal or older seq without an exception, leaves the reference alone and counts it stale', () => {
    const h = ownedCrane();
    h.jog(7, 10, TROLLEY, 1);
    expect(h.jog(7, 10, TROLLEY, 2)).toBeUndefined(); // a duplicate (e.g. a retried frame)
    expect(h.jog(7, 9, TROLLEY, 3)).toBeUndefined(); // older
    expect(h.state.trolley.ref).toBe(1);
    expect([h.input(I.staleJogCount), h.input(I.lastJogSeq), h.input(I.jogAcceptedCount)]).toEqual([2, 10, 1]);
    expect(h.input(I.refusalCount)).toBe(0); // stale is not a refusal
  });

  it('discards out-of-order blocks: 11, 13, then the late 12', () => {
    const h = ownedCrane();
    h.jog(7, 11, TROLLEY, 0.5);
    h.jog(7, 13, TROLLEY, 0);
    expect(h.jog(7, 12, TROLLEY, 2)).toBeUndefined();
    expect(h.state.trolley.ref).toBe(0);
    expect([h.input(I.staleJogCount), h.input(I.lastJogSeq)]).toEqual([1, 13]);
  });

  it('accepts the wrap-around 65535 → 0 → 1 and then discards 65535 as old', () => {
    const h = ownedCrane();
    expect(h.jog(7, 65534, TROLLEY, 0.5)).toBeUndefined();
    expect(h.jog(7, 65535, TROLLEY, 0.6)).toBeUndefined();
    expect(h.jog(7, 0, TROLLEY, 0.7)).toBeUndefined();
    expect(h.jog(7, 1, TROLLEY, 0.8)).toBeUndefined();
    expect(h.state.trolley.ref).toBeCloseTo(0.8, 6);
    h.jog(7, 65535, TROLLEY, 2);
    expect(h.state.trolley.ref).toBeCloseTo(0.8, 6);
    expect([h.input(I.jogAcceptedCount), h.input(I.staleJogCount), h.input(I.lastJogSeq)]).toEqual([4, 1, 1]);
  });

  it('refuses a block from another console (ownedByOther) or with nobody in control (notOwner), counted', () => {
    const free = new DeviceHarness(craneModel);
    expect(free.jog(7, 1, TROLLEY, 1)).toBe(4);
    expect([free.input(I.refusalReason), free.input(I.jogRefusedCount)]).toEqual([Refusal.notOwner, 1]);
    const h = ownedCrane();
    expect(h.jog(9, 1, TROLLEY, 1)).toBe(4);
    expect([h.input(I.refusalReason), h.input(I.refusalCount), h.input(I.jogRefusedCount)]).toEqual([Refusal.ownedByOther, 1, 1]);
    expect(h.state.trolley.ref).toBe(0);
    expect(h.jog(7, 1, TROLLEY, 1)).toBeUndefined(); // the intruder consumed nothing of the owner's sequence
  });

  it('always applies the owner’s zero reference, even when the motion gate refuses non-zero ones', () => {
    const h = ownedCrane();
    h.jog(7, 1, TROLLEY, 1);
    h.writeWord(H.simFaultInject, Fault.driveFault);
    expect(h.jog(7, 2, TROLLEY, 0.5)).toBe(4);
    expect(h.input(I.refusalReason)).toBe(Refusal.faultLatched);
    expect(h.jog(7, 3, TROLLEY, 0)).toBeUndefined();
    expect(h.state.trolley.ref).toBe(0);
    const stale = ownedCrane();
    stale.jog(7, 1, TROLLEY, 1);
    stale.now += 400; // heartbeats stopped, survival 500 ms not yet reached: a new non-zero ref is refused
    stale.writeWord(H.survivalMs, 300);
    expect(stale.jog(7, 2, TROLLEY, 2)).toBe(4);
    expect(stale.input(I.refusalReason)).toBe(Refusal.noHeartbeat);
    expect(stale.jog(7, 3, TROLLEY, 0)).toBeUndefined();
    expect(stale.state.trolley.ref).toBe(0);
  });

  it('consumes the seq of a refused block, so a delayed copy of it is discarded later', () => {
    const h = ownedCrane();
    h.writeWord(H.simWindOverride, 250); // 25 m/s > 20 m/s limit: trolley refused
    h.advanceWithHeartbeats(100);
    expect(h.jog(7, 5, TROLLEY, 1)).toBe(4);
    expect([h.input(I.refusalReason), h.input(I.lastJogSeq)]).toEqual([Refusal.windTooHigh, 5]);
    h.writeWord(H.simWindOverride, 10); // calm
    h.advanceWithHeartbeats(100);
    expect(h.writeFloat(H.trolleySpeedRef, 0.1)).toBeUndefined(); // the gate passes again
    h.writeFloat(H.trolleySpeedRef, 0);
    expect(h.jog(7, 5, TROLLEY, 1)).toBeUndefined();
    expect(h.state.trolley.ref).toBe(0);
    expect(h.input(I.staleJogCount)).toBe(1);
  });

  it('starts fresh after take-over, release and take: the new owner’s low seqs apply', () => {
    const h = ownedCrane();
    h.jog(7, 500, TROLLEY, 1);
    expect(h.writeWord(H.takeOver, 9)).toBeUndefined();
    expect([h.input(I.jogStatus) & 1, h.device.image.holding[H.jogConsole]]).toEqual([0, 0]);
    expect(h.jog(7, 501, TROLLEY, 1)).toBe(4); // the old owner is refused
    expect(h.jog(9, 1, TROLLEY, 1)).toBeUndefined();
    expect(h.state.trolley.ref).toBe(1);
    h.writeWord(H.controlOwner, 0);
    h.takeControl(9);
    expect(h.jog(9, 1, TROLLEY, 0.5)).toBeUndefined();
    expect([h.input(I.lastJogSeq), h.input(I.staleJogCount)]).toEqual([1, 0]);
    // Re-writing your own id is not an ownership change: tracking continues.
    h.writeWord(H.controlOwner, 9);
    h.jog(9, 1, TROLLEY, 0.5);
    expect(h.input(I.staleJogCount)).toBe(1);
  });

  it('refuses a partial or mixed write of the block with exception 2 (partialBlock) and changes nothing', () => {
    const h = ownedCrane();
    expect(h.writeWord(H.jogSeq, 3)).toBe(2);
    expect(h.input(I.refusalReason)).toBe(Refusal.partialBlock);
    expect(h.writeWords(H.jogConsole, [7, 3, TROLLEY, 0x3f80])).toBe(2);
    expect(h.writeWords(H.jogConsole, [7, 3, TROLLEY, 0x3f80, 0, 0])).toBe(2); // with jogTimeoutMs: not alone
    expect(h.state.trolley.ref).toBe(0);
    expect(h.input(I.lastJogSeq)).toBe(0);
  });

  it('refuses an unknown axis index or an out-of-range reference with exception 3', () => {
    const h = ownedCrane();
    expect(h.jog(7, 1, 3, 0.1)).toBe(3);
    expect(h.jog(7, 2, TROLLEY, 99)).toBe(3);
    expect(h.jog(7, 3, TROLLEY, Number.NaN)).toBe(3);
    expect(h.input(I.jogRefusedCount)).toBe(3);
  });

  it('keeps the per-axis speed-reference registers working', () => {
    const h = ownedCrane();
    expect(h.writeFloat(H.trolleySpeedRef, 0.4)).toBeUndefined();
    expect(h.state.trolley.ref).toBeCloseTo(0.4, 6);
    expect(h.input(I.jogAcceptedCount)).toBe(0);
  });
});

describe('jog lease (jogTimeoutMs)', () => {
  it('is off by default: a jog reference without refresh stays', () => {
    const h = ownedCrane();
    h.jog(7, 1, TROLLEY, 1);
    h.advanceWithHeartbeats(2000);
    expect(h.state.trolley.ref).toBe(1);
  });

  it('zeroes a non-zero jog reference not refreshed by a newer seq within the timeout, and counts it', () => {
    const h = ownedCrane();
    expect(h.writeWord(H.jogTimeoutMs, 20)).toBe(3);
    expect(h.writeWord(H.jogTimeoutMs, 300)).toBeUndefined();
    let seq = 1;
    h.jog(7, seq, TROLLEY, 1);
    for (let t = 0; t < 1000; t += 100) {
      h.jog(7, ++seq, TROLLEY, 1); // refreshed every 100 ms
      h.advanceWithHeartbeats(100);
    }
    expect([h.state.trolley.ref, h.input(I.jogStatus)]).toEqual([1, 0b11]);
    h.jog(7, seq, TROLLEY, 1); // a stale copy does not refresh the lease
    h.advanceWithHeartbeats(400);
    expect(h.state.trolley.ref).toBe(0);
    expect([h.input(I.jogTimeoutCount), h.input(I.jogStatus)]).toEqual([1, 0b01]);
  });

  it('ends quietly when the reference was zeroed another way (stop)', () => {
    const h = ownedCrane();
    h.writeWord(H.jogTimeoutMs, 200);
    h.jog(7, 1, TROLLEY, 1);
    h.writeCoil(ControlMap.coil.stop, true);
    h.advanceWithHeartbeats(500);
    expect(h.input(I.jogTimeoutCount)).toBe(0);
  });
});

describe('jog block on the ladle crane', () => {
  it('indexes hoist 0 and tilt 1, and refuses index 2', () => {
    const h = new DeviceHarness(ladleModel);
    h.takeControl(4);
    expect(h.jog(4, 1, 0, 0.2)).toBeUndefined();
    expect(h.state.hoist.ref).toBeCloseTo(0.2, 6);
    expect(h.jog(4, 2, 1, 1)).toBe(4); // tilt to pour outside the pour zone: the ladle's own interlock
    expect(h.input(I.refusalReason)).toBe(Refusal.hoistNotStoppedInPourZone);
    expect(h.state.tilt.ref).toBe(0);
    expect(h.jog(4, 3, 2, 0)).toBe(3);
    h.jog(4, 2, 0, 0);
    expect([h.state.hoist.ref, h.input(I.staleJogCount), h.input(I.lastJogSeq)]).toEqual([expect.closeTo(0.2, 6), 1, 3]);
  });
});
