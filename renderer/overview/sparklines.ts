/**
 * Sparklines painted on canvases, outside React. One shared painter redraws, in one animation frame, the lines whose
 * series changed (at most 4 times a second — a trend needs no more) and every line once a second so the time axis
 * keeps moving while a value holds. Values travel only on change, so the line is drawn as steps held to "now"; an
 * uncertain stretch is drawn dashed and lighter, a bad or stale one not at all.
 */
import type { RecentSeries } from '../stores/recent-values';

/** The time a sparkline spans (ms). */
export const SPARK_WINDOW_MS = 60_000;
const REDRAW_MS = 250;
const FULL_REDRAW_MS = 1000;
const INK = '#3d3d3d';
/** Uncertain stretches: lighter and dashed (grey, ISA-101: a doubtful value is not an alarm). */
const UNCERTAIN_INK = '#7a7a7a';
const UNCERTAIN_DASH = [3, 2];

/** One canvas and what it shows. */
interface Line {
  canvas: HTMLCanvasElement;
  series: RecentSeries;
  /** Smallest vertical span (engineering units) so noise on a steady value does not fill the box. */
  minSpan: number;
  drawnVersion: number;
  width: number;
  height: number;
  /** On screen (IntersectionObserver): lines scrolled out of view are not drawn at all. */
  visible: boolean;
}

/** The two strokes of a sparkline, made once (the painter draws every key value on screen up to 4 times a second). */
const SOLID: number[] = [];
const STROKES = [
  { uncertain: 0, stroke: INK, dash: SOLID },
  { uncertain: 1, stroke: UNCERTAIN_INK, dash: UNCERTAIN_DASH },
] as const;

/** Draws `series` over the last `windowMs` before `now` into a context of `width` × `height` CSS pixels. */
export function drawSparkline(ctx: CanvasRenderingContext2D, series: RecentSeries, now: number, width: number, height: number, minSpan: number, windowMs = SPARK_WINDOW_MS): void {
  ctx.clearRect(0, 0, width, height);
  const start = now - windowMs;
  // The first sample drawn is the last one at or before the window's start (its value holds into the window).
  let first = 0;
  for (let i = series.count - 1; i >= 0; i--) {
    if ((series.times[series.index(i)] as number) <= start) {
      first = i;
      break;
    }
  }
  let min = Infinity;
  let max = -Infinity;
  for (let i = first; i < series.count; i++) {
    const v = series.values[series.index(i)] as number;
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (min > max) return; // nothing good to draw
  const span = Math.max(max - min, minSpan, 1e-9);
  const mid = (min + max) / 2;
  const pad = 2;
  const y = (v: number) => pad + (height - 2 * pad) * (1 - ((v - mid) / span + 0.5));
  const x = (t: number) => Math.max(0, ((t - start) / windowMs) * width);
  // Each sample holds from its time to the next sample's (a gap's start included), or to now: good ones solid in ink,
  // uncertain ones dashed and lighter, so a doubtful stretch never reads as a good one. NaN (bad, stale) stays a gap.
  ctx.lineWidth = 1.5;
  for (const style of STROKES) {
    ctx.strokeStyle = style.stroke;
    ctx.setLineDash(style.dash);
    ctx.beginPath();
    let previousY: number | undefined;
    for (let i = first; i < series.count; i++) {
      const k = series.index(i);
      const v = series.values[k] as number;
      if (!Number.isFinite(v)) {
        previousY = undefined;
        continue;
      }
      const py = y(v);
      if ((series.uncertain[k] as number) === style.uncertain) {
        const px = x(series.times[k] as number);
        const next = i + 1 < series.count ? x(series.times[series.index(i + 1)] as number) : width;
        ctx.moveTo(px, previousY ?? py); // the step up or down into this value, in this value's style
        ctx.lineTo(px, py);
        ctx.lineTo(next, py);
      }
      previousY = py;
    }
    ctx.stroke();
  }
  ctx.setLineDash(SOLID);
}

/** Owns every sparkline canvas of the page and paints them in batches. */
export class SparklinePainter {
  private readonly lines = new Set<Line>();
  private readonly byCanvas = new Map<Element, Line>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastFull = 0;
  private observer: IntersectionObserver | undefined;

  /** Paints `series` into `canvas` from now on; returns the function that stops it. */
  add(canvas: HTMLCanvasElement, series: RecentSeries, minSpan: number): () => void {
    const line: Line = { canvas, series, minSpan, drawnVersion: -1, width: 0, height: 0, visible: false };
    this.lines.add(line);
    this.byCanvas.set(canvas, line);
    this.observer ??= new IntersectionObserver((entries) => this.seen(entries), { rootMargin: '100px' });
    this.observer.observe(canvas);
    this.timer ??= setInterval(() => requestAnimationFrame(() => this.paint()), REDRAW_MS);
    return () => {
      this.observer?.unobserve(canvas);
      this.byCanvas.delete(canvas);
      this.lines.delete(line);
      if (this.lines.size === 0 && this.timer !== undefined) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
    };
  }

  /** Re-measures every canvas (after a resize) on the next paint. */
  resized(): void {
    for (const line of this.lines) line.width = 0;
  }

  private seen(entries: IntersectionObserverEntry[]): void {
    let appeared = false;
    for (const entry of entries) {
      const line = this.byCanvas.get(entry.target);
      if (!line) continue;
      line.visible = entry.isIntersecting;
      if (line.visible) {
        line.drawnVersion = -1; // it may have missed updates while away
        appeared = true;
      }
    }
    if (appeared) requestAnimationFrame(() => this.paint());
  }

  private paint(): void {
    const now = Date.now();
    const full = now - this.lastFull >= FULL_REDRAW_MS;
    if (full) this.lastFull = now;
    const due: Line[] = [];
    for (const line of this.lines) if (line.visible && (full || line.series.version !== line.drawnVersion || line.width === 0)) due.push(line);
    // Read every size first, then draw: interleaving reads and writes would force a layout per canvas.
    const unsized = due.filter((line) => line.width === 0);
    const sizes = unsized.map((line) => [line.canvas.clientWidth, line.canvas.clientHeight] as const);
    const ratio = window.devicePixelRatio || 1;
    unsized.forEach((line, i) => {
      const [w, h] = sizes[i] as readonly [number, number];
      line.width = w;
      line.height = h;
      line.canvas.width = Math.round(w * ratio);
      line.canvas.height = Math.round(h * ratio);
    });
    for (const line of due) {
      const ctx = line.canvas.getContext('2d');
      if (!ctx || line.width === 0) continue;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      drawSparkline(ctx, line.series, now, line.width, line.height, line.minSpan);
      line.drawnVersion = line.series.version;
    }
  }
}
