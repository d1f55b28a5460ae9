/**
 * One connection's RTT over the last 10 minutes (p50, p95, max per second) with uPlot. The chart is created once and
 * fed imperatively from the link store's history columns on each poll: no React state per sample.
 */
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useI18n } from '../i18n/i18n';
import { formatClock } from './format';
import { useLinkServices } from './link-services';

const HEIGHT = 180;
/** Time-axis tick steps in whole seconds (the points are one per second; half-second ticks would repeat labels). */
const TICK_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600];

/** The RTT chart of `connectionId`. */
export function RttChart({ connectionId }: { connectionId: string }) {
  const { link } = useLinkServices();
  const { t, locale } = useI18n();
  const host = useRef<HTMLDivElement>(null);
  const labels = [t('linkui.chart.time'), t('linkui.chart.p50'), t('linkui.chart.p95'), t('linkui.chart.max')] as const;
  const labelKey = `${locale}|${labels.join('|')}`;
  useEffect(() => {
    const element = host.current;
    if (!element) return;
    const width = () => Math.max(320, element.clientWidth);
    // Grey scale for the normal figures; the chart shows values, the quality badge shows abnormal states.
    const plot = new uPlot(
      {
        width: width(),
        height: HEIGHT,
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(20, (max ?? 0) * 1.1)] } },
        // Times of day in 24 h with seconds, in the UI's locale (uPlot's default is a 12 h US format).
        axes: [{ values: (_u, splits) => splits.map((s) => formatClock(s * 1000, locale)), space: 70, incrs: TICK_SECONDS }, { label: 'ms', size: 50 }],
        // The legend names the lines; a value shows only for the second under the pointer (no "--" placeholders).
        series: [
          { label: labels[0], value: (_u, v) => (v === null ? '' : formatClock(v * 1000, locale)) },
          { label: labels[1], stroke: '#1f1f1f', width: 2, spanGaps: false, value: msValue },
          { label: labels[2], stroke: '#5a5a5a', width: 1.5, dash: [6, 3], value: msValue },
          { label: labels[3], stroke: '#8a8a8a', width: 1, dash: [2, 3], value: msValue },
        ],
      },
      [[], [], [], []],
      element,
    );
    const draw = () => {
      const h = link.history(connectionId);
      if (h) plot.setData([h.at, h.p50, h.p95, h.max] as uPlot.AlignedData);
    };
    draw();
    const offStore = link.subscribe(draw);
    const resize = new ResizeObserver(() => plot.setSize({ width: width(), height: HEIGHT }));
    resize.observe(element);
    return () => {
      offStore();
      resize.disconnect();
      plot.destroy();
    };
    // Re-created only when the connection or the language (labelKey stands for it) changes.
  }, [connectionId, link, labelKey]);
  return <div ref={host} className="rtt-chart" role="img" aria-label={t('linkui.chart.title')} data-testid={`rtt-chart-${connectionId}`} />;
}

/** A legend value of an RTT series under the pointer: "12.3 ms", or nothing (no point there, or no pointer). */
function msValue(_u: uPlot, v: number | null): string {
  return v === null || v === undefined ? '' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`;
}
