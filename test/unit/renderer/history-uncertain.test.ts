/**
 * History's uncertain periods drawn as live ones are: the trend's buckets split into the good line and the uncertain
 * line (a bucket partly uncertain dotted, never solid), through the controller as the chart gets them, and the
 * overview sparklines' back-fill flagged the same way.
 */
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrendSeries } from '../../../shared/contract/requests/history';
import { decodeTelemetry, encodeTelemetry, Quality } from '../../../shared/contract/telemetry';
import { FrameBatcher } from '../../../renderer/stores/frame-batcher';
import { RecentSeries } from '../../../renderer/stores/recent-values';
import { TelemetryStore } from '../../../renderer/stores/telemetry-store';
import { TrendController } from '../../../renderer/trends/trend-controller';
import { alignSeries, historyLines } from '../../../renderer/trends/trend-data';

// Imports the sparklines (DOM-typed, compiled for the browser project): loaded by path so this project's type-check skips it.
const { sparkPoints } = (await import(fileURLToPath(new URL('../../../renderer/overview/backfill.ts', import.meta.url)))) as {
  sparkPoints(s: TrendSeries, bucketMs: number, engineToLocal: number): { times: number[]; values: number[]; uncertain: boolean[] };
};

/** Ten 100 ms buckets over [0, 1000), value i in bucket i; uncertain from 250 to 520, a gap from 700 to 800. */
const SERIES: TrendSeries = {
  signalId: 0,
  source: 'raw',
  t: [0, 100, 200, 300, 400, 500, 600, 800, 900],
  min: [0, 1, 2, 3, 4, 5, 6, 8, 9],
  max: [0, 1, 2, 3, 4, 5, 6, 8, 9],
  first: [0, 1, 2, 3, 4, 5, 6, 8, 9],
  last: [0, 1, 2, 3, 4, 5, 6, 8, 9],
  gaps: [[700, 800]],
  uncertain: [[250, 520]],
};

/** The value of `ys` in effect at `t` on the aligned axis `x`. */
const at = (x: number[], ys: (number | null)[], t: number) => ys[x.findLastIndex((v) => v <= t)];

describe('historyLines', () => {
  it('draws an uncertain period, widened to the buckets it touches, in the uncertain line only, and the engine gaps in neither', () => {
    const { good, uncertain } = historyLines(SERIES, 0, 1000, 100);
    const [x, g, u] = alignSeries([good, uncertain], 0, 1000);
    const both = (t: number) => [at(x, g!, t), at(x, u!, t)];
    expect(both(150)).toEqual([1, null]); // good: solid only
    expect(both(200)).toEqual([null, 2]); // the bucket the period starts in: dotted from its start
    expect(both(350)).toEqual([null, 3]);
    expect(both(550)).toEqual([null, 5]); // the bucket it ends in: dotted to its end
    expect(both(600)).toEqual([6, null]); // good again
    expect(both(750)).toEqual([null, null]); // an outage: neither
    expect(both(950)).toEqual([9, null]);
  });

  it('runs a period that reaches the end of the range open (live values take over), starts one carried in at `from`, and gives none for an engine of before', () => {
    const open = historyLines({ ...SERIES, gaps: [], uncertain: [[0, 1000]], carry: { t: -50, value: 7 }, t: [100], min: [1], max: [1], first: [1], last: [1] }, 0, 1000, 100);
    expect(open.good.gaps).toContainEqual([0, Infinity]); // the good line stays empty until live values say otherwise
    const [x, g, u] = alignSeries([open.good, open.uncertain], 0, 1000);
    expect([at(x, g!, 0), at(x, u!, 0)]).toEqual([null, 7]);
    expect([at(x, g!, 999), at(x, u!, 999)]).toEqual([null, 1]);
    const { uncertain: none } = historyLines({ ...SERIES, uncertain: undefined }, 0, 1000, 100);
    expect(alignSeries([none], 0, 1000)[1]!.every((y) => y === null)).toBe(true);
  });
});

