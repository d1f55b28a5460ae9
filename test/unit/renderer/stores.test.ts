import { describe, expect, it } from 'vitest';
import { FrameBatcher } from '../../../renderer/stores/frame-batcher';
import { SessionStore } from '../../../renderer/stores/session-store';
import { TelemetryStore } from '../../../renderer/stores/telemetry-store';
import { decodeTelemetry, encodeTelemetry, Quality, type TelemetryFrame } from '../../../shared/contract/telemetry';

function frame(seq: number, entries: [number, number | string][]): TelemetryFrame {
  const decoded = decodeTelemetry(encodeTelemetry(seq, 1000 + seq, 0, entries.map(([id, value]) => [id, { value, sourceTime: 5, quality: Quality.good }])));
  if ('error' in decoded) throw new Error(decoded.error);
  return decoded;
}

describe('telemetry store', () => {
  it('applies frames at once but notifies and acknowledges once per animation frame', () => {
    const scheduled: (() => void)[] = [];
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => scheduled.push(run)));
    let notified = 0;
    const acks: number[] = [];
    store.subscribe(() => notified++);
    store.apply(frame(1, [[0, 1.5]]), () => acks.push(1));
    store.apply(frame(2, [[0, 2.5], [1, 'HOLE-7']]), () => acks.push(2));
    expect(store.get(0)?.value).toBe(2.5);
    expect(store.get(1)?.value).toBe('HOLE-7');
    expect(notified).toBe(0);
    expect(scheduled).toHaveLength(1); // two frames, one scheduled render
    scheduled[0]!();
    expect(notified).toBe(1);
    expect(acks).toEqual([1, 2]);
  });

  it('replaces a value object on change so hook snapshots compare by identity', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    store.apply(frame(1, [[0, 1]]), () => undefined);
    const first = store.get(0);
    store.apply(frame(2, [[1, 9]]), () => undefined);
    expect(store.get(0)).toBe(first);
    store.apply(frame(3, [[0, 2]]), () => undefined);
    expect(store.get(0)).not.toBe(first);
  });
});

function framed(seq: number, engineTime: number, entries: [number, number, number][], confirmations: [number, number][]): TelemetryFrame {
  // entries: [id, value, group]
  const decoded = decodeTelemetry(
    encodeTelemetry(
      seq,
      engineTime,
      0,
      entries.map(([id, value, group]) => [id, { value, sourceTime: 5, quality: Quality.good, group }]),
      confirmations,
    ),
  );
  if ('error' in decoded) throw new Error(decoded.error);
  return decoded;
}

