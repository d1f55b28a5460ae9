/**
 * Sparklines keep an uncertain value apart from a good one: recorded with its flag (not as a gap, not as good), and
 * drawn dashed and lighter, while a bad or stale value stays a gap (drawn on a recording canvas context).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FrameBatcher } from '../../../renderer/stores/frame-batcher';
import { RecentSeries, RecentValues } from '../../../renderer/stores/recent-values';
import { TelemetryStore } from '../../../renderer/stores/telemetry-store';
import { decodeTelemetry, encodeTelemetry, Quality } from '../../../shared/contract/telemetry';

/** One stroke on the canvas: its style and the segments ([x0, y0, x1, y1]) of its path. */
interface Stroke {
  stroke: string;
  dash: number[];
  segments: [number, number, number, number][];
}

/** The part of a 2D context a sparkline uses, recording each stroked path. */
function recordingContext() {
  const strokes: Stroke[] = [];
  let dash: number[] = [];
  let path: Stroke['segments'] = [];
  let at: [number, number] = [0, 0];
  const ctx = {
    strokeStyle: '',
    lineWidth: 1,
    clearRect: () => undefined,
    setLineDash: (d: number[]) => (dash = d),
    beginPath: () => (path = []),
    moveTo: (x: number, y: number) => (at = [x, y]),
    lineTo: (x: number, y: number) => {
      if (x !== at[0] || y !== at[1]) path.push([at[0], at[1], x, y]);
      at = [x, y];
    },
    stroke: () => strokes.push({ stroke: ctx.strokeStyle, dash, segments: path }),
  };
  return { ctx, strokes };
}

// DOM-typed (canvas), compiled for the browser project: loaded by path so this (node) project's type-check skips it.
const { drawSparkline } = (await import(fileURLToPath(new URL('../../../renderer/overview/sparklines.ts', import.meta.url)))) as {
  drawSparkline(ctx: unknown, series: RecentSeries, now: number, width: number, height: number, minSpan: number, windowMs?: number): void;
};

function frame(seq: number, value: number, quality: Quality) {
  const decoded = decodeTelemetry(encodeTelemetry(seq, 1000 + seq, 0, [[0, { value, sourceTime: 5, quality }]]));
  if ('error' in decoded) throw new Error(decoded.error);
  return decoded;
}

describe('recent values of uncertain quality', () => {
  it('keeps an uncertain value with its flag, and a bad or stale one as a gap', () => {
    const store = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
    let now = 0;
    const recent = new RecentValues(store, () => now);
    store.apply(frame(1, 1, Quality.good), () => undefined);
    const series = recent.track(0);
    for (const [value, quality] of [[2, Quality.uncertain], [3, Quality.bad], [4, Quality.stale], [5, Quality.good]] as const) {
      now += 100;
      store.apply(frame(now, value, quality), () => undefined);
    }
    const at = (i: number) => series.index(i);
    expect([0, 1, 2, 3, 4].map((i) => series.values[at(i)])).toEqual([1, 2, Number.NaN, Number.NaN, 5]);
    expect([0, 1, 2, 3, 4].map((i) => series.uncertain[at(i)])).toEqual([0, 1, 0, 0, 0]);
    series.prepend([-50], [0.5]); // history has no flag; the live flags stay where they were
    expect([0, 1, 2].map((i) => series.uncertain[series.index(i)])).toEqual([0, 0, 1]);
  });
});

describe('sparkline of good and uncertain stretches', () => {
  it('draws good stretches solid, uncertain ones dashed and lighter, and nothing over a gap', () => {
    const series = new RecentSeries(8);
    series.push(0, 10); // good 0..10
    series.push(10, 20, true); // uncertain 10..20
    series.push(20, Number.NaN); // bad: gap 20..30
    series.push(30, 10); // good again, to now (40)
    const { ctx, strokes } = recordingContext();
    drawSparkline(ctx, series, 40, 40, 22, 0, 40);
    const [good, uncertain] = strokes;
    expect(good?.dash).toEqual([]);
    expect(uncertain?.dash.length).toBeGreaterThan(0);
    expect(uncertain?.stroke).not.toBe(good?.stroke);
    const xs = (stroke: Stroke | undefined) => (stroke?.segments ?? []).filter(([, y0, , y1]) => y0 === y1).map(([x0, , x1]) => [x0, x1]);
    expect(xs(good)).toEqual([[0, 10], [30, 40]]); // the good holds
    expect(xs(uncertain)).toEqual([[10, 20]]); // the uncertain hold, in its own style
    expect(uncertain?.segments.some(([x0, y0, x1, y1]) => x0 === 10 && x1 === 10 && y0 !== y1)).toBe(true); // the step into it, dashed too
    const drawnOver = (x: number) => strokes.some((s) => s.segments.some(([x0, , x1]) => Math.min(x0, x1) < x && x < Math.max(x0, x1)));
    expect(drawnOver(25)).toBe(false); // the gap stays empty
  });
});
