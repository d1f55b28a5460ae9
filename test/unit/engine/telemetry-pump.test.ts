import { describe, expect, it } from 'vitest';
import { TelemetryPump } from '../../../main/engine/telemetry/telemetry-pump';
import { decodeTelemetry, Quality, type TelemetryFrame } from '../../../shared/contract/telemetry';

function collect() {
  const frames: TelemetryFrame[] = [];
  const pump = new TelemetryPump({
    maxHz: 60,
    send: (buffer) => {
      const frame = decodeTelemetry(buffer);
      if ('error' in frame) throw new Error(frame.error);
      frames.push(frame);
    },
  });
  return { frames, pump };
}

const v = (value: number) => ({ value, sourceTime: 1, quality: Quality.good });

describe('telemetry pump', () => {
  it('sends nothing until the previous frame is acknowledged, then the latest values only', () => {
    const { frames, pump } = collect();
    pump.start([]);
    pump.offer(1, v(1));
    pump.flush();
    expect(frames).toHaveLength(1);
    for (let i = 0; i < 100; i++) pump.offer(1, v(100 + i));
    pump.offer(2, v(5));
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

  it('ignores changes until the client subscribes, so nothing is counted as dropped', () => {
    const { frames, pump } = collect();
    for (let i = 0; i < 10; i++) pump.offer(1, v(i));
    pump.start([[1, v(9)]]);
    pump.flush();
    pump.stop();
    expect(frames).toHaveLength(1);
    expect(frames[0]!.dropped).toBe(0);
    expect(pump.stats.droppedTotal).toBe(0);
  });

  it('ignores acknowledgements of other frames', () => {
    const { frames, pump } = collect();
    pump.start([]);
    pump.offer(1, v(1));
    pump.flush();
    pump.ack(frames[0]!.seq + 5);
    pump.offer(1, v(2));
    pump.flush();
    pump.stop();
    expect(frames).toHaveLength(1);
  });

  it('starts with every known value and sends at most one frame per tick', async () => {
    const { frames, pump } = collect();
    pump.start([
      [3, v(3)],
      [4, v(4)],
    ]);
    await new Promise((r) => setTimeout(r, 60));
    pump.stop();
    expect(frames).toHaveLength(1);
    expect([...frames[0]!.ids].sort()).toEqual([3, 4]);
  });
});
