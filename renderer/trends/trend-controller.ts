/**
 * Feeds the trend charts outside React: queries the engine's history (min/max per pixel for the chart's width) when
 * the window or the tags change, appends live telemetry values as they arrive (per-signal listeners), and hands each
 * chart its aligned data imperatively. React state changes only when the user acts, never per sample. Values of
 * uncertain quality go to a series of their own (drawn unlike good ones): live ones by their quality, history by the
 * engine's uncertain periods (to the minute where the range is older than raw retention).
 */
import type { TrendSeries } from '../../shared/contract/requests/history';
import type { TelemetryStore } from '../stores/telemetry-store';
import { isStale } from '../equipment/panels/values/stale';
import { alignSeries, emptySeries, historyLines, LiveBuffer, mergeLive, type HistoryLines } from './trend-data';

/** Chart pixels per history bucket (M4's four values per bucket: two points per pixel). */
export const PX_PER_BUCKET = 2;
import { rangeOf, type TimeRange, type TrendSelection } from './trend-view';

/** A chart the controller draws into. */
export interface ChartSink {
  /** The plot area's width in CSS pixels (the query asks for one bucket per pixel). */
  plotWidth(): number;
  /**
   * New data for the window `range`: per signal in the chart's order its good values, then per signal in that order
   * its uncertain ones (each null where the other holds, and both null in a gap).
   */
  draw(data: [number[], ...(number | null)[][]], range: TimeRange): void;
}

/** What the controller needs from the app. */
export interface TrendDeps {
  query(signalIds: number[], from: number, to: number, widthPx: number): Promise<TrendSeries[]>;
  telemetry: TelemetryStore;
  /** Engine-clock now. */
  now(): number;
  /** Whether the engine link is up (while it is down, live series show a gap). */
  engineLinked(): boolean;
  /** How long a signal's value may go unconfirmed before it is not live (its tag's staleAfterMs; default: the app's). */
  staleAfterMs?(signalId: number): number | undefined;
  /** The outcome of each history query (for status text and tests); `points`: buckets and carried-in values. */
  onQuery(result: { range: TimeRange; widthPx: number; error?: string; points: number }): void;
}

const GOOD = 0;
const UNCERTAIN = 3;

/**
 * One signal's live values: good ones and uncertain ones, each a gap where the other (or nothing usable) holds, and
 * the latest time appended to either: the two lines stay in order with each other. A device clock running behind put
 * a switch of line at or before the other line's last point, and the next value at the same clamped time replaced it:
 * the good line covered the uncertain stretch. A value whose time is not after the last drawn is placed when this
 * window received it.
 */
interface LiveLines {
  good: LiveBuffer;
  uncertain: LiveBuffer;
  lastT: number;
  /** The value had outlived its tag's threshold when last appended (checked again at every tick). */
  aged: boolean;
}
/** Wheel and key bursts are queried once they pause. */
const QUERY_DEBOUNCE_MS = 120;

/** The imperative heart of the trends page. */
export class TrendController {
  private selection: TrendSelection = { tags: [], span: 300_000 };
  private charts = new Map<string, { sink: ChartSink; signalIds: number[] }>();
  private history = new Map<number, HistoryLines>();
  private live = new Map<number, LiveLines>();
  private liveStart = 0;
  private unsubscribe: (() => void)[] = [];
  private generation = 0;
  private queryTimer: ReturnType<typeof setTimeout> | undefined;
  private resizeTimer: ReturnType<typeof setTimeout> | undefined;
  private tickTimer: ReturnType<typeof setInterval> | undefined;
  private range: TimeRange = { from: 0, to: 0 };
  private linked = true;
  private queriedWidth = 0;
  /** Whether the engine answered the last history query (a failed or missing one is asked again by a new chart). */
  private answered = false;

  constructor(private readonly deps: TrendDeps) {}

