/** Window statistics of the RTT rings: percentiles, jitter, loss, histogram, window cut-off and capacity. */
import { describe, expect, it } from 'vitest';
import { HISTOGRAM_EDGES_MS, RttSeries } from '../../../main/engine/link/rtt-series';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('RttSeries', () => {
  it('reports min/p50/p95/p99/max, jitter and the histogram of the window', () => {
    const c = clock();
    const s = new RttSeries(c.now);
    for (let i = 1; i <= 100; i++) {
      s.recordRtt(i);
      c.advance(10);
    }
    const w = s.stats(10_000);
    expect(w).toMatchObject({ samples: 100, min: 1, p50: 50, p95: 95, p99: 99, max: 100, jitter: 1 });
    expect(w.histogram.reduce((a, b) => a + b, 0)).toBe(100);
    expect(w.histogram[HISTOGRAM_EDGES_MS.indexOf(2)]).toBe(2); // 1 and 2
    expect(w.histogram[HISTOGRAM_EDGES_MS.length]).toBe(0); // nothing above 1000 ms
  });

  it('counts lost probes as loss of the window and forgets samples older than the window', () => {
    const c = clock();
    const s = new RttSeries(c.now);
    for (let i = 0; i < 10; i++) s.recordProbe(i !== 3);
    s.recordRtt(500);
    c.advance(2_000);
    s.recordRtt(10);
    s.recordProbe(false);
    expect(s.stats(10_000)).toMatchObject({ probesSent: 11, probesLost: 2, max: 500 });
    expect(s.stats(10_000).lossPct).toBeCloseTo(18.18, 1);
    expect(s.stats(1_000)).toMatchObject({ samples: 1, p50: 10, max: 10, probesSent: 1, lossPct: 100 });
    expect(s.percentile(0.95, 500)).toBe(10);
    c.advance(5_000);
    expect(s.percentile(0.5, 1_000)).toBeUndefined();
  });

  it('keeps a bounded ring: old samples fall off at capacity, memory does not grow', () => {
    const c = clock();
    const s = new RttSeries(c.now, 128);
    for (let i = 0; i < 1_000; i++) {
      s.recordRtt(i < 900 ? 1 : 7);
      c.advance(1);
    }
    const w = s.stats(60_000);
    expect(w.samples).toBe(128);
    expect(w.min).toBe(1);
    expect(w.max).toBe(7);
    s.recordRtt(Number.NaN);
    s.recordRtt(-1);
    expect(s.stats(60_000).samples).toBe(128);
  });

  it('a new sample or a window edge passing changes the next percentile ', () => {
    const c = clock();
    const s = new RttSeries(c.now);
    for (let i = 0; i < 10; i++) {
      s.recordRtt(10);
      c.advance(100);
    }
    expect(s.percentile(0.99, 5_000)).toBe(10);
    expect(s.percentile(0.99, 5_000)).toBe(10);
    s.recordRtt(500);
    expect(s.percentile(0.99, 5_000)).toBe(500);
    c.advance(5_001);
    s.recordRtt(20);
    expect(s.percentile(0.99, 5_000)).toBe(20); // the old samples left the window
    expect(s.stats(60_000)).toMatchObject({ samples: 12, max: 500 });
  });
});
