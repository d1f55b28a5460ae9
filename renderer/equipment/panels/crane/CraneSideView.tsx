/**
 * Side view of the container crane, to scale: girder over the trolley's range, trolley, hoist ropes, spreader with
 * twistlocks and the container it carries. The trolley and spreader are also drawn dashed where they are predicted
 * to be now (see predict.ts), labelled "predicted". Stale positions are drawn hollow and dashed-grey.
 */
import { formatNumber, useI18n } from '../../../i18n/i18n';
import { useSvgUnits } from '../svg-units';
import { notLiveWord, type ValueStatus } from '../values/value-status';
import { CONTAINER_M, SPREADER_M, TROLLEY_M, ticks, type CraneScale } from './crane-geometry';
import type { Prediction } from './predict';

/** What the view draws. Positions in metres; undefined before the first value. */
export interface CraneDrawing {
  trolley: number | undefined;
  hoist: number | undefined;
  stale: boolean;
  /** What the positions are while not live (the worse of the two), named in the drawing's note; stale if not given. */
  positionStatus?: ValueStatus;
  trolleyPredicted: Prediction | undefined;
  hoistPredicted: Prediction | undefined;
  /** Undefined: not known (its tag is not live), drawn as an outline. */
  containerOnSpreader: boolean | undefined;
  /** Twistlock state text from the site file, and whether they are locked (undefined: not known, not drawn). */
  twistlocks: string | undefined;
  /** Set (and not good) while the twistlock tag is not live: unknown, named for what it is. */
  twistlocksStatus?: ValueStatus;
  locked: boolean | undefined;
}

/** The SVG; `trolleyRange` and `hoistRange` come from the site file. */
export function CraneSideView({ scale: s, trolleyRange, hoistRange, drawing: d }: { scale: CraneScale; trolleyRange: readonly [number, number]; hoistRange: readonly [number, number]; drawing: CraneDrawing }) {
  const { t, locale } = useI18n();
  const units = useSvgUnits(s.width);
  const girderY = s.y(s.girderM);
  const trolleyY = girderY - TROLLEY_M.height * s.pxPerM;
  const twistlocksUnknown = d.twistlocksStatus !== undefined && d.twistlocksStatus !== 'good';
  const showGhost = !d.stale && d.trolleyPredicted !== undefined && d.hoistPredicted !== undefined;
  // Notes go on the side of the trolley with more room.
  const side = (m: number, halfWidthM: number) => {
    const right = m < (trolleyRange[0] + trolleyRange[1]) / 2;
    return { x: s.x(m) + (right ? 1 : -1) * (halfWidthM * s.pxPerM + 8), textAnchor: right ? ('start' as const) : ('end' as const) };
  };
  return (
    <svg ref={units} className={`crane-view${d.stale ? ' stale' : ''}`} viewBox={`0 0 ${s.width} ${s.height.toFixed(0)}`} role="img" aria-label={t('panel.crane.viewLabel')} data-testid="crane-view">
      {/* height axis */}
      {ticks(hoistRange, 10).map((m) => (
        <g key={`h${m}`} className="axis">
          <line x1={s.x(trolleyRange[0]) - 6} x2={s.x(trolleyRange[0])} y1={s.y(m)} y2={s.y(m)} />
          <text x={s.x(trolleyRange[0]) - 9} y={s.y(m) + 5} textAnchor="end">
            {formatNumber(m, 0, locale)} m
          </text>
        </g>
      ))}
      {/* quay and landing level */}
      <line className="ground" x1={s.x(trolleyRange[0])} x2={s.x(trolleyRange[1])} y1={s.y(s.groundM)} y2={s.y(s.groundM)} />
      <line className="landing" x1={s.x(trolleyRange[0])} x2={s.x(trolleyRange[1])} y1={s.y(0)} y2={s.y(0)} />
      {ticks(trolleyRange, 10).map((m) => (
        <text key={`x${m}`} className="axis" x={s.x(m)} y={s.y(s.groundM) + 18} textAnchor="middle">
          {formatNumber(m, 0, locale)}
        </text>
      ))}
      <text className="axis-note" x={s.x(trolleyRange[0])} y={s.height - 2}>
        {t('panel.crane.landside')}
      </text>
      <text className="axis-note" x={s.x(trolleyRange[1])} y={s.height - 2} textAnchor="end">
        {t('panel.crane.waterside')}
      </text>
      {/* girder over the trolley's travel */}
      <rect className="girder" x={s.x(trolleyRange[0]) - 4} y={girderY} width={s.x(trolleyRange[1]) - s.x(trolleyRange[0]) + 8} height={4} />
      {showGhost && d.trolleyPredicted && d.hoistPredicted && (
        <g className="ghost" data-testid="crane-predicted">
          <Hoisted s={s} trolley={d.trolleyPredicted.position} hoist={d.hoistPredicted.position} trolleyY={trolleyY} container={d.containerOnSpreader} />
          <text className="ghost-label" {...side(d.trolleyPredicted.position, TROLLEY_M.width / 2)} y={trolleyY + (TROLLEY_M.height / 2) * s.pxPerM + 5} data-testid="predicted-label">
            {/* To 10 ms: the horizon moves with every frame's age, and a figure changing each frame only flickers. */}
            {t('panel.crane.predicted', { ms: formatNumber(Math.round(d.trolleyPredicted.horizonMs / 10) * 10, 0, locale) })}
          </text>
        </g>
      )}
      {d.trolley !== undefined && d.hoist !== undefined && (
        <g className="actual" data-testid="crane-actual">
          <Hoisted s={s} trolley={d.trolley} hoist={d.hoist} trolleyY={trolleyY} container={d.containerOnSpreader} locked={d.locked} />
          <text className="spreader-note" {...side(d.trolley, SPREADER_M.width / 2)} y={s.y(d.hoist + SPREADER_M.height / 2) + 5}>
            {twistlocksUnknown ? t('panel.crane.twistlocksUnknown', { status: t(notLiveWord(d.twistlocksStatus as ValueStatus)) }) : d.twistlocks ? t('panel.crane.twistlocks', { state: d.twistlocks }) : ''}
          </text>
          {d.stale && (
            <text className="stale-note" {...side(d.trolley, TROLLEY_M.width / 2)} y={trolleyY + (TROLLEY_M.height / 2) * s.pxPerM + 5}>
              {t('panel.crane.staleDrawing', { status: t(notLiveWord(d.positionStatus ?? 'stale')) })}
            </text>
          )}
        </g>
      )}
    </svg>
  );
}

