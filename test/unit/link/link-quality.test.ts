/** Quality classification and hysteresis: worse at once, better only after a steady margin; no flapping on a threshold. */
import { describe, expect, it } from 'vitest';
import { classify, lossWindowMs, QualityHysteresis, type LinkFigures } from '../../../main/engine/link/link-quality';
import type { WindowStats } from '../../../main/engine/link/rtt-series';

const T = { rttDegradedMs: 50, rttUnsafeMs: 150, jitterDegradedMs: 20, lossDegradedPct: 1, lossUnsafePct: 5, survivalMs: 500 };

function figures(p95: number | undefined, extra: Partial<LinkFigures> = {}, stats: Partial<WindowStats> = {}): LinkFigures {
  const base: WindowStats = { windowMs: 10_000, samples: p95 === undefined ? 0 : 50, probesSent: 50, probesLost: 0, lossPct: 0, histogram: [], ...(p95 === undefined ? {} : { p95, jitter: 2 }), ...stats };
  return { stats: base, waitingMs: 0, answered: true, up: true, silent: false, ...extra };
}

describe('classify', () => {
  it('maps the figures to a level with its reason', () => {
    expect(classify(figures(20), T).quality).toBe('good');
    expect(classify(figures(60), T)).toMatchObject({ quality: 'degraded', reason: { code: 'rtt-degraded' } });
    expect(classify(figures(160), T)).toMatchObject({ quality: 'unsafe', reason: { code: 'rtt-unsafe' } });
    expect(classify(figures(20, {}, { jitter: 25 }), T).reason?.code).toBe('jitter');
    expect(classify(figures(20, {}, { lossPct: 2 }), T)).toMatchObject({ quality: 'degraded', reason: { code: 'loss' } });
    expect(classify(figures(20, {}, { lossPct: 6 }), T)).toMatchObject({ quality: 'unsafe', reason: { code: 'loss-unsafe' } });
    expect(classify(figures(20, {}, { lossPct: 10, probesSent: 10, probesLost: 1 }), T).quality).toBe('good'); // too few probes to judge loss
    expect(classify(figures(20, { silent: true }), T)).toMatchObject({ quality: 'lost', reason: { code: 'not-answering' } });
    expect(classify(figures(20, { waitingMs: 600 }), T)).toMatchObject({ quality: 'lost', reason: { code: 'no-answer' } });
    expect(classify(figures(20, { up: false }), T).quality).toBe('lost');
    expect(classify(figures(undefined, { answered: false }), T).quality).toBe('lost');
  });
});

describe('loss over a slow probe period', () => {
  it('is judged over a window long enough to hold its probes: 5 s at 100 ms, longer for slower periods', () => {
    expect(lossWindowMs(100, 5_000)).toBe(5_000);
    expect(lossWindowMs(250, 5_000)).toBe(7_000); // 20 probes with a quarter to spare
    expect(lossWindowMs(300, 5_000)).toBe(8_000);
    expect(lossWindowMs(10_000, 5_000)).toBe(250_000);
    for (const period of [300, 1_000, 2_000, 5_000, 10_000]) expect(Math.floor(lossWindowMs(period, 5_000) / period)).toBeGreaterThanOrEqual(20);
  });
});

describe('QualityHysteresis', () => {
  it('takes the first answered level at once, worsens at once, improves only after the recovery time inside the margin', () => {
    const h = new QualityHysteresis(T, 5_000);
    expect(h.update(figures(20), 0)?.quality).toBe('good');
    expect(h.update(figures(60), 100)?.quality).toBe('degraded');
    expect(h.update(figures(45), 200)).toBeUndefined(); // below the threshold, not below 80 % of it
    expect(h.update(figures(39), 300)).toBeUndefined();
    expect(h.update(figures(39), 5_200)).toBeUndefined();
    expect(h.update(figures(39), 5_300)?.quality).toBe('good');
    expect(h.update(figures(20, { silent: true }), 5_400)?.quality).toBe('lost');
    expect(h.update(figures(20), 5_500)).toBeUndefined();
    expect(h.update(figures(20), 10_500)?.quality).toBe('good');
  });

  it('does not flap while p95 wanders around a threshold', () => {
    const h = new QualityHysteresis(T, 5_000);
    let t = 0;
    for (let i = 0; i < 600; i++) h.update(figures(46 + 6 * Math.sin(i / 3)), (t += 100)); // 40..52 ms around 50
    expect(h.transitions).toBeLessThanOrEqual(2); // first level, then at most one step to degraded
    expect(h.value.quality).toBe('degraded');
  });

  it('starts afresh after reset (a new connection)', () => {
    const h = new QualityHysteresis(T, 5_000);
    h.update(figures(20), 0);
    h.update(figures(20, { up: false }), 10);
    h.reset();
    expect(h.update(figures(20), 20)?.quality).toBe('good');
  });
});
