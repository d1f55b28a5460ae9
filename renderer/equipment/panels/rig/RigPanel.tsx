/** Level-2 panel of a drill rig: depth and penetration rate, rotation, feed force, pressures, mast angle, engine. */
import { useI18n } from '../../../i18n/i18n';
import type { PanelProps } from '../panel-props';
import { Gauge } from '../values/Gauge';
import { Readout } from '../values/Readout';
import { fresh, freshIs } from '../values/stale';
import { useTag, type TagView } from '../values/use-tag';
import { RigView } from './RigView';
import './rig.css';

/** Hammer pressure at which the simulated rig latches a drive fault (ADDRESS-SPACE.md), drawn as the gauge's limit. */
const HAMMER_TRIP_BAR = 230;

/** "setpoint 90 rpm" for a readout's extra line. */
function setpointText(setpoint: TagView, word: string): string | undefined {
  // A stale setpoint beside a live reading would read as the target now: left out until it is confirmed again.
  return setpoint.text === undefined || setpoint.stale ? undefined : `${word} ${setpoint.text} ${setpoint.unit}`;
}

/** The drill-rig panel body. */
export function RigPanel({ equipment, now }: PanelProps) {
  const { t } = useI18n();
  const depth = useTag(equipment, 'depth', now);
  const rate = useTag(equipment, 'penetrationRate', now);
  const rotation = useTag(equipment, 'rotationSpeed', now);
  const rotationSp = useTag(equipment, 'rotationSetpoint', now);
  const feed = useTag(equipment, 'feedForce', now);
  const feedSp = useTag(equipment, 'feedSetpoint', now);
  const hammer = useTag(equipment, 'hammerPressure', now);
  const flushing = useTag(equipment, 'flushingPressure', now);
  const mast = useTag(equipment, 'mastAngle', now);
  const mastSp = useTag(equipment, 'mastAngleSetpoint', now);
  const engine = useTag(equipment, 'engineState', now);
  const drilling = useTag(equipment, 'drilling', now);
  const hole = useTag(equipment, 'holeId', now);
  const faults = useTag(equipment, 'faults', now);
  const word = t('panel.setpoint');
  return (
    <div className="type-panel rig-panel">
      <figure className="rig-figure">
        <RigView depth={depth.value} mastAngle={mast.value} depthRange={depth.tag?.range ?? [0, 60]} drilling={freshIs(drilling, 1)} stale={depth.stale || mast.stale} />
        <figcaption className="muted">{t('panel.rig.legend')}</figcaption>
      </figure>
      <div className="rig-values">
        <div className="readouts">
          <Readout name="depth" view={depth} />
          <Readout name="penetrationRate" view={rate} />
          <Readout name="rotationSpeed" view={rotation} extra={setpointText(rotationSp, word)} />
          <Readout name="feedForce" view={feed} extra={setpointText(feedSp, word)} />
          <Readout name="mastAngle" view={mast} extra={setpointText(mastSp, word)} />
          <Readout name="flushingPressure" view={flushing} />
        </div>
        <div className="gauges">
          <div className="gauge-row">
            <Readout name="hammerPressure" view={hammer} abnormal={(fresh(hammer) ?? 0) > 220} extra={t('panel.rig.hammerTripAt', { bar: HAMMER_TRIP_BAR })} />
            <Gauge value={hammer.value} range={hammer.tag?.range ?? [0, 260]} limit={HAMMER_TRIP_BAR} limitLabel={t('panel.rig.hammerTrip')} stale={hammer.stale} abnormal={(fresh(hammer) ?? 0) > 220} testId="hammer-gauge" />
          </div>
        </div>
        <div className="readouts status">
          <Readout name="engineState" view={engine} />
          <Readout name="drilling" view={drilling} />
          <Readout name="holeId" view={hole} />
          <Readout name="faults" view={faults} abnormal={(faults.value ?? 0) !== 0} />
        </div>
      </div>
    </div>
  );
}
