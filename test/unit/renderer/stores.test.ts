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