  /**
   * Registers a chart for `signalIds`; returns its removal. A chart rebuilt for signals already shown (a language
   * switch re-creates every chart) is drawn at once from what is here, with no new query: it would otherwise stay
   * blank until the engine answered. Other charts query. A width that differs once laid out re-queries through
   * `resized`, as any resize does.
   */
  attach(key: string, signalIds: number[], sink: ChartSink): () => void {
    this.charts.set(key, { sink, signalIds });
    if (this.answered && signalIds.length > 0 && signalIds.every((id) => this.history.has(id))) this.drawChart(sink, signalIds);
    else this.scheduleQuery(0);
    return () => {
      if (this.charts.get(key)?.sink === sink) this.charts.delete(key);
    };
  }

  /** A new window or tag choice: re-query (debounced) and restart live mode if it applies. */
  setSelection(selection: TrendSelection): void {
    this.selection = selection;
    this.scheduleQuery(QUERY_DEBOUNCE_MS);
  }

  /**
   * A chart's layout changed: once the layout has settled, re-query if the plot width differs from the one last asked
   * for. Charts built one after another pass through passing widths (a scrollbar comes and goes meanwhile); a width
   * that is back where it was by then costs no query.
   */
  resized(): void {
    clearTimeout(this.resizeTimer);
    this.resizeTimer = setTimeout(() => {
      if (this.widthPx() !== this.queriedWidth) this.scheduleQuery(0);
    }, QUERY_DEBOUNCE_MS);
  }

  /**
   * The engine link is (back) up: query again. The engine kept recording while this window had no link, so the
   * answer also fills what the live lines missed meanwhile.
   */
  linkUp(): void {
    this.scheduleQuery(0);
  }

  /** The window being shown. */
  get shownRange(): TimeRange {
    return this.range;
  }

  /** Stops timers and listeners. */
  dispose(): void {
    this.generation++;
    clearTimeout(this.queryTimer);
    clearTimeout(this.resizeTimer);
    this.stopLive();
  }

  private signalIds(): number[] {
    return [...new Set([...this.charts.values()].flatMap((c) => c.signalIds))];
  }

  private widthPx(): number {
    const widths = [...this.charts.values()].map((c) => c.sink.plotWidth());
    return Math.max(1, Math.min(8000, Math.round(Math.max(1, ...widths))));
  }

  private scheduleQuery(delayMs: number): void {
    clearTimeout(this.queryTimer);
    this.queryTimer = setTimeout(() => void this.reload(), delayMs);
  }

