/**
 * The shown time window, as pure functions: presets, zoom and pan (which leave live mode), and its encoding in the
 * URL hash (`#/trends?tags=eq/tag,eq/tag&span=ms&end=ms`; no `end` = live), so a trend can be bookmarked.
 */

/** Span presets offered as buttons. */
export const SPAN_PRESETS = [
  { key: '5m', ms: 5 * 60_000 },
  { key: '1h', ms: 3_600_000 },
  { key: '8h', ms: 8 * 3_600_000 },
  { key: '24h', ms: 24 * 3_600_000 },
] as const;

/** Narrowest window (a zoom stops here) and widest (400 days: what the rollups keep). */
export const MIN_SPAN_MS = 5_000;
export const MAX_SPAN_MS = 400 * 86_400_000;

/** What the trends page shows: which tags (`equipmentId/tag`), the window's span and, outside live mode, its end. */
export interface TrendSelection {
  tags: string[];
  span: number;
  /** Undefined in live mode (the window follows now). */
  end?: number;
}

/** A time range in engine-clock ms. */
export interface TimeRange {
  from: number;
  to: number;
}

const DEFAULT_SPAN = SPAN_PRESETS[0].ms;
const clampSpan = (span: number) => Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, Math.round(span)));

/** The window to draw at engine time `now`. */
export function rangeOf(selection: TrendSelection, now: number): TimeRange {
  const to = selection.end ?? now;
  return { from: to - selection.span, to };
}

/** A window set by the user (drag, wheel, buttons): history mode, unless it reaches now (then it follows now). */
export function selectRange(selection: TrendSelection, range: TimeRange, now: number): TrendSelection {
  const span = clampSpan(range.to - range.from);
  const mid = (range.from + range.to) / 2;
  const to = Math.round(Math.max(range.to, mid + span / 2));
  return to >= now ? { tags: selection.tags, span } : { tags: selection.tags, span, end: to };
}

/** Zooms by `factor` (< 1 in, > 1 out) around `at` (default the middle), in history mode. */
export function zoom(selection: TrendSelection, now: number, factor: number, at?: number): TrendSelection {
  const { from, to } = rangeOf(selection, now);
  const pivot = at ?? (from + to) / 2;
  const span = clampSpan((to - from) * factor);
  const share = (pivot - from) / (to - from);
  const newFrom = pivot - share * span;
  return { tags: selection.tags, span, end: Math.round(newFrom + span) };
}

/** Pans by `fraction` of the span (negative: earlier); reaching now returns to live mode. */
export function pan(selection: TrendSelection, now: number, fraction: number): TrendSelection {
  const { to } = rangeOf(selection, now);
  const end = Math.round(to + fraction * selection.span);
  return end >= now ? { tags: selection.tags, span: selection.span } : { tags: selection.tags, span: selection.span, end };
}

/** The latest time a JavaScript date can hold (ms since 1970). */
const MAX_DATE_MS = 8.64e15;

/** The selection in a hash query (`tags=…&span=…[&end=…]`). */
export function formatSelection(selection: TrendSelection): string {
  const params = new URLSearchParams();
  if (selection.tags.length > 0) params.set('tags', selection.tags.join(','));
  params.set('span', String(selection.span));
  if (selection.end !== undefined) params.set('end', String(selection.end));
  return params.toString();
}

/** Reads a selection from a location hash; bad or missing parts fall back to defaults (5 min, live, no tags). */
export function parseSelection(hash: string): TrendSelection {
  const query = hash.includes('?') ? hash.slice(hash.indexOf('?') + 1) : '';
  const params = new URLSearchParams(query);
  const tags = (params.get('tags') ?? '').split(',').filter((tag) => /^[^/]+\/[^/]+$/.test(tag));
  const spanRaw = Number(params.get('span'));
  const span = Number.isFinite(spanRaw) && spanRaw > 0 ? clampSpan(spanRaw) : DEFAULT_SPAN;
  const endRaw = Number(params.get('end') ?? NaN);
  // Within the dates a clock can show (a bookmark edited to end=9e15 would otherwise break every time label).
  const end = Number.isFinite(endRaw) && endRaw > span && endRaw <= MAX_DATE_MS ? endRaw : undefined;
  return { tags: [...new Set(tags)].slice(0, 32), span, ...(end !== undefined ? { end } : {}) };
}
