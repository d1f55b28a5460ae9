/** The trend window: presets, zoom and pan leave or rejoin live mode, and the selection survives the URL hash. */
import { describe, expect, it } from 'vitest';
import { formatSelection, MIN_SPAN_MS, pan, parseSelection, rangeOf, selectRange, zoom } from '../../../renderer/trends/trend-view';

const NOW = 1_800_000_000_000;
const live = { tags: ['crane/hoistPosition'], span: 300_000 };

describe('trend window', () => {
  it('follows now in live mode and stays put in history mode', () => {
    expect(rangeOf(live, NOW)).toEqual({ from: NOW - 300_000, to: NOW });
    expect(rangeOf({ ...live, end: NOW - 1000 }, NOW)).toEqual({ from: NOW - 301_000, to: NOW - 1000 });
  });

  it('zooms around a point, leaving live mode, and never below the narrowest span', () => {
    const z = zoom(live, NOW, 0.5, NOW - 100_000);
    expect(z.span).toBe(150_000);
    expect(rangeOf(z, NOW)).toEqual({ from: NOW - 200_000, to: NOW - 50_000 });
    expect(zoom(live, NOW, 1e-9).span).toBe(MIN_SPAN_MS);
  });

  it('pans into history and back into live mode when it reaches now', () => {
    const earlier = pan(live, NOW, -0.5);
    expect(earlier.end).toBe(NOW - 150_000);
    expect(pan(earlier, NOW, 1).end).toBeUndefined();
  });

  it('takes a dragged range as history, or as live when it reaches now', () => {
    expect(selectRange(live, { from: NOW - 60_000, to: NOW - 30_000 }, NOW)).toEqual({ tags: live.tags, span: 30_000, end: NOW - 30_000 });
    expect(selectRange(live, { from: NOW - 60_000, to: NOW }, NOW).end).toBeUndefined();
  });

  it('round-trips through the hash and ignores what it cannot read', () => {
    const sel = { tags: ['sts-crane-1/hoistPosition', 'ladle-1/tilt'], span: 3_600_000, end: NOW };
    expect(parseSelection(`#/trends?${formatSelection(sel)}`)).toEqual(sel);
    expect(parseSelection('#/trends?tags=nonsense,a/b/c,x/y&span=-4&end=foo')).toEqual({ tags: ['x/y'], span: 300_000 });
    expect(parseSelection('#/trends')).toEqual({ tags: [], span: 300_000 });
    // An end no clock can show (a bookmark edited by hand) is live, not a crash of every time label.
    expect(parseSelection('#/trends?tags=x/y&end=9e15')).toEqual({ tags: ['x/y'], span: 300_000 });
    expect(parseSelection('#/trends?end=100')).toEqual({ tags: [], span: 300_000 }); // before its own span
  });

});
