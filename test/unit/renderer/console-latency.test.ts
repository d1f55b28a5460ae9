/** Console-side latency: the clock offset from request round trips, and frame delivery / newest-frame age from it. */
import { describe, expect, it } from 'vitest';
import { ClockSync } from '../../../renderer/link/clock-sync';
import { ConsoleLatency } from '../../../renderer/link/console-latency';
import { TelemetryStore } from '../../../renderer/stores/telemetry-store';
import { FrameBatcher } from '../../../renderer/stores/frame-batcher';
import { decodeTelemetry, encodeTelemetry, Quality, type TelemetryFrame } from '../../../shared/contract/telemetry';
import { SignalStore } from '../../../main/engine/telemetry/signal-store';
import { TelemetryPump } from '../../../main/engine/telemetry/telemetry-pump';

/** The engine's clock runs 5000 ms behind this window's in these tests. */
const SKEW = 5000;

describe('clock sync', () => {
  it('takes the midpoint of a symmetric exchange as the offset, with half the round trip as its bound', () => {
    const sync = new ClockSync();
    expect(sync.offsetMs).toBeUndefined();
    // Sent at 10 000, the engine answered 2 ms later at its 5 002, received 2 ms after that.
    sync.observe(10_000, 10_002 - SKEW, 10_004);
    expect(sync.offsetMs).toBe(SKEW);
    expect(sync.uncertaintyMs).toBe(2);
  });

  it('prefers the quickest exchange: a slow, lopsided reply does not move the estimate', () => {
    const sync = new ClockSync();
    sync.observe(20_000, 20_001 - SKEW, 20_002);
    sync.observe(21_000, 21_001 - SKEW, 21_090); // the reply sat 89 ms in a queue on the way back
    expect(sync.offsetMs).toBe(SKEW);
    expect(sync.uncertaintyMs).toBe(1);
  });

  it('forgets a best sample once eight newer ones arrived, so a changed clock is followed', () => {
    const sync = new ClockSync();
    sync.observe(0, 0.5 - SKEW, 1);
    for (let i = 1; i <= 8; i++) sync.observe(i * 1000, i * 1000 + 2 - 7000, i * 1000 + 4);
    expect(sync.offsetMs).toBe(7000);
  });

  it('ignores exchanges that cannot be real (reply before request, no engine time)', () => {
    const sync = new ClockSync();
    sync.observe(100, 50, 90);
    sync.observe(100, Number.NaN, 110);
    expect(sync.offsetMs).toBeUndefined();
  });
});

describe('console latency', () => {
  it('gives delivery p50/p95 of recent frames with the clock offset removed', () => {
    const latency = new ConsoleLatency();
    // 100 frames delivered in 1..100 ms, engine clock SKEW behind.
    for (let d = 1; d <= 100; d++) latency.arrived(d * 10 - SKEW, d * 10 + d);
    const figures = latency.figures(1_100, SKEW);
    expect(figures.samples).toBe(100);
    expect(figures.deliveryP50Ms).toBe(50);
    expect(figures.deliveryP95Ms).toBe(95);
  });

  it('says nothing about delivery until the clock offset is known (the frame minimum would hide the delivery)', () => {
    const latency = new ConsoleLatency();
    latency.arrived(1000, 1030);
    latency.shown(1000);
    expect(latency.figures(1040, undefined)).toEqual({ samples: 0 });
    expect(latency.figures(1040, 0)).toMatchObject({ deliveryP50Ms: 30, newestFrameAgeMs: 40 });
  });

  it('counts only frames inside its window and within its capacity', () => {
    const latency = new ConsoleLatency(4, 1000);
    latency.arrived(0, 500); // 500 ms, older than the window at now = 2000
    for (let i = 0; i < 6; i++) latency.arrived(1500 + i, 1502 + i); // 2 ms each; the ring keeps the last 4
    const figures = latency.figures(2000, 0);
    expect(figures.samples).toBe(4);
    expect(figures.deliveryP95Ms).toBe(2);
  });

  it('clamps a delivery the offset bound makes look negative to zero', () => {
    const latency = new ConsoleLatency();
    latency.arrived(1000, 999.6);
    expect(latency.figures(1000, 0).deliveryP50Ms).toBe(0);
  });

  it('ages the newest frame shown on the engine clock, and a later shown frame never makes it older', () => {
    const latency = new ConsoleLatency();
    latency.shown(2000 - SKEW);
    latency.shown(1900 - SKEW); // an older frame's flush arriving late changes nothing
    expect(latency.figures(2250, SKEW).newestFrameAgeMs).toBe(250);
    latency.reset();
    expect(latency.figures(2250, SKEW)).toEqual({ samples: 0 });
  });

  it('measures real encoded frames as the renderer takes them: arrival on decode, shown at the store flush', () => {
    const latency = new ConsoleLatency();
    const scheduled: (() => void)[] = [];
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => scheduled.push(run)));
    store.subscribe(() => latency.shown(store.stats.lastEngineTime));
    const sentAt = 50_000 - SKEW; // engine clock when it sent the frame
    const decoded = decodeTelemetry(encodeTelemetry(7, sentAt, 0, [[3, { value: 1.25, sourceTime: sentAt - 40, quality: Quality.good }]]));
    if ('error' in decoded) throw new Error(decoded.error);
    latency.arrived(decoded.engineTime, 50_003);
    store.apply(decoded, () => undefined, 50_003);
    expect(latency.figures(50_010, SKEW).newestFrameAgeMs).toBeUndefined(); // applied, not yet drawn
    scheduled[0]!();
    expect(latency.figures(50_010, SKEW)).toEqual({ samples: 1, deliveryP50Ms: 3, deliveryP95Ms: 3, newestFrameAgeMs: 10 });
  });
});

describe('the engine stamps frames when it sends them', () => {
  it('a frame held back by an unacknowledged one carries the time it finally went, not the time of the change', () => {
    let clock = 1_000;
    const frames: TelemetryFrame[] = [];
    const store = new SignalStore(() => clock);
    const pump = new TelemetryPump({
      maxHz: 60,
      now: () => clock,
      send: (buffer) => {
        const frame = decodeTelemetry(buffer);
        if ('error' in frame) throw new Error(frame.error);
        frames.push(frame);
      },
    });
    pump.start(store);
    store.apply([{ signalId: 1, value: 1, quality: Quality.good, sourceTime: 1 }]);
    pump.flush();
    clock = 1_100;
    store.apply([{ signalId: 1, value: 2, quality: Quality.good, sourceTime: 1 }]);
    pump.flush(); // held: the first frame is not acknowledged yet
    clock = 1_400;
    pump.ack(frames[0]!.seq);
    pump.flush();
    pump.stop();
    expect(frames.map((f) => f.engineTime)).toEqual([1_000, 1_400]);
    // So the console's delivery figure is the trip alone, not the back-pressure wait before it.
    const latency = new ConsoleLatency();
    latency.arrived(frames[1]!.engineTime, 1_403);
    expect(latency.figures(1_403, 0).deliveryP50Ms).toBe(3);
  });
});
