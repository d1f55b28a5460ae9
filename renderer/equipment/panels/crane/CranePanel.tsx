/** Level-2 panel of a container crane: the to-scale side view with the predicted ghost, gantry and wind gauges, key values. */
import { useI18n } from '../../../i18n/i18n';
import type { PanelProps } from '../panel-props';
import { Gauge } from '../values/Gauge';
import { Readout } from '../values/Readout';
import { fresh, freshIs } from '../values/stale';
import { useTag } from '../values/use-tag';
import { worstStatus } from '../values/value-status';
import { craneScale } from './crane-geometry';
import { CraneSideView } from './CraneSideView';
import { predictFromViews } from './predict';
import './crane.css';

const VIEW_WIDTH = 900;

/** The container-crane panel body. */
export function CranePanel({ equipment, now, link }: PanelProps) {
  const { t } = useI18n();
  const trolley = useTag(equipment, 'trolleyPosition', now);
  const trolleySpeed = useTag(equipment, 'trolleySpeed', now);
  const hoist = useTag(equipment, 'hoistPosition', now);
  const hoistSpeed = useTag(equipment, 'hoistSpeed', now);
  const gantry = useTag(equipment, 'gantryPosition', now);
  const gantrySpeed = useTag(equipment, 'gantrySpeed', now);
  const load = useTag(equipment, 'loadWeight', now);
  const wind = useTag(equipment, 'windSpeed', now);
  const windLimit = useTag(equipment, 'windLimit', now);
  const windHigh = useTag(equipment, 'windHigh', now);
  const twistlocks = useTag(equipment, 'twistlockState', now);
  const container = useTag(equipment, 'containerOnSpreader', now);
  const landed = useTag(equipment, 'spreaderLanded', now);
  const remote = useTag(equipment, 'remoteMode', now);
  const fault = useTag(equipment, 'anyFault', now);

  const trolleyRange = trolley.tag?.range ?? [-25, 65];
  const hoistRange = hoist.tag?.range ?? [0, 45];
  const scale = craneScale(trolleyRange, hoistRange, VIEW_WIDTH);
  const predict = (pos: typeof trolley, speed: typeof trolley, range: readonly [number, number]) => predictFromViews(pos, speed, link.rttP50Ms, range);

  return (
    <div className="type-panel crane-panel">
      <div className="crane-top">
        <figure className="crane-figure">
          <CraneSideView
            scale={scale}
            trolleyRange={trolleyRange}
            hoistRange={hoistRange}
            drawing={{
              trolley: trolley.value,
              hoist: hoist.value,
              stale: trolley.stale || hoist.stale,
              positionStatus: worstStatus(trolley.status, hoist.status),
              trolleyPredicted: predict(trolley, trolleySpeed, trolleyRange),
              hoistPredicted: predict(hoist, hoistSpeed, hoistRange),
              // Each from its own tag, read at its own rate: unknown (not drawn as a fact) while that tag is not live.
              containerOnSpreader: container.stale ? undefined : container.value === 1,
              twistlocks: twistlocks.stale ? undefined : twistlocks.text,
              twistlocksStatus: twistlocks.status,
              locked: twistlocks.stale ? undefined : twistlocks.value === 2,
            }}
          />
          <figcaption className="muted">{link.rttP50Ms === undefined ? t('panel.crane.noPrediction') : t('panel.crane.legend')}</figcaption>
        </figure>
        <div className="readouts stack">
          <Readout name="trolleyPosition" view={trolley} />
          <Readout name="trolleySpeed" view={trolleySpeed} />
          <Readout name="hoistPosition" view={hoist} />
          <Readout name="hoistSpeed" view={hoistSpeed} />
          <Readout name="loadWeight" view={load} />
          <Readout name="twistlockState" view={twistlocks} abnormal={freshIs(twistlocks, 0)} />
        </div>
      </div>
      <div className="gauges two">
        <div className="gauge-block" data-testid="gantry-gauge">
          <Readout name="gantryPosition" view={gantry} extra={gantrySpeed.text !== undefined && !gantrySpeed.stale ? `${gantrySpeed.label} ${gantrySpeed.text} ${gantrySpeed.unit}` : undefined} />
          <Gauge value={gantry.value} range={gantry.tag?.range ?? [0, 400]} stale={gantry.stale} />
        </div>
        <div className="gauge-block" data-testid="wind-gauge">
          <Readout name="windSpeed" view={wind} abnormal={freshIs(windHigh, 1)} extra={windLimit.text !== undefined && !windLimit.stale ? `${windLimit.label} ${windLimit.text} ${windLimit.unit}` : undefined} />
          <Gauge value={wind.value} range={wind.tag?.range ?? [0, 40]} limit={fresh(windLimit)} limitLabel={windLimit.label} stale={wind.stale} abnormal={freshIs(windHigh, 1)} />
        </div>
      </div>
      <div className="readouts status">
        <Readout name="containerOnSpreader" view={container} />
        <Readout name="spreaderLanded" view={landed} />
        <Readout name="remoteMode" view={remote} abnormal={freshIs(remote, 0)} />
        <Readout name="anyFault" view={fault} abnormal={freshIs(fault, 1)} />
        <Readout name="windHigh" view={windHigh} abnormal={freshIs(windHigh, 1)} />
      </div>
    </div>
  );
}