  /** Queries history for the window; in live mode, live values from the query's end on are appended. */
  private async reload(): Promise<void> {
    const generation = ++this.generation;
    this.answered = false;
    this.stopLive();
    const ids = this.signalIds();
    this.queriedWidth = this.widthPx();
    // One bucket per two pixels: with its first, min, max and last value, two points per pixel (the design's bound).
    const widthPx = Math.max(1, Math.ceil(this.queriedWidth / PX_PER_BUCKET));
    const range = rangeOf(this.selection, this.deps.now());
    const bucketMs = Math.max(1, Math.ceil((range.to - range.from) / widthPx));
    this.range = range;
    this.history = new Map(ids.map((id) => [id, { good: emptySeries(), uncertain: emptySeries() }]));
    if (this.selection.end === undefined) this.startLive(ids, range.to, bucketMs);
    this.draw();
    // No engine link (the page opened before it was up, or it was lost): nothing to ask; `linkUp` asks then.
    if (ids.length === 0 || !this.deps.engineLinked()) return;
    try {
      const series = await this.deps.query(ids, range.from, range.to, widthPx);
      if (generation !== this.generation) return; // a newer window was asked for meanwhile
      for (const s of series) this.history.set(s.signalId, historyLines(s, range.from, range.to, bucketMs));
      this.answered = true;
      this.draw();
      this.deps.onQuery({ range, widthPx, points: series.reduce((n, s) => n + s.t.length + (s.carry ? 1 : 0), 0) });
    } catch (error) {
      if (generation !== this.generation) return;
      this.deps.onQuery({ range, widthPx, points: 0, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private startLive(ids: number[], start: number, bucketMs: number): void {
    const { telemetry } = this.deps;
    this.liveStart = start;
    this.linked = this.deps.engineLinked();
    for (const id of ids) {
      const lines: LiveLines = { good: new LiveBuffer(bucketMs), uncertain: new LiveBuffer(bucketMs), lastT: Number.NEGATIVE_INFINITY, aged: false };
      this.live.set(id, lines);
      this.appendLive(id, lines, start); // the value in effect now; history covers what came before
      // A value that ends an outage (no usable value in either line) counts from when the engine had it again.
      this.unsubscribe.push(telemetry.subscribeSignal(id, () => this.appendLive(id, lines, this.sampleTime(id, lines.good.inGap && lines.uncertain.inGap))));
    }
    // The window moves with now: redraw about once per pixel bucket (bounded to 4–10 Hz).
    this.tickTimer = setInterval(() => this.tick(), Math.min(250, Math.max(100, bucketMs)));
  }

  private stopLive(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    this.live.clear();
    clearInterval(this.tickTimer);
    this.tickTimer = undefined;
  }

  /**
   * Appends the current value at `t` to the line of its quality and a gap to the other; to both a gap when it is not
   * usable (stale, bad, none, unconfirmed past its tag's threshold, or the engine link down): never the last value
   * carried on.
   */
  private appendLive(id: number, lines: LiveLines, at: number): void {
    const value = this.deps.telemetry.get(id);
    const t = at > lines.lastT ? at : Math.max(lines.lastT, value?.receivedAt ?? at);
    lines.lastT = t;
    lines.aged = this.agedOut(id);
    const usable = this.deps.engineLinked() && !lines.aged && value !== undefined && typeof value.value === 'number' && !Number.isNaN(value.value);
    const number = usable ? (value.value as number) : null;
    lines.good.append(t, usable && value.quality === GOOD ? number : null);
    lines.uncertain.append(t, usable && value.quality === UNCERTAIN ? number : null);
  }

  /**
   * When the current value happened: its source time, but never before live mode began nor after now. A value that
   * ends a gap counts from when the engine had it again: back from stale it may carry its source time from before the
   * outage (an OPC UA server keeps an unchanged value's time), and the line must not bridge the outage.
   */
  private sampleTime(id: number, endsGap = false): number {
    const value = this.deps.telemetry.get(id);
    const now = this.deps.now();
    const good = value && (value.quality === GOOD || value.quality === UNCERTAIN);
    let t = good && value.sourceTime > 0 ? value.sourceTime : (value?.receivedAt ?? now);
    if (endsGap && value) t = Math.max(t, value.receivedAt);
    return Math.min(now, Math.max(this.liveStart, t));
  }

  private tick(): void {
    const linked = this.deps.engineLinked();
    if (linked !== this.linked) {
      this.linked = linked;
      const now = this.deps.now();
      for (const [id, lines] of this.live) this.appendLive(id, lines, now); // lost: gap; back: current value
    }
    // A value the engine stopped confirming (a starved scan, a stalled subscription, frames no longer arriving) ends
    // its line once it outlives its tag's threshold, as the panels dim it; a confirmation again resumes it.
    const now = this.deps.now();
    for (const [id, lines] of this.live) if (this.agedOut(id) !== lines.aged) this.appendLive(id, lines, now);
    this.range = rangeOf(this.selection, this.deps.now());
    for (const lines of this.live.values()) {
      lines.good.trim(this.range.from);
      lines.uncertain.trim(this.range.from);
    }
    this.draw();
  }

  /** Whether signal `id`'s value has gone unconfirmed past its threshold (quality aside: its line says that). */
  private agedOut(id: number): boolean {
    return isStale(GOOD, this.deps.telemetry.ageMs(id), this.deps.staleAfterMs?.(id));
  }

  private draw(): void {
    for (const { sink, signalIds } of this.charts.values()) this.drawChart(sink, signalIds);
  }

  private drawChart(sink: ChartSink, signalIds: readonly number[]): void {
    const end = Math.min(this.range.to, this.deps.now());
    const lines = signalIds.map((id) => ({ history: this.history.get(id), live: this.live.get(id) }));
    const line = (kind: 'good' | 'uncertain') =>
      lines.map(({ history, live }) => {
        const past = history?.[kind] ?? emptySeries();
        return live ? mergeLive(past, live[kind].toSeries(end), this.liveStart) : past;
      });
    sink.draw(alignSeries([...line('good'), ...line('uncertain')], this.range.from, end), this.range);
  }
}
