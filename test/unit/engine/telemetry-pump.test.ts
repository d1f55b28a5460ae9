import { describe, expect, it } from 'vitest';
import { until } from '../../support/modbus-driver-harness';
import { SignalStore } from '../../../main/engine/telemetry/signal-store';
import { TelemetryPump } from '../../../main/engine/telemetry/telemetry-pump';
import { decodeTelemetry, Quality, type TelemetryFrame } from '../../../shared/contract/telemetry';

let clock = 1_000;
function collect(idleFrameMs?: number) {
  const frames: TelemetryFrame[] = [];
  const store = new SignalStore(() => clock);
  const pump = new TelemetryPump({
    maxHz: 60,
    ...(idleFrameMs !== undefined ? { idleFrameMs } : {}),
    send: (buffer) => {
      const frame = decodeTelemetry(buffer);
      if ('error' in frame) throw new Error(frame.error);
      frames.push(frame);
    },
  });
  const set = (signalId: number, value: number, quality: Quality = Quality.good) => store.apply([{ signalId, value, quality, sourceTime: 1 }]);
  return { frames, pump, store, set };
}

describe('telemetry pump', () => {
  it('sends nothing until the previous frame is acknowledged, then the latest values only', () => {
    const { frames, pump, store, set } = collect();
    pump.start(store);
    set(1, 1);
    pump.flush();
    expect(frames).toHaveLength(1);
    for (let i = 0; i < 100; i++) set(1, 100 + i);
    set(2, 5);
    pump.flush();
    expect(frames).toHaveLength(1); // no ack yet: back-pressure holds the frame
    pump.ack(frames[0]!.seq);
    pump.flush();
    expect(frames).toHaveLength(2);
    expect([...frames[1]!.ids]).toEqual([1, 2]);
    expect(frames[1]!.values[0]).toBe(199); // coalesced to the newest
    expect(frames[1]!.dropped).toBe(99); // and the overwritten ones counted
    expect(pump.stats.droppedTotal).toBe(99);
    pump.stop();
  });

  it('starts with every known value, counting nothing from before the subscription as dropped', () => {
    const { frames, pump, store, set } = collect();
    for (let i = 0; i < 10; i++) set(1, i);
    pump.start(store);
    pump.flush();
    pump.stop();
    expect(frames).toHaveLength(1);
    expect([...frames[0]!.ids]).toEqual([1]);
    expect(frames[0]!.values[0]).toBe(9);
    expect(frames[0]!.dropped).toBe(0);
    expect(pump.stats.droppedTotal).toBe(0);
  });

  it('keeps going past frame 2^32: the seq wraps as the wire carries it, so the client\'s ack still matches', () => {
    const { frames, pump, store, set } = collect();
    pump.start(store);
    (pump as unknown as { seq: number }).seq = 0xffff_fffe;
    for (let i = 0; i < 4; i++) {
      set(1, i);
      pump.flush();
      pump.ack(frames.at(-1)!.seq);
    }
    pump.stop();
    expect(frames.map((f) => f.seq)).toEqual([0xffff_ffff, 0, 1, 2]);
  });

  it('a subscribe that arrives after its session closed starts nothing', () => {
    const { frames, pump, store, set } = collect();
    pump.stop(); // the session closed while its telemetry.subscribe was being authorised
    pump.start(store);
    set(1, 1);
    pump.flush();
    expect(frames).toHaveLength(0);
    expect((pump as unknown as { timer: unknown }).timer).toBeUndefined();
  });

  it('ignores acknowledgements of other frames', () => {
    const { frames, pump, store, set } = collect();
    pump.start(store);
    set(1, 1);
    pump.flush();
    pump.ack(frames[0]!.seq + 5);
    set(1, 2);
    pump.flush();
    pump.stop();
    expect(frames).toHaveLength(1);
  });

  it('starts with every known value and sends at most one frame per tick', async () => {
    const { frames, pump, store, set } = collect();
    set(3, 3);
    set(4, 4);
    pump.start(store);
    await new Promise((r) => setTimeout(r, 60));
    pump.stop();
    expect(frames).toHaveLength(1);
    expect([...frames[0]!.ids].sort()).toEqual([3, 4]);
  });

  it('sends an unchanged polled value only as its group confirmation time', () => {
    const { frames, pump, store, set } = collect();
    store.define(0, { group: 0 });
    store.define(1, { group: 0 });
    store.define(2, { group: 1 });
    clock = 5_000;
    set(0, 10);
    set(1, 20);
    set(2, 30);
    pump.start(store);
    pump.flush();
    expect([...frames[0]!.groups]).toEqual([0, 0, 1]);
    expect([...frames[0]!.groupIds]).toEqual([0, 1]);
    pump.ack(frames[0]!.seq);
    clock = 5_100; // the next poll of group 0 answers the same values
    set(0, 10);
    set(1, 20);
    pump.flush();
    expect(frames).toHaveLength(2);
    expect(frames[1]!.ids).toHaveLength(0);
    expect([...frames[1]!.groupIds]).toEqual([0]);
    expect([...frames[1]!.groupConfirmTimes]).toEqual([5_100]);
    pump.ack(frames[1]!.seq);
    pump.flush(); // nothing new confirmed, nothing changed: no frame
    expect(frames).toHaveLength(2);
    pump.stop();
  });

  it('sends an empty frame when nothing has gone for the idle period: a site at rest never looks like a stalled engine', async () => {
    const { frames, pump, store, set } = collect(30);
    pump.start(store);
    set(1, 1);
    pump.flush();
    pump.ack(frames[0]!.seq);
    pump.flush(); // nothing new, and the last frame just went: none
    expect(frames).toHaveLength(1);
    await until(() => (pump.flush(), frames.length === 2), 2000, 'the idle frame');
    expect(frames[1]!.ids).toHaveLength(0);
    expect(frames[1]!.groupIds).toHaveLength(0);
    expect(frames[1]!.seq).toBe(frames[0]!.seq + 1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    pump.flush(); // not acknowledged: back-pressure holds the idle frames too
    expect(frames).toHaveLength(2);
    pump.stop();
  });

  it('follows a client that fell further behind than the journal holds', () => {
    const { frames, pump, store, set } = collect();
    pump.start(store);
    set(0, 0);
    pump.flush();
    for (let i = 0; i < 70_000; i++) set(i % 3, i + 1); // more than the journal's 65,536 entries
    pump.ack(frames[0]!.seq);
    pump.flush();
    expect([...frames[1]!.ids]).toEqual([0, 1, 2]);
    expect([...frames[1]!.values]).toEqual([70_000, 69_998, 69_999]) // i = 69,999 wrote id 0 last;
    expect(frames[1]!.dropped).toBe(70_000 - 3);
    pump.stop();
  });
});
