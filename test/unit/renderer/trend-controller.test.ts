/**
 * The trend controller with a real telemetry store: history queried for the chart's width, live values appended after
 * it, a stale value opening a gap that the next good value closes, and history mode leaving live values alone.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrendSeries } from '../../../shared/contract/requests/history';
import { decodeTelemetry, encodeTelemetry, Quality, type TelemetryFrame } from '../../../shared/contract/telemetry';
import { FrameBatcher } from '../../../renderer/stores/frame-batcher';
import { TelemetryStore } from '../../../renderer/stores/telemetry-store';
import { TrendController } from '../../../renderer/trends/trend-controller';

const T0 = 1_800_000_000_000;
let now = T0;
let linked = true;

function frame(engineTime: number, value: number, quality: Quality, sourceTime = engineTime): TelemetryFrame {
  const decoded = decodeTelemetry(encodeTelemetry(1, engineTime, 0, [[0, { value, sourceTime, quality }]]));
  if ('error' in decoded) throw new Error(decoded.error);
  return decoded;
}

/** `staleAfterMs`: the tags' threshold (none: the app's default). */
function setup(staleAfterMs?: () => number) {
  const telemetry = new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run()));
  telemetry.apply(frame(T0 - 90_000, 5, Quality.good), () => undefined, T0 - 90_000);
  const queries: { from: number; to: number; widthPx: number }[] = [];
  const controller = new TrendController({
    telemetry,
    now: () => now,
    engineLinked: () => linked,
    ...(staleAfterMs ? { staleAfterMs } : {}),
    onQuery: () => undefined,
    query: async (_ids, from, to, widthPx) => {
      queries.push({ from, to, widthPx });
      const series: TrendSeries = { signalId: 0, source: 'raw', t: [from + 10_000], min: [1], max: [1], gaps: [[from + 20_000, from + 30_000]], carry: { t: from - 5000, value: 0.5 } };
      return [series];
    },
  });
  const draws: [number[], ...(number | null)[][]][] = [];
  controller.attach('m', [0], { plotWidth: () => 600, draw: (data) => draws.push(data) });
  return { telemetry, controller, queries, draws, last: () => draws[draws.length - 1]! };
}

beforeEach(() => {
  vi.useFakeTimers();
  now = T0;
  linked = true;
});
afterEach(() => vi.useRealTimers());

