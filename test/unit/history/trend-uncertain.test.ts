/**
 * trendEdges finds the periods a signal's value was uncertain in the same pass as its gaps: from a number of uncertain
 * quality to the next sample that is not one, joined when less than a bucket apart, capped at one per pixel, starting
 * at `from` when the range starts inside one, running to `to` when still open, and only where quality is known.
 */
import { describe, expect, it } from 'vitest';
import type { SeriesColumns } from '../../../main/engine/history/chunk-codec';
import { trendEdges, type SampleBefore } from '../../../main/engine/history/trend-gaps';
import { Quality } from '../../../shared/contract/telemetry';

type Sample = [t: number, value: number | string, quality: Quality];

function columns(samples: readonly Sample[]): SeriesColumns {
  return { t: samples.map((s) => s[0]), v: samples.map((s) => s[1]), q: samples.map((s) => s[2]) };
}

const G = Quality.good;
const U = Quality.uncertain;
const B = Quality.bad;
const S = Quality.stale;

/** Edges over [0, 10 000) with 100 ms buckets, a thousand of each at most. */
function edges(samples: readonly Sample[], before?: SampleBefore, options: Partial<Parameters<typeof trendEdges>[4]> = {}) {
  return trendEdges(columns(samples), before, 0, 10_000, { bucketMs: 100, maxGaps: 1000, ...options });
}

describe('trendEdges: uncertain periods', () => {
  it('returns an uncertain stretch in the middle from its first uncertain sample to the next good one, and no gap for it', () => {
    const e = edges([[0, 1, G], [1000, 2, U], [1500, 3, U], [3000, 4, G]]);
    expect(e.uncertain).toEqual([[1000, 3000]]);
    expect(e.gaps).toEqual([]);
  });

  it('ends an uncertain stretch where an outage begins (the gap takes over), and makes no uncertain period of a doubtful text or NaN', () => {
    const e = edges([[0, 1, G], [1000, 2, U], [2000, 2, S], [3000, 'x', U], [4000, Number.NaN, U], [5000, 5, U], [6000, 6, G]]);
    expect(e.uncertain).toEqual([[1000, 2000], [5000, 6000]]);
    expect(e.gaps).toEqual([[2000, 5000]]);
  });

  it('joins uncertain periods less than a bucket apart, and keeps them apart at a finer bucket', () => {
    const samples: Sample[] = [[0, 1, G], [1000, 2, U], [1050, 3, G], [1100, 4, U], [2000, 5, G]];
    expect(edges(samples).uncertain).toEqual([[1000, 2000]]);
    expect(edges(samples, undefined, { bucketMs: 10 }).uncertain).toEqual([[1000, 1050], [1100, 2000]]);
  });

  it('caps them at maxGaps, the last running to the end of the range, and caps gaps apart from them', () => {
    const samples: Sample[] = [];
    for (let i = 0; i < 40; i++) samples.push([i * 200, i, U], [i * 200 + 50, i, G], [i * 200 + 100, i, B], [i * 200 + 150, i, G]);
    const e = edges(samples, undefined, { bucketMs: 10, maxGaps: 5 });
    expect(e.uncertain).toEqual([[0, 50], [200, 250], [400, 450], [600, 650], [800, 10_000]]);
    expect(e.gaps).toEqual([[100, 150], [300, 350], [500, 550], [700, 750], [900, 10_000]]);
    expect(edges(samples, undefined, { bucketMs: 10 }).uncertain).toHaveLength(40);
  });

  it('starts with an uncertain period at `from` when the sample before the range was uncertain, carrying its value all the same', () => {
    const e = edges([[2000, 5, G]], { t: -500, value: 3, quality: U });
    expect(e.uncertain).toEqual([[0, 2000]]);
    expect(e.carry).toEqual({ t: -500, value: 3 });
    // A good sample exactly at `from` ends it at once: no period; a quiet uncertain value runs to the end.
    expect(edges([[0, 5, G]], { t: -500, value: 3, quality: U }).uncertain).toEqual([]);
    expect(edges([], { t: -500, value: 3, quality: U }).uncertain).toEqual([[0, 10_000]]);
    // A range that starts in an outage starts with a gap, not an uncertain period.
    expect(edges([[1000, 5, U]], { t: -500, value: 3, quality: B })).toEqual({ gaps: [[0, 1000]], uncertain: [[1000, 10_000]] });
  });

  it('runs an uncertain stretch still open at the end of the range to `to`', () => {
    expect(edges([[0, 1, G], [9000, 2, U], [9500, 3, U]]).uncertain).toEqual([[9000, 10_000]]);
  });

  it('finds none before the time from which quality is known (rolled-up stand-ins), and starts one there from the sample before it', () => {
    // Stand-ins for rolled-up intervals before 5,000 (good or bad edges), raw samples after.
    const samples: Sample[] = [[1000, 0, B], [2000, 0, G], [6000, 7, U], [7000, 8, G]];
    const before: SampleBefore = { t: -500, value: 3, quality: U };
    const e = edges(samples, before, { qualityKnown: { from: 5000, before: undefined } });
    expect(e.uncertain).toEqual([[6000, 7000]]);
    expect(e.gaps).toEqual([[1000, 2000]]);
    const inside = edges(samples, before, { qualityKnown: { from: 5000, before: { t: 4900, value: 3, quality: U } } });
    expect(inside.uncertain).toEqual([[5000, 7000]]);
    // Quality known from the range's end on: nothing is known.
    expect(edges(samples, before, { qualityKnown: { from: 10_000, before: { t: 4900, value: 3, quality: U } } }).uncertain).toEqual([]);
  });

  it('leaves the gaps as they were: an all-good or all-bad range has no uncertain period', () => {
    const e = edges([[0, 1, G], [1000, 2, B], [2000, 3, G], [3000, 4, S]]);
    expect(e).toEqual({ gaps: [[1000, 2000], [3000, 10_000]], uncertain: [] });
  });
});
