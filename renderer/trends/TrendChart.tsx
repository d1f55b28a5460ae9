/**
 * One uPlot chart for the selected tags of one unit. The controller feeds it through `draw` (never React state);
 * drag across it to zoom into a period, the wheel zooms around the pointer, and keys work when it has focus.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useI18n } from '../i18n/i18n';
import type { Locale } from '../i18n/messages';
import type { TrendController } from './trend-controller';
import { axisStyle, formatInterval, formatTime, formatValue } from './trend-format';
import { fullScale, minimumSpan, type ChartGroup, type TrendTag } from './trend-tags';
import type { TimeRange } from './trend-view';

/** Pens: dark and muted (ISA-101: bright colour is for alarms), told apart by hue and dash. */
const PENS = [
  { stroke: '#1d3f6e' },
  { stroke: '#6b3d12' },
  { stroke: '#2f5d3a' },
  { stroke: '#5b2c6f', dash: [6, 3] },
  { stroke: '#222222', dash: [2, 2] },
  { stroke: '#7a5c00', dash: [8, 3, 2, 3] },
];
const HEIGHT = 260;
/** An uncertain stretch: its tag's pen, lighter, thinner and dotted, so it never reads as a good line. */
const UNCERTAIN_STYLE = { width: 1.5, alpha: 0.6, dash: [2, 4], class: 'trend-uncertain' };

/**
 * The y range with a 10 % margin, so a line never sits on the plot's edge (a steady value: ±10 % of it, or ±1), and
 * at least `minSpan` wide around the data (see minimumSpan). With no data yet: the tags' full scale, if known (an
 * axis of 0 to 1 says nothing of a hook load).
 */
export function yRange(min: number | null, max: number | null, minSpan = 0, fullScale?: readonly [number, number]): uPlot.Range.MinMax {
  if (min === null || max === null) return fullScale ? [fullScale[0], fullScale[1]] : [0, 1];
  const span = max - min || Math.abs(max) * 0.1 || 1;
  const low = min - span * 0.1;
  const high = max + span * 0.1;
  const missing = minSpan - (high - low);
  return missing > 0 ? [low - missing / 2, high + missing / 2] : [low, high];
}

/** Shows the legend row of a tag's uncertain line only where it holds a value (series 1 + n … 2n). */
function showUncertainRows(u: uPlot, tags: number): void {
  const rows = u.root.querySelectorAll('.u-legend .u-series');
  for (let s = 1 + tags; s <= 2 * tags; s++) {
    const idx = u.legend.idxs?.[s] ?? u.cursor.idx;
    rows[s]?.classList.toggle('trend-legend-empty', idx == null || u.data[s]?.[idx] == null);
  }
}

/** What the chart asks of the page when the user zooms or pans on it. */
export interface ChartActions {
  selectRange(range: TimeRange): void;
  zoom(factor: number, at?: number): void;
  pan(fraction: number): void;
  live(): void;
  /** The plot area changed size (the history is re-queried for its width). */
  resized(): void;
}

function options(group: ChartGroup, locale: Locale, text: { time: string; series(tag: TrendTag): string; uncertain(tag: TrendTag): string }, width: number, range: { current: TimeRange }, actions: ChartActions): uPlot.Options {
  const unit = group.unit;
  const minSpan = minimumSpan(group.tags);
  const scale = fullScale(group.tags);
  const line = (label: string, pen: (typeof PENS)[number]) => ({
    label,
    ...pen,
    width: 2,
    spanGaps: false,
    paths: uPlot.paths.stepped?.({ align: 1, alignGaps: 1 }),
    points: { show: false },
    value: (_u: uPlot, v: number | null) => (v == null ? '—' : `${formatValue(v, locale)} ${unit}`.trim()),
  });
  return {
    width,
    height: HEIGHT,
    ms: 1,
    legend: { live: true },
    cursor: { drag: { x: true, y: false, setScale: false }, sync: { key: 'trends' } },
    select: { show: true, left: 0, top: 0, width: 0, height: 0 },
    scales: { x: { time: true, range: () => [range.current.from, range.current.to] }, y: { range: (_u, min, max) => yRange(min, max, minSpan, scale) } },
    axes: [
      {
        space: 90, // room for "21:30:45" between ticks
        values: (_u, splits) => splits.map((v) => formatTime(v, locale, axisStyle(range.current.to - range.current.from))),
        stroke: '#3a3a3a',
        grid: { stroke: '#c8c8c8', width: 1 },
      },
      { label: unit, size: 64, stroke: '#3a3a3a', grid: { stroke: '#c8c8c8', width: 1 }, values: (_u, splits) => splits.map((v) => formatValue(v, locale)) },
    ],
    series: [
      { label: text.time, value: (_u, v) => (v == null ? '—' : formatTime(v, locale, 'full')) },
      ...group.tags.map((tag, i) => line(text.series(tag), PENS[i % PENS.length] as (typeof PENS)[number])),
      // The controller's data holds each tag's uncertain stretches after all the good lines (see ChartSink.draw). Their
      // legend rows show only where they hold a value (no row of dashes beside every tag).
      ...group.tags.map((tag, i) => ({ ...line(text.uncertain(tag), PENS[i % PENS.length] as (typeof PENS)[number]), ...UNCERTAIN_STYLE, value: (_u: uPlot, v: number | null) => (v == null ? '' : `${formatValue(v, locale)} ${unit}`.trim()) })),
    ],
    hooks: {
      setLegend: [(u) => showUncertainRows(u, group.tags.length)],
      // The plot area's width is known only after layout: queries ask for it then (and after every resize).
      setSize: [() => actions.resized()],
      setSelect: [
        (u) => {
          if (u.select.width >= 3) actions.selectRange({ from: u.posToVal(u.select.left, 'x'), to: u.posToVal(u.select.left + u.select.width, 'x') });
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
        },
      ],
    },
  };
}