describe('TrendController with history of uncertain quality', () => {
  const T0 = 1_800_000_000_000;
  let now = T0;
  beforeEach(() => {
    vi.useFakeTimers();
    now = T0;
  });
  afterEach(() => vi.useRealTimers());

  it('draws a past uncertain stretch from history dotted after a reload, in history and in live mode, never in the good line', async () => {
    const telemetry = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    const frame = decodeTelemetry(encodeTelemetry(1, T0 - 1000, 0, [[0, { value: 5, sourceTime: T0 - 1000, quality: Quality.good }]]));
    if ('error' in frame) throw new Error(frame.error);
    telemetry.apply(frame, () => undefined, T0 - 1000);
    const controller = new TrendController({
      telemetry,
      now: () => now,
      engineLinked: () => true,
      onQuery: () => undefined,
      // 100 ms buckets at 600 px: good 1 up to 20 s before now, uncertain 2 for 10 s, then good 3.
      query: async (_ids, from) => [{ signalId: 0, source: 'raw', t: [from + 10_000, from + 40_000, from + 50_000], min: [1, 2, 3], max: [1, 2, 3], first: [1, 2, 3], last: [1, 2, 3], gaps: [], uncertain: [[from + 40_000, from + 50_000]] }],
    });
    const draws: [number[], ...(number | null)[][]][] = [];
    controller.attach('m', [0], { plotWidth: () => 600, draw: (data) => draws.push(data) });
    for (const selection of [{ tags: ['eq/x'], span: 60_000 }, { tags: ['eq/x'], span: 60_000, end: T0 - 1 }]) {
      controller.setSelection(selection);
      await vi.advanceTimersByTimeAsync(200);
      const from = (selection.end ?? T0) - 60_000;
      const [x, good, uncertain] = draws.at(-1)!;
      expect([at(x, good!, from + 20_000), at(x, uncertain!, from + 20_000)]).toEqual([1, null]);
      expect([at(x, good!, from + 45_000), at(x, uncertain!, from + 45_000)]).toEqual([null, 2]);
      expect([at(x, good!, from + 55_000), at(x, uncertain!, from + 55_000)]).toEqual([3, null]);
    }
    controller.dispose();
  });
});

describe('sparkline back-fill of uncertain history', () => {
  it('flags the buckets an uncertain period touches, ends it good where it ends inside a bucket, and keeps the flags in the ring', () => {
    const s: TrendSeries = { signalId: 0, source: 'raw', t: [0, 500, 1000, 1500], min: [1, 2, 3, 4], max: [1, 2, 3, 4], last: [1, 2, 3, 4], uncertain: [[600, 1200]] };
    const points = sparkPoints(s, 500, 10);
    expect(points.times).toEqual([10, 10, 510, 510, 1010, 1010, 1210, 1510, 1510]);
    expect(points.uncertain).toEqual([false, false, true, true, true, true, false, false, false]);
    const ring = new RecentSeries(16);
    ring.push(2000, 9); // live, good
    ring.prepend(points.times, points.values, points.uncertain);
    expect(Array.from({ length: ring.count }, (_, i) => ring.uncertain[ring.index(i)])).toEqual([0, 0, 1, 1, 1, 1, 0, 0, 0, 0]);
  });
});

describe('sparkline back-fill across an outage', () => {
  it('breaks the line where a gap starts and draws the bucket it ends in from its end: never through the outage', () => {
    // Buckets of 100 ms; an outage from 250 to 630: buckets 300–500 have no good value, bucket 600 has some after 630.
    const s: TrendSeries = { signalId: 0, source: 'raw', t: [0, 100, 200, 600, 700], min: [1, 2, 3, 7, 8], max: [1, 2, 3, 7, 8], first: [1, 2, 3, 7, 8], last: [1, 2, 3, 7, 8], gaps: [[250, 630]] };
    const points = sparkPoints(s, 100, 0);
    const breakAt = points.times.findIndex((_, i) => Number.isNaN(points.values[i]));
    expect(points.times[breakAt]).toBe(250);
    expect(points.times.slice(0, breakAt).every((t) => t < 250)).toBe(true);
    expect(points.times.slice(breakAt + 1)).toEqual([630, 630, 700, 700]); // bucket 600 from the gap's end on
    const ring = new RecentSeries(32);
    ring.prepend(points.times, points.values, points.uncertain);
    expect(Array.from({ length: ring.count }, (_, i) => ring.values[ring.index(i)]).some(Number.isNaN)).toBe(true);
  });
});

describe('sparkline back-fill of two outages the engine joined', () => {
  it('does not hold a brief good value inside the joined gap across the outage after it', () => {
    // The engine joined [10 s, 20.1 s) and [20.3 s, 50.3 s): the blip of 80 at 20.1 s lies inside the one gap.
    const s: TrendSeries = { signalId: 0, source: 'raw', t: [1000, 20_000, 50_000], min: [10, 80, 12], max: [10, 80, 12], first: [10, 80, 12], last: [10, 80, 12], gaps: [[10_000, 50_300]] };
    const points = sparkPoints(s, 500, 0);
    const ring = new RecentSeries(64);
    ring.prepend(points.times, points.values, points.uncertain);
    let drawnAt35s: number | undefined;
    for (let i = 0; i < ring.count; i++) if ((ring.times[ring.index(i)] as number) <= 35_000) drawnAt35s = ring.values[ring.index(i)];
    expect(drawnAt35s).toBeNaN();
    expect(points.values).not.toContain(80);
  });
});
