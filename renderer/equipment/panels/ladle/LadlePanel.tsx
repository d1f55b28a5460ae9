/** Level-2 panel of a ladle crane: hoist height with the pour zone, tilt, hook load, steel temperature. */
import { useI18n } from '../../../i18n/i18n';
import type { PanelProps } from '../panel-props';
import { Gauge } from '../values/Gauge';
import { Readout } from '../values/Readout';
import { freshIs } from '../values/stale';
import { useTag } from '../values/use-tag';
import { LadleView } from './LadleView';
import './ladle.css';

/** The simulator's (and the interlock's) pour zone: hoist between 8 and 12 m. */
const POUR_ZONE = [8, 12] as const;

/** The ladle-crane panel body. */
export function LadlePanel({ equipment, now }: PanelProps) {
  const { t } = useI18n();
  const hoist = useTag(equipment, 'hoistPosition', now);
  const hoistSpeed = useTag(equipment, 'hoistSpeed', now);
  const tilt = useTag(equipment, 'tiltAngle', now);
  const tiltSpeed = useTag(equipment, 'tiltSpeed', now);
  const load = useTag(equipment, 'hookLoad', now);
  const steel = useTag(equipment, 'steelTemperature', now);
  const upright = useTag(equipment, 'upright', now);
  const pourZone = useTag(equipment, 'inPourZone', now);
  const overload = useTag(equipment, 'overload', now);
  const remote = useTag(equipment, 'remoteMode', now);
  const fault = useTag(equipment, 'anyFault', now);
  return (
    <div className="type-panel ladle-panel">
      <figure className="ladle-figure">
        <LadleView hoist={hoist.value} tilt={tilt.value} range={hoist.tag?.range ?? [0, 30]} pourZone={POUR_ZONE} stale={hoist.stale || tilt.stale} />
        <figcaption className="muted">{t('panel.ladle.legend')}</figcaption>
      </figure>
      <div className="ladle-values">
        <div className="readouts">
          <Readout name="hoistPosition" view={hoist} />
          <Readout name="hoistSpeed" view={hoistSpeed} />
          <Readout name="tiltAngle" view={tilt} />
          <Readout name="tiltSpeed" view={tiltSpeed} />
          <Readout name="upright" view={upright} />
          <Readout name="inPourZone" view={pourZone} />
        </div>
        <div className="gauges">
          <div className="gauge-row">
            <Readout name="hookLoad" view={load} abnormal={freshIs(overload, 1)} />
            <Gauge value={load.value} range={load.tag?.range ?? [0, 250]} stale={load.stale} abnormal={freshIs(overload, 1)} testId="load-gauge" />
          </div>
          <div className="gauge-row">
            <Readout name="steelTemperature" view={steel} />
            <Gauge value={steel.value} range={steel.tag?.range ?? [1000, 1800]} stale={steel.stale} testId="temperature-gauge" />
          </div>
        </div>
        <div className="readouts status">
          <Readout name="remoteMode" view={remote} abnormal={freshIs(remote, 0)} />
          <Readout name="anyFault" view={fault} abnormal={freshIs(fault, 1)} />
          <Readout name="overload" view={overload} abnormal={freshIs(overload, 1)} />
        </div>
      </div>
    </div>
  );
}
