/** Drill rig view: the mast at its true angle above ground and the hole drawn to scale in depth (ticks in metres). */
import { formatNumber, useI18n } from '../../../i18n/i18n';
import { useSvgUnits } from '../svg-units';
import { ticks } from '../crane/crane-geometry';

const W = 300;
const GROUND_Y = 120;
const PX_PER_M = 5;
const MAST_PX = 100;

/** The SVG; `depthRange` from the site file. */
export function RigView({ depth, mastAngle, depthRange, drilling, stale }: { depth: number | undefined; mastAngle: number | undefined; depthRange: readonly [number, number]; drilling: boolean; stale: boolean }) {
  const { t, locale } = useI18n();
  const units = useSvgUnits(W);
  const height = GROUND_Y + (depthRange[1] - depthRange[0]) * PX_PER_M + 24;
  const cx = 170;
  const y = (m: number) => GROUND_Y + (m - depthRange[0]) * PX_PER_M;
  const angle = mastAngle ?? 0;
  return (
    <svg ref={units} className={`rig-view${stale ? ' stale' : ''}`} viewBox={`0 0 ${W} ${height}`} role="img" aria-label={t('panel.rig.viewLabel')} data-testid="rig-view">
      <rect className="earth" x={0} y={GROUND_Y} width={W} height={height - GROUND_Y} />
      <line className="ground" x1={52} x2={W} y1={GROUND_Y} y2={GROUND_Y} />
      {ticks(depthRange, 10).map((m) => (
        <g key={m} className="axis">
          <line x1={44} x2={50} y1={y(m)} y2={y(m)} />
          <text x={40} y={y(m) + 4} textAnchor="end">
            {formatNumber(m, 0, locale)} m
          </text>
        </g>
      ))}
      {mastAngle !== undefined && (
        <g transform={`rotate(${angle} ${cx} ${GROUND_Y})`} data-testid="rig-mast">
          <rect className="mast" x={cx - 5} y={GROUND_Y - MAST_PX} width={10} height={MAST_PX} />
        </g>
      )}
      {depth !== undefined && <rect className={drilling ? 'hole drilling' : 'hole'} x={cx - 3} y={GROUND_Y} width={6} height={Math.max(0, depth - depthRange[0]) * PX_PER_M} data-testid="rig-hole" />}
      <rect className="plan" x={cx - 3} y={GROUND_Y} width={6} height={(depthRange[1] - depthRange[0]) * PX_PER_M} />
    </svg>
  );
}