describe('telemetry store per-signal wake-ups', () => {
  it('wakes only the listeners of signals a frame changed, once per animation frame', () => {
    const scheduled: (() => void)[] = [];
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => scheduled.push(run)));
    const woken: string[] = [];
    store.subscribeSignal(0, () => woken.push('a'));
    const offB = store.subscribeSignal(1, () => woken.push('b'));
    store.subscribeSignal(2, () => woken.push('c'));
    store.apply(frame(1, [[0, 1]]), () => undefined);
    store.apply(frame(2, [[0, 2], [1, 3]]), () => undefined);
    scheduled.shift()!();
    expect(woken.sort()).toEqual(['a', 'b']);
    offB();
    store.apply(frame(3, [[1, 4]]), () => undefined);
    scheduled.shift()!();
    expect(woken).toHaveLength(2); // b unsubscribed, a and c unchanged
  });

  it('hands out the same subscribe and getter functions for an id', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    expect(store.signalSubscriber(3)).toBe(store.signalSubscriber(3));
    expect(store.signalGetter(3)).toBe(store.signalGetter(3));
    expect(store.signalSubscriber(3)).not.toBe(store.signalSubscriber(4));
    store.apply(frame(1, [[3, 7]]), () => undefined);
    expect(store.signalGetter(3)()).toBe(store.get(3));
  });

  it('ages an unchanged value from its group confirmation, on the engine clock', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    // The engine clock runs 10 s behind this window's; frames arrive 1 ms after they were sent.
    store.apply(framed(1, 1_000, [[0, 5, 2], [1, 6, 2], [2, 7, 0]], [[2, 990], [0, 995]]), () => undefined, 11_001);
    expect(store.ageMs(0, 11_001)).toBe(10);
    store.apply(framed(2, 1_500, [], [[2, 1_490]]), () => undefined, 11_501); // confirmation only
    expect(store.get(0)?.value).toBe(5);
    expect(store.ageMs(0, 11_601)).toBe(110);
    expect(store.ageMs(2, 11_601)).toBe(1_600 - 995); // group 0 last confirmed at 995
    expect(store.ageMs(9, 11_601)).toBeUndefined();
  });

  it('stops the age of a value that turned stale at its last confirmation', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    store.apply(framed(1, 1_000, [[0, 5, 0]], [[0, 1_000]]), () => undefined, 1_000);
    const stale = decodeTelemetry(encodeTelemetry(2, 3_000, 0, [[0, { value: 5, sourceTime: 5, quality: Quality.stale, group: 0 }]]));
    if ('error' in stale) throw new Error(stale.error);
    store.apply(stale, () => undefined, 3_000);
    expect(store.get(0)).toMatchObject({ value: 5, quality: Quality.stale });
    expect(store.ageMs(0, 4_000)).toBe(3_000);
  });

  it('a value already bad when it goes stale keeps the age it had when it went bad, however far its group moved since', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    const one = (seq: number, at: number, quality: Quality, confirmations: [number, number][]) => {
      const decoded = decodeTelemetry(encodeTelemetry(seq, at, 0, [[0, { value: 5, sourceTime: 5, quality, group: 0 }]], confirmations));
      if ('error' in decoded) throw new Error(decoded.error);
      store.apply(decoded, () => undefined, at);
    };
    one(1, 1_000, Quality.good, [[0, 1_000]]);
    one(2, 2_000, Quality.bad, [[0, 2_000]]); // its block answered an exception while the rest of the group polled fine
    store.apply(framed(3, 30_000, [[1, 7, 0]], [[0, 30_000]]), () => undefined, 30_000); // the others kept confirming
    one(4, 31_000, Quality.stale, []); // then the link went silent
    expect(store.get(0)?.quality).toBe(Quality.stale);
    expect(store.ageMs(0, 31_000)).toBe(30_000);
  });

  it('reset forgets every value and confirmation (a new engine link), and wakes the listeners of what it forgot', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    store.apply(framed(1, 1_000, [[7, 42, 1], [3, 1, 0]], [[1, 1_000]]), () => undefined, 1_000);
    const woken: number[] = [];
    store.subscribeSignal(7, () => woken.push(7));
    store.subscribeSignal(5, () => woken.push(5)); // never had a value: nothing to forget
    store.reset();
    expect(woken).toEqual([7]);
    expect(store.get(7)).toBeUndefined();
    expect(store.ageMs(7, 2_000)).toBeUndefined();
    // The new engine's full frame has id 3 only; group 1 now belongs to one of its connections, just confirmed.
    store.apply(framed(1, 60_000, [[3, 9, 1]], [[1, 60_000]]), () => undefined, 60_000);
    expect(store.get(7)).toBeUndefined(); // not its old 42, shown as good with the new group's age
    expect(store.get(3)).toMatchObject({ value: 9, quality: Quality.good });
    expect(store.ageMs(3, 60_000)).toBe(0);
  });

  it('a value already stale in the full frame after a reset still has an age: its group\'s time in that frame', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    store.reset();
    const full = decodeTelemetry(encodeTelemetry(1, 60_000, 0, [[4, { value: 2, sourceTime: 5, quality: Quality.stale, group: 1 }]], [[1, 58_000]]));
    if ('error' in full) throw new Error(full.error);
    store.apply(full, () => undefined, 60_000);
    expect(store.ageMs(4, 61_000)).toBe(3_000);
  });
});

describe('session store', () => {
  it('keeps a 64-bit integer exact next to its rounded double', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    const decoded = decodeTelemetry(encodeTelemetry(1, 0, 0, [[4, { value: -(2n ** 63n) + 1n, sourceTime: 5, quality: Quality.good }]]));
    if ('error' in decoded) throw new Error(decoded.error);
    store.apply(decoded, () => undefined);
    expect(store.get(4)).toMatchObject({ exact: '-9223372036854775807', value: Number(-(2n ** 63n) + 1n) });
  });

  it('keeps an immutable snapshot and maps equipment/tag to signal ids', () => {
    const store = new SessionStore();
    const before = store.getSnapshot();
    store.setSite('Site', [], [{ id: 4, equipmentId: 'crane', tag: 'hoistSpeed', type: 'float32' }]);
    expect(store.getSnapshot()).not.toBe(before);
    expect(store.getSnapshot().signalIds.get('crane/hoistSpeed')).toBe(4);
    store.setConnection({ connectionId: 'plc', protocol: 'modbus-tcp', state: 'connected', since: 1, attempt: 0 });
    expect(store.getSnapshot().connections.get('plc')?.state).toBe('connected');
  });
});