/** A chart of one unit's tags, drawn by `controller`. */
export function TrendChart({ group, controller, actions }: { group: ChartGroup; controller: TrendController; actions: ChartActions }) {
  const { t, locale } = useI18n();
  const holder = useRef<HTMLDivElement>(null);
  const actionsRef = useRef(actions);
  actionsRef.current = actions;
  const signature = group.tags.map((tag) => tag.key).join(',');

  useEffect(() => {
    const el = holder.current;
    if (!el) return;
    const range = { current: controller.shownRange };
    const act: ChartActions = {
      selectRange: (r) => actionsRef.current.selectRange(r),
      zoom: (f, at) => actionsRef.current.zoom(f, at),
      pan: (f) => actionsRef.current.pan(f),
      live: () => actionsRef.current.live(),
      resized: () => controller.resized(),
    };
    // A paced tag says so in its legend: its line steps once per interval by design, not for want of data.
    const series = (tag: TrendTag) => {
      const name = `${tag.equipment} · ${tag.label}`;
      return tag.historyEveryMs === undefined ? name : t('trends.legendPaced', { name, paced: t('trends.paced', { every: formatInterval(tag.historyEveryMs, locale, t) }) });
    };
    const uncertain = (tag: TrendTag) => t('trends.legendUncertain', { name: series(tag) });
    const plot = new uPlot(options(group, locale, { time: t('trends.time'), series, uncertain }, Math.max(300, el.clientWidth), range, act), [[], ...group.tags.flatMap(() => [[], []])], el);
    let destroyed = false;
    const signalIds = group.tags.map((tag) => tag.signalId);
    const detach = controller.attach(group.key, signalIds, {
      plotWidth: () => plot.bbox.width / uPlot.pxRatio,
      draw: (data, shown) => {
        range.current = shown;
        plot.setData(data as uPlot.AlignedData);
        // Pointer away from the chart: the legend shows the newest values (large, with units), not dashes. uPlot
        // applies new data in a microtask that resets the legend to the pointer, so this goes in the one after it.
        queueMicrotask(() => {
          if (!destroyed && !(plot.cursor.left !== undefined && plot.cursor.left >= 0)) plot.setLegend({ idx: data[0].length - 1 });
        });
        // Test and support hook: points per series (not pixels), good and uncertain apart, written to the DOM, not to React state.
        const counts = data.slice(1).map((ys) => ys.filter((y) => y !== null).length);
        el.dataset.points = counts.slice(0, signalIds.length).join(',');
        el.dataset.uncertainPoints = counts.slice(signalIds.length).join(',');
      },
    });
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const at = plot.posToVal(e.offsetX, 'x');
      act.zoom(e.deltaY < 0 ? 0.8 : 1.25, at);
    };
    plot.over.addEventListener('wheel', onWheel, { passive: false });
    const resize = new ResizeObserver(() => {
      const width = Math.max(300, el.clientWidth);
      if (Math.abs(width - plot.width) < 2) return;
      plot.setSize({ width, height: HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.over.removeEventListener('wheel', onWheel);
      detach();
      destroyed = true;
      plot.destroy();
    };
    // `signature` stands for the group's tags; the chart is rebuilt when they, the unit or the locale change.
  }, [signature, group.unit, locale, controller]);

  const onKey = (e: React.KeyboardEvent) => {
    const act = actionsRef.current;
    if (e.key === 'ArrowLeft') act.pan(-0.25);
    else if (e.key === 'ArrowRight') act.pan(0.25);
    else if (e.key === '+' || e.key === '=') act.zoom(0.5);
    else if (e.key === '-' || e.key === '_') act.zoom(2);
    else if (e.key === 'l' || e.key === 'L') act.live();
    else return;
    e.preventDefault();
  };
  const unit = group.unit || t('trends.noUnit');
  return (
    <figure className="trend-chart" data-testid={`trend-chart-${group.unit || 'none'}`}>
      <div
        ref={holder}
        className="trend-plot"
        tabIndex={0}
        role="group"
        aria-label={t('trends.chartLabel', { unit, tags: group.tags.map((tag) => `${tag.equipment} ${tag.label}`).join(', ') })}
        onKeyDown={onKey}
      />
    </figure>
  );
}