/** Trolley, ropes, spreader (with twistlock marks) and the container if carried, at one trolley/hoist position. */
function Hoisted({ s, trolley, hoist, trolleyY, container, locked }: { s: CraneScale; trolley: number; hoist: number; trolleyY: number; container: boolean | undefined; locked?: boolean | undefined }) {
  const cx = s.x(trolley);
  const spreaderTop = s.y(hoist + SPREADER_M.height);
  const half = (SPREADER_M.width / 2) * s.pxPerM;
  return (
    <>
      <rect className="trolley" x={cx - (TROLLEY_M.width / 2) * s.pxPerM} y={trolleyY} width={TROLLEY_M.width * s.pxPerM} height={TROLLEY_M.height * s.pxPerM} />
      <line className="rope" x1={cx - half * 0.6} x2={cx - half * 0.6} y1={trolleyY + TROLLEY_M.height * s.pxPerM} y2={spreaderTop} />
      <line className="rope" x1={cx + half * 0.6} x2={cx + half * 0.6} y1={trolleyY + TROLLEY_M.height * s.pxPerM} y2={spreaderTop} />
      <rect className="spreader" x={cx - half} y={spreaderTop} width={2 * half} height={SPREADER_M.height * s.pxPerM} />
      {locked !== undefined && (
        <g className={locked ? 'twistlock locked' : 'twistlock'}>
          <rect x={cx - half} y={s.y(hoist)} width={3} height={4} />
          <rect x={cx + half - 3} y={s.y(hoist)} width={3} height={4} />
        </g>
      )}
      {container !== false && (
        <rect className={container ? 'container' : 'container unknown'} x={cx - (CONTAINER_M.width / 2) * s.pxPerM} y={s.y(hoist)} width={CONTAINER_M.width * s.pxPerM} height={CONTAINER_M.height * s.pxPerM} data-testid={container ? undefined : 'crane-container-unknown'} />
      )}
    </>
  );
}
