/** A horizontal scale filled to the value, with an optional limit mark: where a value sits in its range at a glance (its readout carries the unit). */
import { formatNumber, useI18n } from '../../../i18n/i18n';
import { tickDecimals } from './ticks';

/** One gauge; `stale` draws the pointer hollow and dashed (it is the last known value, not a live one). */
export function Gauge(props: { value: number | undefined; range: readonly [number, number]; limit?: number | undefined; limitLabel?: string; stale: boolean; abnormal?: boolean; testId?: string; step?: number }) {
  const { value, range, limit, limitLabel, stale, abnormal = false, testId, step } = props;
  const { locale } = useI18n();
  const pct = (v: number) => `${(Math.min(1, Math.max(0, (v - range[0]) / (range[1] - range[0]))) * 100).toFixed(2)}%`;
  const tickStep = step ?? niceStep(range[1] - range[0]);
  const marks: number[] = [];
  for (let v = Math.ceil(range[0] / tickStep) * tickStep; v <= range[1] + 1e-9; v += tickStep) marks.push(v);
  return (
    <div className="gauge" data-testid={testId}>
      <div className="gauge-track">
        {value !== undefined && <div className={`gauge-fill${abnormal && !stale ? ' abnormal' : ''}${stale ? ' stale' : ''}`} style={{ width: pct(value) }} />}
        {limit !== undefined && <div className="gauge-limit" style={{ left: pct(limit) }} title={limitLabel} />}
      </div>
      <div className="gauge-ticks" aria-hidden="true">
        {marks.map((m, i) => (
          <span key={m} style={{ left: pct(m) }} className={i === 0 ? 'first' : i === marks.length - 1 ? 'last' : undefined}>
            {formatNumber(m, tickDecimals(tickStep), locale)}
          </span>
        ))}
      </div>
    </div>
  );
}

/** A step giving 4–8 round ticks over `span`. */
function niceStep(span: number): number {
  const raw = span / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  const n = raw / power;
  return (n < 1.5 ? 1 : n < 3.5 ? 2 : n < 7.5 ? 5 : 10) * power;
}
