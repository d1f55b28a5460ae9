/** Ladle crane side view, to scale in height: hoist scale with the pour zone, the ladle at its height tilted by its angle. */
import { formatNumber, useI18n } from '../../../i18n/i18n';
import { useSvgUnits } from '../svg-units';
import { ticks } from '../crane/crane-geometry';

const W = 320;
const TOP = 16;
const BOTTOM = 24;
const PX_PER_M = 11;
/** Ladle drawn about 4 m tall (illustrative size; height and angle are to scale). */
const LADLE_M = { width: 3.6, height: 4 } as const;

/** The SVG. `pourZone` is the hoist band (m) where pouring is allowed. */
export function LadleView(props: { hoist: number | undefined; tilt: number | undefined; range: readonly [number, number]; pourZone: readonly [number, number]; stale: boolean }) {
  const { hoist, tilt, range, pourZone, stale } = props;
  const { t, locale } = useI18n();
  const units = useSvgUnits(W);
  const height = TOP + (range[1] - range[0] + LADLE_M.height) * PX_PER_M + BOTTOM;
  const y = (m: number) => TOP + (range[1] + LADLE_M.height - m) * PX_PER_M;
  const axisX = 56;
  const cx = 200;
  return (
    <svg ref={units} className={`ladle-view${stale ? ' stale' : ''}`} viewBox={`0 0 ${W} ${height}`} role="img" aria-label={t('panel.ladle.viewLabel')} data-testid="ladle-view">
      <rect className="zone" x={axisX} y={y(pourZone[1])} width={W - axisX - 8} height={(pourZone[1] - pourZone[0]) * PX_PER_M} />
      <text className="axis-note" x={W - 12} y={y(pourZone[1]) + 14} textAnchor="end">
        {t('panel.ladle.pourZone')}
      </text>
      {ticks(range, 5).map((m) => (
        <g key={m} className="axis">
          <line x1={axisX - 6} x2={axisX} y1={y(m)} y2={y(m)} />
          <text x={axisX - 9} y={y(m) + 4} textAnchor="end">
            {formatNumber(m, 0, locale)} m
          </text>
        </g>
      ))}
      <line className="ground" x1={axisX} x2={W - 8} y1={y(range[0])} y2={y(range[0])} />
      {hoist !== undefined && (
        <g data-testid="ladle-drawing">
          <line className="rope" x1={cx} x2={cx} y1={TOP} y2={y(hoist + LADLE_M.height)} />
          <g transform={`rotate(${tilt ?? 0} ${cx} ${y(hoist + LADLE_M.height * 0.75)})`}>
            <path className="ladle" d={`M ${cx - (LADLE_M.width / 2) * PX_PER_M} ${y(hoist + LADLE_M.height)} L ${cx + (LADLE_M.width / 2) * PX_PER_M} ${y(hoist + LADLE_M.height)} L ${cx + (LADLE_M.width / 2.6) * PX_PER_M} ${y(hoist)} L ${cx - (LADLE_M.width / 2.6) * PX_PER_M} ${y(hoist)} Z`} />
          </g>
        </g>
      )}
    </svg>
  );
}