describe('TrendController', () => {
  it('queries history for the window at the chart width, then draws it with its gap and the live value from then on', async () => {
    const { controller, queries, last } = setup();
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    expect(queries.at(-1)).toEqual({ from: T0 - 60_000, to: T0, widthPx: 300 }); // a bucket per two pixels
    const [x, y] = last();
    const at = (t: number) => y![x.indexOf(t)];
    expect(at(T0 - 60_000)).toBe(0.5); // carried in
    expect(at(T0 - 50_000)).toBe(1);
    expect(at(T0 - 40_000)).toBeNull(); // the engine's gap stays empty
    expect(at(T0)).toBe(5); // the live value in effect when live mode began
    controller.dispose();
  });

  it('appends live values, opens a gap on a stale value and on a lost engine link, and closes it on the next good value', async () => {
    const { telemetry, controller, last } = setup();
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    now = T0 + 1000;
    telemetry.apply(frame(T0 + 1000, 6, Quality.good), () => undefined, T0 + 1000);
    await vi.advanceTimersByTimeAsync(300);
    expect(last()[1]!.at(-1)).toBe(6);
    now = T0 + 2000;
    telemetry.apply(frame(T0 + 2000, 6, Quality.stale), () => undefined, T0 + 2000);
    await vi.advanceTimersByTimeAsync(300);
    expect(last()[1]!.at(-1)).toBeNull();
    now = T0 + 3000;
    telemetry.apply(frame(T0 + 3000, 7, Quality.good), () => undefined, T0 + 3000);
    await vi.advanceTimersByTimeAsync(300);
    const [x, y] = last();
    expect(y!.at(-1)).toBe(7);
    expect(y![x.indexOf(T0 + 2000)]).toBeNull(); // the outage stays a gap, never bridged
    linked = false;
    now = T0 + 4000;
    await vi.advanceTimersByTimeAsync(300);
    expect(last()[1]!.at(-1)).toBeNull();
    controller.dispose();
  });

  it('ends a good line once its value goes unconfirmed past the tag threshold (nothing marked it stale), and resumes it on the next', async () => {
    const at = (t: number) => {
      now = t;
      vi.setSystemTime(t); // the window's clock, from which ages are taken, with the engine's
    };
    at(T0);
    const { telemetry, controller, last } = setup(() => 1000);
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    at(T0 + 500);
    telemetry.apply(frame(T0 + 500, 6, Quality.good), () => undefined, T0 + 500);
    await vi.advanceTimersByTimeAsync(300);
    expect(last()[1]!.at(-1)).toBe(6);
    at(T0 + 1400); // 0.9 s old: still live
    await vi.advanceTimersByTimeAsync(10);
    expect(last()[1]!.at(-1)).toBe(6);
    at(T0 + 3000); // 2.5 s old, still "good": no frame said otherwise
    await vi.advanceTimersByTimeAsync(300);
    expect(last()[1]!.at(-1)).toBeNull();
    at(T0 + 4000);
    telemetry.apply(frame(T0 + 4000, 7, Quality.good), () => undefined, T0 + 4000);
    await vi.advanceTimersByTimeAsync(300);
    expect(last()[1]!.at(-1)).toBe(7);
    controller.dispose();
  });

  it('never bridges an outage with a value back from stale that carries its source time from before it', async () => {
    const { telemetry, controller, last } = setup();
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    now = T0 + 1000;
    telemetry.apply(frame(T0 + 1000, 6, Quality.good), () => undefined, T0 + 1000);
    now = T0 + 2000;
    telemetry.apply(frame(T0 + 2000, 6, Quality.stale, T0 + 1000), () => undefined, T0 + 2000);
    now = T0 + 3000;
    telemetry.apply(frame(T0 + 3000, 6, Quality.good, T0 + 1000), () => undefined, T0 + 3000); // unchanged, its old time
    await vi.advanceTimersByTimeAsync(300);
    const [x, y] = last();
    const at = (t: number) => y![x.indexOf(t)];
    expect(at(T0 + 2000)).toBeNull(); // the outage stays a gap…
    expect(x.some((t, i) => t > T0 + 2000 && t < T0 + 3000 && y![i] !== null)).toBe(false);
    expect(at(T0 + 3000)).toBe(6); // …until the engine had the value again
    controller.dispose();
  });

  it('draws a chart rebuilt for the same signals (a language switch) at once from what it has, without a new query', async () => {
    const { controller, queries, last } = setup();
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    const asked = queries.length;
    const before = last();
    const rebuilt: [number[], ...(number | null)[][]][] = [];
    controller.attach('m', [0], { plotWidth: () => 600, draw: (data) => rebuilt.push(data) });
    expect(rebuilt).toHaveLength(1); // drawn before any timer or answer
    expect(rebuilt[0]).toEqual(before);
    await vi.advanceTimersByTimeAsync(200);
    expect(queries).toHaveLength(asked);
    // A chart with a signal not shown yet still queries.
    controller.attach('kn', [1], { plotWidth: () => 600, draw: () => undefined });
    await vi.advanceTimersByTimeAsync(50);
    expect(queries).toHaveLength(asked + 1);
    controller.dispose();
  });

  it('a chart rebuilt after a failed query asks again', async () => {
    const queries: number[] = [];
    let fail = true;
    const controller = new TrendController({
      telemetry: new TelemetryStore((flush) => new FrameBatcher(flush, (run) => run())),
      now: () => now,
      engineLinked: () => true,
      onQuery: () => undefined,
      query: async () => {
        queries.push(now);
        if (fail) throw new Error('engine busy');
        return [];
      },
    });
    controller.attach('m', [0], { plotWidth: () => 600, draw: () => undefined });
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    const asked = queries.length;
    fail = false;
    controller.attach('m', [0], { plotWidth: () => 600, draw: () => undefined }); // the language switch rebuilds it
    await vi.advanceTimersByTimeAsync(50);
    expect(queries).toHaveLength(asked + 1);
    controller.dispose();
  });

  it('re-queries at a new plot width once the layout settles, and not for a width that came back meanwhile', async () => {
    const { controller, queries } = setup();
    let width = 600;
    controller.attach('w', [0], { plotWidth: () => width, draw: () => undefined });
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    const asked = queries.length;
    width = 625; // a scrollbar went away while the charts were rebuilt…
    controller.resized();
    width = 600; // …and came back
    controller.resized();
    await vi.advanceTimersByTimeAsync(500);
    expect(queries).toHaveLength(asked);
    width = 700;
    controller.resized();
    await vi.advanceTimersByTimeAsync(500);
    expect(queries.at(-1)?.widthPx).toBe(350);
    expect(queries).toHaveLength(asked + 1);
    controller.dispose();
  });

  it('asks nothing without the engine link, and queries once the link is up', async () => {
    linked = false; // the page opened before the engine link was up
    const { controller, queries, last } = setup();
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    expect(queries).toHaveLength(0);
    linked = true;
    controller.linkUp();
    await vi.advanceTimersByTimeAsync(50);
    expect(queries).toHaveLength(1);
    const [x, y] = last();
    expect(y![x.indexOf(T0 - 50_000)]).toBe(1); // the history answer is drawn
    controller.dispose();
  });

  it('draws a live uncertain stretch as a series of its own, never as the good line, and a bad one as a gap in both', async () => {
    const { telemetry, controller, last } = setup();
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    const step = async (t: number, value: number, quality: Quality) => {
      now = t;
      telemetry.apply(frame(t, value, quality), () => undefined, t);
      await vi.advanceTimersByTimeAsync(300);
    };
    await step(T0 + 1000, 6, Quality.good);
    await step(T0 + 2000, 7, Quality.uncertain);
    await step(T0 + 3000, 8, Quality.bad);
    await step(T0 + 4000, 9, Quality.good);
    const [x, good, uncertain] = last();
    expect(last()).toHaveLength(3); // time, the good line, the uncertain line of the one signal
    const at = (series: (number | null)[] | undefined, t: number) => series![x.indexOf(t)];
    expect([at(good, T0 + 1000), at(uncertain, T0 + 1000)]).toEqual([6, null]);
    expect([at(good, T0 + 2000), at(uncertain, T0 + 2000)]).toEqual([null, 7]); // uncertain: only in its own series
    expect([at(good, T0 + 3000), at(uncertain, T0 + 3000)]).toEqual([null, null]); // bad: a gap in both
    expect([at(good, T0 + 4000), at(uncertain, T0 + 4000)]).toEqual([9, null]);
    // Each line holds its value right up to the switch (a stepped line draws a hold only up to a next point of its own).
    expect(at(good, T0 + 2000 - 0.01)).toBe(6);
    expect(at(uncertain, T0 + 3000 - 0.01)).toBe(7);
    expect(at(good, T0 - 50_000)).toBe(1); // history (which gives no quality) stays on the good line
    controller.dispose();
  });

  it('keeps an uncertain stretch on its own line when the device clock runs behind (the good line never covers it)', async () => {
    const { telemetry, controller, last } = setup();
    const lag = 3000; // the device's source times run 3 s behind the engine's
    controller.setSelection({ tags: ['eq/x'], span: 60_000 });
    await vi.advanceTimersByTimeAsync(200);
    now = T0 + 1000;
    telemetry.apply(frame(now, 6, Quality.uncertain, now - lag), () => undefined, now);
    await vi.advanceTimersByTimeAsync(300);
    now = T0 + 2500;
    telemetry.apply(frame(now, 7, Quality.good, now - lag), () => undefined, now);
    await vi.advanceTimersByTimeAsync(300);
    const [x, good, uncertain] = last();
    const live = x.map((t, i) => ({ t, good: good![i], uncertain: uncertain![i] })).filter((p) => p.t >= T0);
    expect(live.some((p) => p.uncertain === 6)).toBe(true);
    expect(live.filter((p) => p.good === 7).every((p) => live.every((q) => q.uncertain !== 6 || q.t <= p.t))).toBe(true);
    controller.dispose();
  });

  it('in history mode re-queries the new window and leaves live values out', async () => {
    const { telemetry, controller, queries, draws } = setup();
    controller.setSelection({ tags: ['eq/x'], span: 30_000, end: T0 - 10_000 });
    await vi.advanceTimersByTimeAsync(200);
    expect(queries.at(-1)).toEqual({ from: T0 - 40_000, to: T0 - 10_000, widthPx: 300 });
    const drawn = draws.length;
    telemetry.apply(frame(T0 + 1000, 9, Quality.good), () => undefined, T0 + 1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(draws.length).toBe(drawn);
    controller.dispose();
  });
});
