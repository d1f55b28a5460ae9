/** Trend data shaping: engine buckets and live values as step series, gaps never bridged, bounded live memory. */
import { describe, expect, it } from 'vitest';
import { alignSeries, fromHistory, LiveBuffer, mergeLive, normaliseGaps } from '../../../renderer/trends/trend-data';

describe('fromHistory', () => {
  it('draws the carried-in value from the range start, then each bucket min and max in the order that continues the line', () => {
    const s = fromHistory({ signalId: 1, source: 'raw', t: [100, 200], min: [1, 2], max: [3, 2], carry: { t: 5, value: 4 }, gaps: [] }, 0, 300, 100);
    // from 4 (above the first bucket): falling, so max first; the second bucket is one value
    expect(s.t).toEqual([0, 100, 150, 200]);
    expect(s.y).toEqual([4, 3, 1, 2]);
  });

  it('ends each bucket on its last value: the value in effect until the next point, not an extreme', () => {
    // 10 before the range, 20 at T0 + 1 s, 15 at T0 + 1.5 s, nothing after: a 1 h trend at 1,500 px (2.4 s buckets).
    const T0 = 1_000_000;
    const s = fromHistory({ signalId: 1, source: 'raw', t: [T0], min: [15], max: [20], first: [20], last: [15], carry: { t: T0 - 1000, value: 10 }, gaps: [] }, T0, T0 + 3_600_000, 2400);
    const [x, y] = alignSeries([s], T0, T0 + 3_600_000);
    const at = (t: number) => y![x.findLastIndex((v) => v <= t)];
    expect(at(T0 + 1_800_000)).toBe(15);
    expect(Math.max(...(y as number[]))).toBe(20); // the extreme still shows
    // Rising to its last value: through the min first, then the max, then the last.
    const rising = fromHistory({ signalId: 1, source: 'raw', t: [0], min: [1], max: [9], first: [3], last: [5], gaps: [] }, 0, 100, 100);
    expect(rising).toEqual({ t: [0, 25, 50, 75], y: [3, 1, 9, 5], gaps: [] });
    // A bucket without them (intervals rolled up before rollups kept them): its extremes as before.
    expect(fromHistory({ signalId: 1, source: 'rollup', t: [0], min: [1], max: [9], first: [null], last: [null], gaps: [] }, 0, 100, 100).y).toEqual([1, 9]);
  });

  it('keeps the engine gaps, open when they run to the range end, and draws nothing before the first value without a carried value', () => {
    const s = fromHistory({ signalId: 1, source: 'raw', t: [10], min: [1], max: [1], gaps: [[20, 30], [40, 100]] }, 0, 100, 10);
    expect(s).toEqual({ t: [10], y: [1], gaps: [[20, 30], [40, Infinity]] });
  });
});

describe('alignSeries', () => {
  it('holds each value until the next point and leaves gaps null, never bridging an outage', () => {
    const [x, y] = alignSeries([{ t: [0, 10, 40], y: [1, 2, 5], gaps: [[20, 40]] }], 0, 50);
    expect(x).toEqual([0, 10, 20, 40, 50]);
    expect(y).toEqual([1, 2, null, 5, 5]);
  });

  it('aligns two series on the union of their times, each holding its own value, null before its first point', () => {
    const [x, a, b] = alignSeries([{ t: [0, 20], y: [1, 2], gaps: [] }, { t: [10], y: [7], gaps: [] }], 0, 30);
    expect(x).toEqual([0, 10, 20, 30]);
    expect(a).toEqual([1, 1, 2, 2]);
    expect(b).toEqual([null, 7, 7, 7]);
  });

  it('starts at the window: the value in effect at `from` is drawn from there, older points are dropped', () => {
    const [x, y] = alignSeries([{ t: [0, 5, 100], y: [1, 2, 3], gaps: [[1, 2]] }], 50, 150);
    expect(x).toEqual([50, 100, 150]);
    expect(y).toEqual([2, 3, 3]);
  });

  it('keeps an open gap up to the end (the last value never extends into an outage)', () => {
    const [, y] = alignSeries([{ t: [0], y: [1], gaps: [[10, Infinity]] }], 0, 100);
    expect(y).toEqual([1, null, null]);
    const [, closed] = alignSeries([{ t: [0, 100], y: [1, 2], gaps: [[10, 100]] }], 0, 100);
    expect(closed).toEqual([1, null, 2]); // closed exactly at the end: the new value shows
  });

  it('joins overlapping gaps', () => {
    expect(normaliseGaps([[5, 8], [0, 6], [10, 11]])).toEqual([[0, 8], [10, 11]]);
  });
});

describe('mergeLive', () => {
  it('takes history before live mode began and live values after, with both gap lists', () => {
    const history = { t: [0, 10, 20], y: [1, 2, 3], gaps: [[5, 25]] as [number, number][] };
    const live = { t: [15, 30], y: [9, 8], gaps: [[16, 18]] as [number, number][] };
    expect(mergeLive(history, live, 15)).toEqual({ t: [0, 10, 15, 30], y: [1, 2, 9, 8], gaps: [[5, 15], [16, 18]] });
  });
});

describe('LiveBuffer', () => {
  it('keeps at most four points per pixel bucket (first, min, max, last) however fast values arrive', () => {
    const live = new LiveBuffer(100);
    for (let i = 0; i < 100_000; i++) live.append(i, Math.sin(i / 7) * 10);
    expect(live.size).toBeLessThanOrEqual(4 * 1000);
    const s = live.toSeries(100_000);
    expect(s.t.length).toBeLessThanOrEqual(4 * 1000);
    expect(Math.max(...s.y)).toBeCloseTo(10, 1);
    expect(Math.min(...s.y)).toBeCloseTo(-10, 1);
    expect(s.y.at(-1)).toBeCloseTo(Math.sin(99_999 / 7) * 10, 6); // the current value is the one held at the end
    for (let i = 1; i < s.t.length; i++) expect(s.t[i]!).toBeGreaterThan(s.t[i - 1]!);
  });

  it('opens a gap on a stale value, closes it at the next good one, and runs an open gap to the end', () => {
    const live = new LiveBuffer(10);
    live.append(0, 1);
    live.append(20, null);
    live.append(25, null);
    expect(live.inGap).toBe(true);
    expect(live.toSeries(40).gaps).toEqual([[20, Infinity]]);
    live.append(50, 3);
    // The value before the gap is held up to its edge (a stepped line draws a hold only up to the next point).
    expect(live.toSeries(60)).toEqual({ t: [0, 20 - 0.01, 50], y: [1, 1, 3], gaps: [[20, 50]] });
  });

  it('trims what left the window but keeps the value in effect at its start', () => {
    const live = new LiveBuffer(10);
    for (let t = 0; t < 1000; t += 10) live.append(t, t);
    live.append(1000, null);
    live.append(1001, 5);
    live.trim(995);
    const s = live.toSeries(1100);
    expect(s.t[0]).toBe(990);
    expect(s.gaps).toEqual([[1000, 1001]]);
    live.trim(2000);
    expect(live.toSeries(2100).t).toEqual([1001]);
  });
});
